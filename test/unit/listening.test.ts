/** The listener every loopback server uses: close ends a connection still waiting for its answer. */
import assert from "node:assert/strict";
import { request } from "node:http";
import { describe, it } from "node:test";
import { listen } from "../../src/listening.js";

describe("listen", () => {
  it("binds a free loopback port, and close ends a request still in flight rather than wait for it", async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    // Never answers: without the connection tracked, close would wait on it for ever.
    const listening = await listen(() => arrived());
    assert.ok(listening.port > 0);
    assert.deepEqual(listening.server.address(), {
      address: "127.0.0.1",
      family: "IPv4",
      port: listening.port,
    });
    const failed = new Promise<Error>((resolve) => {
      request({ host: "127.0.0.1", port: listening.port, path: "/" }, () => {})
        .on("error", resolve)
        .end();
    });
    await inFlight;
    await listening.close();
    assert.match((await failed).message, /socket hang up/);
    assert.equal(listening.server.listening, false);
  });

  it("rejects when the address is taken", async () => {
    const first = await listen(() => {});
    try {
      await assert.rejects(
        listen(() => {}, { port: first.port }),
        /EADDRINUSE/,
      );
    } finally {
      await first.close();
    }
  });
});
