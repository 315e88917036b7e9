import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LoadCache } from "../../src/services/loadCache.js";

describe("options cache", () => {
  it("shares one load between concurrent callers and serves hits until the TTL", async () => {
    let now = 0;
    let loads = 0;
    const cache = new LoadCache<number>(1000, 10, () => now);
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    assert.deepEqual([a, b, loads], [1, 1, 1]);
    now = 999;
    assert.equal(await cache.get("k", load), 1);
    now = 1000;
    assert.equal(await cache.get("k", load), 2);
  });

  it("bypasses the cache on refresh and never keeps a failure", async () => {
    let loads = 0;
    const cache = new LoadCache<number>(60_000, 10);
    await cache.get("k", async () => ++loads);
    assert.equal(await cache.get("k", async () => ++loads, { refresh: true }), 2);
    await assert.rejects(cache.get("bad", async () => Promise.reject(new Error("boom"))));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await cache.get("bad", async () => 7), 7);
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = new LoadCache<string>(60_000, 2);
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("a", async () => "a2");
    await cache.get("c", async () => "c");
    assert.equal(cache.size, 2);
    assert.equal(await cache.get("a", async () => "reloaded"), "a");
    assert.equal(await cache.get("b", async () => "reloaded"), "reloaded");
  });

  it("aborts a shared load only when every waiter has cancelled", async () => {
    const cache = new LoadCache<string>(60_000, 10);
    let loadSignal: AbortSignal | undefined;
    let finish: (value: string) => void = () => {};
    const load = (signal: AbortSignal) => {
      loadSignal = signal;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.get("k", load, { signal: first.signal });
    const b = cache.get("k", load, { signal: second.signal });
    first.abort(new Error("first gave up"));
    await assert.rejects(a, /first gave up/);
    assert.equal(loadSignal?.aborted, false, "the second caller still waits");
    finish("done");
    assert.equal(await b, "done");

    const third = new AbortController();
    const c = cache.get("other", load, { signal: third.signal });
    third.abort(new Error("last one left"));
    await assert.rejects(c, /last one left/);
    assert.equal(loadSignal?.aborted, true, "nobody waits: the upstream request is aborted");
    assert.equal(await cache.get("other", async () => "fresh"), "fresh", "an aborted load is not kept");
  });
});
