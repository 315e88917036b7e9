import assert from "node:assert/strict";
import { describe, it } from "node:test";
// Expiry needs initialized sessions: test/integration/http.test.ts drives it through a real client.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { HttpRefusal } from "../../src/mcp/transports/http/refusal.js";
import { SessionStore } from "../../src/mcp/transports/http/sessions.js";

const server = () => new McpServer({ name: "t", version: "1" });

describe("the HTTP session store", () => {
  it("refuses past the cap with a 503 that says when to come back", async () => {
    const store = new SessionStore(server, 0, 60_000);
    await assert.rejects(store.open(), (error: unknown) => {
      assert.ok(error instanceof HttpRefusal);
      assert.equal(error.status, 503);
      assert.equal(error.headers["retry-after"], "30");
      return true;
    });
    await store.closeAll();
  });

  it("answers 404 for an id it does not hold, and nothing for a request that names none", async () => {
    const store = new SessionStore(server, 5, 60_000);
    assert.equal(store.find(undefined), undefined);
    assert.throws(
      () => store.find("nope"),
      (error: unknown) => error instanceof HttpRefusal && error.status === 404,
    );
    assert.throws(() => store.find(["a", "b"]), HttpRefusal);
    await store.closeAll();
  });
});
