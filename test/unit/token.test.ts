import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { ConfirmationSigner } from "../../src/guard/token.js";

const KEY = "floq_test_key_1234567890";
const SECRET = "s".repeat(40);

describe("confirmation tokens", () => {
  it("verifies a fresh token for the same key and carries how it was confirmed", () => {
    const signer = new ConfirmationSigner(SECRET, 1800);
    const { token, expiresAt } = signer.issue(KEY, "elicitation", Date.UTC(2026, 0, 1));
    assert.equal(expiresAt, "2026-01-01T00:30:00.000Z");
    const check = signer.verify(token, KEY, Date.UTC(2026, 0, 1, 0, 10));
    assert.equal(check.ok && check.claims.via, "elicitation");
  });

  it("never contains the key", () => {
    const { token } = new ConfirmationSigner(undefined, 60).issue(KEY, "agent");
    const decoded = Buffer.from(token.split(".")[1] ?? "", "base64url").toString();
    assert.ok(!token.includes(KEY) && !decoded.includes(KEY));
  });

  it("refuses expired tokens, tokens for another key, and tokens of another secret", () => {
    const signer = new ConfirmationSigner(SECRET, 60);
    const { token } = signer.issue(KEY, "agent", 0);
    assert.match(JSON.stringify(signer.verify(token, KEY, 61_000)), /expired/);
    assert.match(JSON.stringify(signer.verify(token, "floq_other", 1000)), /another Floqer API key/);
    assert.match(
      JSON.stringify(new ConfirmationSigner("t".repeat(40), 60).verify(token, KEY, 1000)),
      /invalid signature/,
    );
    assert.match(
      JSON.stringify(new ConfirmationSigner(undefined, 60).verify(token, KEY, 1000)),
      /invalid signature/,
    );
  });

  it("accepts the token on another instance sharing the secret", () => {
    const { token } = new ConfirmationSigner(SECRET, 60).issue(KEY, "agent");
    assert.equal(new ConfirmationSigner(SECRET, 60).verify(token, KEY).ok, true);
  });

  it("refuses forged and altered tokens", () => {
    const signer = new ConfirmationSigner(SECRET, 60);
    const { token } = signer.issue(KEY, "agent");
    const [prefix, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const extended = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString(
      "base64url",
    );
    for (const forged of [
      `${prefix}.${extended}.${signature}`,
      `${prefix}.${payload}.${signature.slice(0, -2)}AA`,
      `${prefix}.${payload}`,
      "fsc1.e30.",
      "confirmed",
      "",
      `fsc2.${payload}.${signature}`,
      // Strings that decode to the same bytes are not the same token.
      `${token}!`,
      `${token}=`,
      `${token} `,
      ` ${token}`,
      `${prefix}.${payload}=.${signature}`,
      `${prefix}.${payload}.${signature}%`,
    ]) {
      assert.equal(signer.verify(forged, KEY).ok, false, forged);
    }
  });
});

describe("question ids", () => {
  it("verify for the same key, and are never a confirmation token", () => {
    const signer = new ConfirmationSigner(SECRET, 60);
    const questionId = signer.issueQuestion(KEY, 0);
    assert.equal(signer.verifyQuestion(questionId, KEY, 1000).ok, true);
    assert.match(JSON.stringify(signer.verifyQuestion(questionId, KEY, 16 * 60_000)), /expired/);
    assert.match(
      JSON.stringify(signer.verifyQuestion(questionId, "floq_other", 1000)),
      /another Floqer API key/,
    );
    assert.equal(signer.verify(questionId, KEY, 1000).ok, false);
    const { token } = signer.issue(KEY, "agent", 0);
    assert.equal(signer.verifyQuestion(token, KEY, 1000).ok, false);
    // Same payload under the other prefix: the signature covers the prefix.
    const [, payload, signature] = token.split(".");
    assert.equal(signer.verifyQuestion(`fsq1.${payload}.${signature}`, KEY, 1000).ok, false);
  });
});

/** The claims inside a signed value, as anyone holding it can read them. */
function claimsOf(value: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(value.split(".")[1] ?? "", "base64url").toString());
}

describe("question ids' own ids", () => {
  it("each carries a nonce of its own, signed with it", () => {
    const signer = new ConfirmationSigner(SECRET, 60);
    const ids = Array.from({ length: 50 }, () => signer.issueQuestion(KEY, 0));
    const nonces = ids.map((id) => claimsOf(id).jti);
    for (const nonce of nonces) assert.match(String(nonce), /^[A-Za-z0-9_-]{22}$/);
    assert.equal(new Set(nonces).size, ids.length);
    const check = signer.verifyQuestion(ids[0] ?? "", KEY, 1000);
    assert.equal(check.ok && check.claims.jti, nonces[0]);
  });

  it("refuses a validly signed question id without one: its answer could not be recorded", () => {
    const signer = new ConfirmationSigner(SECRET, 60);
    const claims = { key: signer.fingerprint(KEY), iat: 0, exp: 900 };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const signature = createHmac("sha256", SECRET).update(`fsq1.${payload}`).digest("base64url");
    const check = signer.verifyQuestion(`fsq1.${payload}.${signature}`, KEY, 1000);
    assert.equal(check.ok, false);
    assert.match(JSON.stringify(check), /question_id is unreadable/);
  });
});

describe("binding to a session", () => {
  const signer = new ConfirmationSigner(SECRET, 60);

  it("a token bound to a session is good in that session only", () => {
    const { token } = signer.issue(KEY, "agent", 0, "session-a");
    assert.equal(claimsOf(token).sid, "session-a");
    assert.equal(signer.verify(token, KEY, 1000, "session-a").ok, true);
    for (const other of ["session-b", undefined]) {
      assert.match(JSON.stringify(signer.verify(token, KEY, 1000, other)), /belongs to another MCP session/);
    }
  });

  it("an unbound token is refused where a session is required, and carries no session", () => {
    const { token } = signer.issue(KEY, "agent", 0);
    assert.equal("sid" in claimsOf(token), false);
    assert.equal(signer.verify(token, KEY, 1000).ok, true);
    assert.match(
      JSON.stringify(signer.verify(token, KEY, 1000, "session-a")),
      /belongs to another MCP session/,
    );
  });

  it("a question id bound to a session is answered in that session only", () => {
    const questionId = signer.issueQuestion(KEY, 0, "session-a");
    assert.equal(signer.verifyQuestion(questionId, KEY, 1000, "session-a").ok, true);
    for (const other of ["session-b", undefined]) {
      const check = signer.verifyQuestion(questionId, KEY, 1000, other);
      assert.match(
        JSON.stringify(check),
        /question_id belongs to another MCP session.*ask the user the new question/,
      );
    }
  });
});
