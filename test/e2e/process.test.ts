/** The built server as a process: clean exits on signals for both transports, refusals at start. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { INITIALIZE_REQUEST } from "../support/jsonRpc.js";
import { builtServer, exitOf, startBuiltHttpServer, waitForStderr } from "../support/process.js";

describe("server process", () => {
  it("over HTTP: serves, then exits 0 on SIGTERM with its sessions closed", async () => {
    const server = await startBuiltHttpServer(["--sandbox"], {
      MCP_HTTP_TOKEN: "process-test-token-0123456789abcdefghij",
    });
    const health = await fetch(new URL("/healthz", server.url));
    assert.equal(health.status, 200);
    assert.equal(await server.stop("SIGTERM"), 0);
    await assert.rejects(fetch(new URL("/healthz", server.url)));
  });

  it("over HTTP without MCP_HTTP_TOKEN: prints a generated token once, and requires it", async () => {
    const server = await startBuiltHttpServer(["--sandbox"]);
    const token = /bearer token: (\S+)/.exec(server.stderr())?.[1] ?? "";
    assert.ok(token.length >= 32);
    const initialize = JSON.stringify(INITIALIZE_REQUEST);
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    assert.equal((await fetch(server.url, { method: "POST", headers, body: initialize })).status, 401);
    const ok = await fetch(server.url, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${token}` },
      body: initialize,
    });
    assert.equal(ok.status, 200);
    assert.equal(await server.stop("SIGINT"), 0);
    assert.equal(server.stderr().split(token).length - 1, 1, "the token is printed exactly once");
  });

  it("over stdio: exits 0 on SIGTERM", async () => {
    const { command, args, env } = builtServer(["--sandbox"]);
    const child = spawn(command, args, { env });
    await waitForStderr(child, /serving MCP over stdio/);
    const exited = exitOf(child);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  });

  it("refuses to bind a non-loopback address without allowed hosts", () => {
    const { command, args, env } = builtServer(["--http", "--host", "0.0.0.0"]);
    const result = spawnSync(command, args, { env, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /needs MCP_HTTP_ALLOWED_HOSTS/);
  });
});
