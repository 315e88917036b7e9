import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AnsweredQuestions } from "../../src/guard/answeredQuestions.js";

describe("answered question ids", () => {
  it("take one answer each: a second is refused", () => {
    const answered = new AnsweredQuestions(10, () => 0);
    assert.deepEqual(answered.record("q1", 1000), { outcome: "recorded" });
    assert.deepEqual(answered.record("q1", 1000), { outcome: "already" });
    assert.deepEqual(answered.record("q2", 1000), { outcome: "recorded" });
    assert.equal(answered.has("q1"), true);
    assert.equal(answered.has("q3"), false);
  });

  it("when full, take no answer, and say when the first remembered id expires", () => {
    let now = 0;
    const answered = new AnsweredQuestions(2, () => now);
    answered.record("q1", 5000);
    answered.record("q2", 3000);
    assert.equal(answered.fullUntil(), 3000);
    assert.deepEqual(answered.record("q3", 9000), { outcome: "full", until: 3000 });
    // Full or not, an id already answered stays refused as such.
    assert.deepEqual(answered.record("q1", 5000), { outcome: "already" });
    now = 3000;
    assert.equal(answered.fullUntil(), undefined, "q2 has expired: there is room");
    assert.deepEqual(answered.record("q3", 9000), { outcome: "recorded" });
    assert.equal(answered.size, 2, "never more than the bound");
    assert.equal(answered.has("q1"), true, "an id is remembered until it expires");
  });

  it("stay within the bound however many answers come", () => {
    let now = 0;
    const answered = new AnsweredQuestions(100, () => now);
    for (let i = 0; i < 10_000; i++) {
      now = i;
      const outcome = answered.record(`q${i}`, i + 250).outcome;
      assert.ok(outcome === "recorded" || outcome === "full");
      assert.ok(answered.size <= 100);
    }
  });
});
