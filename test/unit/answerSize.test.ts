import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cutText, fitAnswer, fitText } from "../../src/tools/answerSize.js";

describe("the answer ceiling", () => {
  it("passes a small answer as it is", () => {
    const answer = fitAnswer({ a: "x".repeat(100) }, 1024);
    assert.deepEqual(answer, {
      fits: true,
      structured: { a: "x".repeat(100) },
      text: JSON.stringify({ a: "x".repeat(100) }),
    });
  });

  it("shortens long strings, the least that fits, and says how far", () => {
    const big = { request: { body: Array.from({ length: 20 }, () => ({ value: "v".repeat(5_000) })) }, n: 3 };
    const answer = fitAnswer(big, 32 * 1024);
    assert.ok(answer.fits);
    assert.equal(answer.shortenedTo, 1_024);
    assert.ok(Buffer.byteLength(answer.text) <= 32 * 1024);
    assert.equal(answer.structured.n, 3);
    assert.match(JSON.stringify(answer.structured), /v{1024}…/);
  });

  it("refuses what no shortening brings under the ceiling", () => {
    const answer = fitAnswer({ items: Array.from({ length: 5_000 }, (_, index) => index) }, 1024);
    assert.equal(answer.fits, false);
  });
});

describe("a message under the ceiling", () => {
  it("passes a short message as it is, and cuts a long one at a character, marked", () => {
    assert.equal(fitText("short", 1024), "short");
    const cut = fitText("é".repeat(10_000), 1024);
    assert.ok(Buffer.byteLength(cut) <= 1024);
    assert.match(cut, /^é+\n\[cut here: the message was longer than this server sends at once\]$/);
  });

  it("never cuts a character in two", () => {
    assert.equal(cutText("ab😀cd", 3), "ab…");
    assert.equal(cutText("abc", 3), "abc");
  });
});
