import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorForStatus, FloqerError } from "../../src/floqer/errors.js";
import { DEFAULT_RETRY_POLICY, retryDelayMs, shouldRetry } from "../../src/floqer/retry.js";

const status = (code: number, retryAfterSeconds?: number) =>
  errorForStatus({ status: code, subject: "ids", retryAfterSeconds });

describe("retry policy", () => {
  it("retries reads on 429, 5xx other than 502, timeouts and resets", () => {
    for (const error of [status(429), status(500), status(503), status(504)]) {
      assert.equal(shouldRetry("read", error), true, error.message);
    }
    assert.equal(shouldRetry("read", new FloqerError("timeout", "t")), true);
    assert.equal(shouldRetry("read", new FloqerError("network", "n")), true);
  });

  it("repeats the configure write only when the first try cannot have been processed", () => {
    const refused = new FloqerError("network", "n", { fault: "ECONNREFUSED" });
    const reset = new FloqerError("network", "n", { outcomeUnknown: true, fault: "ECONNRESET" });
    const timedOut = new FloqerError("timeout", "t", { outcomeUnknown: true, fault: "t" });
    assert.equal(shouldRetry("idempotent_write", status(429)), true);
    assert.equal(shouldRetry("idempotent_write", refused), true);
    for (const error of [reset, timedOut, status(500), status(503), status(504)]) {
      assert.equal(error.outcomeUnknown, true, error.message);
      assert.equal(shouldRetry("idempotent_write", error), false, error.message);
    }
  });

  it("never repeats Add Action, whatever the failure", () => {
    const refused = new FloqerError("network", "n", { fault: "ECONNREFUSED" });
    for (const error of [status(429), status(503), refused, new FloqerError("timeout", "t")]) {
      assert.equal(shouldRetry("write", error), false, error.message);
    }
  });

  it("takes a 5xx as possibly applied and a 4xx as refused", () => {
    for (const code of [500, 502, 503, 504]) assert.equal(status(code).outcomeUnknown, true, String(code));
    for (const code of [400, 401, 403, 404, 409, 424, 429]) {
      assert.equal(status(code).outcomeUnknown, false, String(code));
    }
  });

  it("never retries client errors or the failed Salesforce session refresh", () => {
    for (const code of [400, 401, 403, 404, 424, 502]) {
      assert.equal(shouldRetry("read", status(code)), false, String(code));
      assert.equal(shouldRetry("idempotent_write", status(code)), false, String(code));
    }
    assert.equal(shouldRetry("read", new FloqerError("unexpected_response", "u")), false);
    assert.equal(shouldRetry("read", new FloqerError("cancelled", "c")), false);
  });

  it("backs off exponentially with jitter, capped, or waits what the upstream asked", () => {
    const error = status(503);
    assert.equal(
      retryDelayMs(1, DEFAULT_RETRY_POLICY, error, () => 0),
      100,
    );
    assert.equal(
      retryDelayMs(1, DEFAULT_RETRY_POLICY, error, () => 1),
      200,
    );
    assert.equal(
      retryDelayMs(2, DEFAULT_RETRY_POLICY, error, () => 1),
      400,
    );
    assert.equal(
      retryDelayMs(20, DEFAULT_RETRY_POLICY, error, () => 1),
      2000,
    );
    assert.equal(retryDelayMs(1, DEFAULT_RETRY_POLICY, status(429, 3)), 3000);
  });
});

describe("upstream errors for the agent", () => {
  it("says what to do for each status", () => {
    assert.match(status(401).message, /FLOQER_API_KEY.*Settings, API keys/);
    assert.match(status(403).message, /Connections/);
    assert.match(
      errorForStatus({ status: 404, subject: "workflow_id w1" }).message,
      /nothing at workflow_id w1/,
    );
    assert.match(status(424).message, /another team member.*key owner's account/);
    assert.match(status(429, 42).message, /Try again in 42 seconds/);
    assert.match(status(502).message, /reconnect Salesforce/);
    assert.match(status(500).message, /server error \(500\)/);
    assert.match(
      errorForStatus({ status: 400, subject: "x", fieldProblems: ["record_id: required"] }).message,
      /Problems Floqer listed: "record_id: required"/,
    );
    assert.equal(status(424).meansNotConnected, true);
    assert.equal(status(404).meansNotConnected, false);
  });
});
