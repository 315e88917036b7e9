import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeWait, PROBE_AFTER_MS, RateLimitTracker } from "../../src/floqer/rateLimit.js";

const NOW = Date.UTC(2026, 10, 27);
const HOUR = 3_600_000;

/** A tracker on a clock the test moves. */
function tracked(start = NOW) {
  const clock = { now: start };
  const tracker = new RateLimitTracker({ now: () => clock.now });
  return { clock, tracker };
}

/** Headers of a window with `remaining` requests left that resets `inMs` from `nowMs`. */
function window(remaining: number, nowMs: number, inMs: number) {
  return { "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": String((nowMs + inMs) / 1000) };
}

/** Sends one request through the tracker, as the client does, and answers it. */
function send(tracker: RateLimitTracker, status: number, headers: Record<string, string> = {}): void {
  const ticket = tracker.noteSent();
  tracker.observe(headers, status, ticket);
}

describe("rate-limit tracking", () => {
  it("lets requests go while plenty is left or nothing is known", () => {
    const { clock, tracker } = tracked();
    assert.equal(tracker.holdBeforeSending(), undefined);
    send(tracker, 200, window(150, NOW, 60_000));
    clock.now += 1000;
    assert.equal(tracker.holdBeforeSending(), undefined);
  });

  it("holds the next request until the reset when the window is nearly spent", () => {
    const { clock, tracker } = tracked();
    send(tracker, 200, window(3, NOW, 60_000));
    clock.now += 1000;
    assert.equal(tracker.holdBeforeSending(), undefined);
    tracker.noteSent();
    assert.deepEqual(tracker.holdBeforeSending(), { waitMs: 59_000, resetInMs: 59_000, probing: false });
    clock.now = NOW + 60_000;
    assert.equal(tracker.holdBeforeSending(), undefined, "after the reset the window is fresh");
    clock.now = NOW + 59_000;
    assert.equal(tracker.holdBeforeSending(), undefined, "and stays fresh until new headers say otherwise");
  });

  it("ignores missing or malformed headers on an error answer", () => {
    const { tracker } = tracked();
    tracker.observe({ "x-ratelimit-remaining": "0" }, 500);
    tracker.observe({ "x-ratelimit-remaining": "soon", "x-ratelimit-reset": "60" }, 503);
    assert.equal(tracker.holdBeforeSending(), undefined);
  });

  it("bounds a reset that is not a plausible unix time, then lets one request probe", () => {
    for (const reset of [String(NOW + 60_000), "99999999999999", "-5"]) {
      const { clock, tracker } = tracked();
      send(tracker, 200, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
      const hold = tracker.holdBeforeSending();
      assert.ok(hold && hold.waitMs > 0 && hold.waitMs <= 60_000, `${reset}: held ${hold?.waitMs} ms`);
      clock.now += 60_000;
      assert.equal(tracker.holdBeforeSending(), undefined, `${reset}: a probe goes after the bound`);
    }
  });

  it("holds at most a minute for a believable reset hours away, then lets one probe go", () => {
    const { clock, tracker } = tracked();
    send(tracker, 200, window(0, NOW, 23 * HOUR));
    assert.deepEqual(tracker.holdBeforeSending(), {
      waitMs: PROBE_AFTER_MS,
      resetInMs: 23 * HOUR,
      probing: false,
    });
    clock.now += 30_000;
    assert.equal(tracker.holdBeforeSending()?.waitMs, 30_000, "the minute counts from the first hold");
    clock.now += 30_000;
    assert.equal(tracker.holdBeforeSending(), undefined, "the probe goes");
    assert.equal(tracker.holdBeforeSending()?.probing, true, "alone: the next one holds while it is out");
    const probe = tracker.noteSent();
    assert.equal(tracker.holdBeforeSending()?.probing, true);
    tracker.observe({}, 200, probe);
    assert.equal(tracker.holdBeforeSending(), undefined, "a success without headers clears the hold");
    assert.equal(tracker.holdBeforeSending(), undefined);
  });

  it("takes the probe's headers as the new state", () => {
    const { clock, tracker } = tracked();
    send(tracker, 200, window(0, NOW, 23 * HOUR));
    tracker.holdBeforeSending();
    clock.now += PROBE_AFTER_MS;
    assert.equal(tracker.holdBeforeSending(), undefined);
    send(tracker, 200, window(150, clock.now, 40_000));
    assert.equal(tracker.holdBeforeSending(), undefined, "a fresh window: everyone goes");

    send(tracker, 200, window(0, clock.now, 23 * HOUR));
    assert.equal(tracker.holdBeforeSending()?.waitMs, PROBE_AFTER_MS, "still spent: a new minute");
    clock.now += PROBE_AFTER_MS;
    assert.equal(tracker.holdBeforeSending(), undefined, "and another probe after it");
  });

  it("re-arms the hold when the probe gets a 429, and the next probe goes a minute later", () => {
    const { clock, tracker } = tracked();
    send(tracker, 200, window(0, NOW, 23 * HOUR));
    tracker.holdBeforeSending();
    clock.now += PROBE_AFTER_MS;
    assert.equal(tracker.holdBeforeSending(), undefined);
    send(tracker, 429);
    const hold = tracker.holdBeforeSending();
    assert.equal(hold?.probing, false);
    assert.equal(hold?.waitMs, PROBE_AFTER_MS);
    clock.now += PROBE_AFTER_MS - 1;
    assert.ok(tracker.holdBeforeSending(), "held until the minute is up");
    clock.now += 1;
    assert.equal(tracker.holdBeforeSending(), undefined);
  });

  it("lets the next request probe when the probe got no answer, or after a minute without one", () => {
    const { clock, tracker } = tracked();
    send(tracker, 200, window(0, NOW, 23 * HOUR));
    tracker.holdBeforeSending();
    clock.now += PROBE_AFTER_MS;
    assert.equal(tracker.holdBeforeSending(), undefined);
    tracker.noteUnanswered(tracker.noteSent());
    assert.equal(tracker.holdBeforeSending(), undefined, "a lost probe: the next request asks");
    tracker.noteSent();
    assert.equal(tracker.holdBeforeSending()?.probing, true);
    clock.now += PROBE_AFTER_MS;
    assert.equal(tracker.holdBeforeSending(), undefined, "a probe never answered frees its place");
  });

  it("does not take an answer to an earlier request for the probe's", () => {
    const { clock, tracker } = tracked();
    const earlier = tracker.noteSent();
    send(tracker, 200, window(0, NOW, 23 * HOUR));
    tracker.holdBeforeSending();
    clock.now += PROBE_AFTER_MS;
    assert.equal(tracker.holdBeforeSending(), undefined);
    tracker.noteSent();
    tracker.observe(window(0, clock.now, 23 * HOUR), 200, earlier);
    assert.equal(tracker.holdBeforeSending()?.probing, true, "the probe is still out");
  });

  it("says a wait as a person would", () => {
    assert.equal(describeWait(1), "1 second");
    assert.equal(describeWait(1_001), "2 seconds");
    assert.equal(describeWait(60_000), "60 seconds");
    assert.equal(describeWait(12 * 60_000), "about 12 minutes");
    assert.equal(describeWait(23 * HOUR - 5_000), "about 23 hours");
  });
});
