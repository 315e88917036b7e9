import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateLimitTracker } from "../../src/floqer/rateLimit.js";

describe("rate-limit tracking", () => {
  it("lets requests go while plenty is left or nothing is known", () => {
    const tracker = new RateLimitTracker();
    assert.equal(tracker.waitBeforeSendingMs(0), 0);
    tracker.observe({ "x-ratelimit-remaining": "150", "x-ratelimit-reset": "60" }, 0);
    assert.equal(tracker.waitBeforeSendingMs(1000), 0);
  });

  it("holds the next request until the reset when the window is nearly spent", () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "60" }, 0);
    assert.equal(tracker.waitBeforeSendingMs(1000), 0);
    tracker.noteSent();
    assert.equal(tracker.waitBeforeSendingMs(1000), 59_000);
    assert.equal(tracker.waitBeforeSendingMs(60_000), 0, "after the reset the window is fresh");
    assert.equal(tracker.waitBeforeSendingMs(59_000), 0, "and stays fresh until new headers say otherwise");
  });

  it("ignores missing or malformed headers", () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ "x-ratelimit-remaining": "0" });
    tracker.observe({ "x-ratelimit-remaining": "soon", "x-ratelimit-reset": "60" });
    assert.equal(tracker.waitBeforeSendingMs(0), 0);
  });

  it("bounds a reset that is not a plausible unix time, then lets one request probe", () => {
    const now = Date.UTC(2026, 10, 27);
    for (const reset of [String(now + 60_000), "99999999999999", "-5"]) {
      const tracker = new RateLimitTracker();
      tracker.observe({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, now);
      const hold = tracker.waitBeforeSendingMs(now);
      assert.ok(hold > 0 && hold <= 60_000, `${reset}: held ${hold} ms`);
      assert.equal(tracker.waitBeforeSendingMs(now + 60_000), 0, `${reset}: a probe goes after the bound`);
    }
    const daily = new RateLimitTracker();
    daily.observe({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 3600) }, now);
    assert.equal(daily.waitBeforeSendingMs(now), 3_600_000, "a real reset an hour away is kept");
  });
});
