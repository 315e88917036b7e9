import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { redact, redactDeep, registerSecret } from "../../src/log.js";
import "../support/seed.js";

const SECRET = "floq_live_9fK2mQ7xZa1bC3dE5gH";
registerSecret(SECRET);
const BARE = "Zq8wN3vL0pR6tY2uI4oP7aS9dF1gH5jK";
registerSecret(BARE);

describe("redaction", () => {
  it("removes a secret in any case, and split by spaces, line breaks or invisible characters", () => {
    for (const form of [
      BARE,
      BARE.toUpperCase(),
      BARE.toLowerCase(),
      [...BARE].join(" "),
      `${BARE.slice(0, 10)}\n${BARE.slice(10)}`,
      `${BARE.slice(0, 5)}\u200b${BARE.slice(5, 20)}\u00ad${BARE.slice(20)}`,
    ]) {
      const cleaned = redact(`name: ${form} (workflow)`);
      assert.equal(cleaned, "name: [redacted] (workflow)", JSON.stringify(form));
    }
  });

  it("removes a secret inside base64 or base64url text, at any alignment", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (before, after) => {
        const bytes = Buffer.from(`${before}${BARE}${after}`, "utf8");
        for (const encoded of [bytes.toString("base64"), bytes.toString("base64url")]) {
          assert.match(redact(encoded), /\[redacted\]/, encoded);
        }
      }),
    );
  });

  it("takes secrets with any characters, regular-expression ones included", () => {
    const odd = "tok-en.with+odd/chars(1)[2]{3}|^$*?\\end";
    registerSecret(odd);
    assert.equal(redact(`a ${odd} b`), "a [redacted] b");
    assert.equal(redact(`a ${odd.toUpperCase()} b`), "a [redacted] b");
  });

  it("removes anything shaped like a Floqer key, and leaves other text alone", () => {
    assert.equal(redact(`key ${SECRET.toUpperCase()}`), "key [redacted]");
    assert.equal(redact("key floq_someone_elses_key"), "key floq_[redacted]");
    assert.equal(redact("Lead Status, Contact Score"), "Lead Status, Contact Score");
    assert.equal(redact("QUJD"), "QUJD");
  });

  it("redacts every string of a structured value, keys included", () => {
    assert.deepEqual(redactDeep({ [BARE]: [{ label: `x ${BARE} y`, n: 3 }], ok: true }), {
      "[redacted]": [{ label: "x [redacted] y", n: 3 }],
      ok: true,
    });
  });
});
