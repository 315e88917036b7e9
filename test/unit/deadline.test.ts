import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deadline } from "../../src/deadline.js";

describe("deadline signals", () => {
  it("abort with the parent, carrying its reason", () => {
    const parent = new AbortController();
    const limit = deadline(parent.signal, 60_000);
    parent.abort(new Error("cancelled by the client"));
    assert.equal(limit.signal.aborted, true);
    assert.equal(limit.timedOut, false);
    assert.match(String(limit.signal.reason), /cancelled by the client/);
    limit.release();
  });

  it("abort with a TimeoutError when the time is up", async () => {
    const limit = deadline(undefined, 10);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(limit.signal.aborted, true);
    assert.equal(limit.timedOut, true);
    assert.equal((limit.signal.reason as Error).name, "TimeoutError");
  });

  it("let go of parent and timer once released", async () => {
    const parent = new AbortController();
    const limit = deadline(parent.signal, 10);
    limit.release();
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(limit.signal.aborted, false);
  });

  it("abort a signal read early, when the parent aborts or the time runs out after", async () => {
    const parent = new AbortController();
    const byParent = deadline(parent.signal, 60_000);
    const early = byParent.signal;
    assert.equal(early.aborted, false);
    parent.abort(new Error("cancelled"));
    assert.equal(early.aborted, true);
    assert.equal(byParent.timedOut, false);
    byParent.release();

    const byTime = deadline(undefined, 10);
    const read = byTime.signal;
    assert.equal(read.aborted, false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(read.aborted, true);
    assert.equal(byTime.timedOut, true);
    assert.equal(byTime.signal, read, "one signal, however often read");
  });

  it("hand out a signal nothing aborts once released, however late it is read", async () => {
    const parent = new AbortController();
    const limit = deadline(parent.signal, 5);
    limit.release();
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(limit.signal.aborted, false);
    assert.equal(limit.timedOut, false);
  });

  it("start aborted when the parent already is", () => {
    const parent = new AbortController();
    parent.abort();
    assert.equal(deadline(parent.signal, 1000).signal.aborted, true);
  });
});
