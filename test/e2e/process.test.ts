/** The built server as a process: clean exits on signals for both transports, refusals at start. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { INITIALIZE_REQUEST } from "../support/jsonRpc.js";
import { exitOf, waitForStderr } from "../support/process.js";

const ENTRY = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const ENV = { PATH: process.env.PATH ?? "" };

describe("server process", () => {
  it("over HTTP: serves, then exits 0 on SIGTERM with its sessions closed", async () => {
    const child = spawn(process.execPath, [ENTRY, "--http", "--port", "0", "--sandbox"], {
      env: { ...ENV, MCP_HTTP_TOKEN: "process-test-token-0123456789abcdefghij" },
    });
    const url = await waitForStderr(child, /listening on (http:\/\/\S+)/);
    const health = await fetch(new URL("/healthz", url));
    assert.equal(health.status, 200);
    const exited = exitOf(child);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    await assert.rejects(fetch(new URL("/healthz", url)));
  });

  it("over HTTP without MCP_HTTP_TOKEN: prints a generated token once, and requires it", async () => {
    const child = spawn(process.execPath, [ENTRY, "--http", "--port", "0", "--sandbox"], { env: ENV });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const url = await waitForStderr(child, /listening on (http:\/\/\S+)/);
    const token = /bearer token: (\S+)/.exec(stderr)?.[1] ?? "";
    assert.ok(token.length >= 32);
    const initialize = JSON.stringify(INITIALIZE_REQUEST);
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    assert.equal((await fetch(url, { method: "POST", headers, body: initialize })).status, 401);
    const ok = await fetch(url, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${token}` },
      body: initialize,
    });
    assert.equal(ok.status, 200);
    const exited = exitOf(child);
    child.kill("SIGINT");
    assert.equal(await exited, 0);
    assert.equal(stderr.split(token).length - 1, 1, "the token is printed exactly once");
  });

  it("over stdio: exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [ENTRY, "--sandbox"], { env: ENV });
    await waitForStderr(child, /serving MCP over stdio/);
    const exited = exitOf(child);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  });

  it("refuses to bind a non-loopback address without allowed hosts", () => {
    const result = spawnSync(process.execPath, [ENTRY, "--http", "--host", "0.0.0.0"], {
      env: ENV,
      encoding: "utf8",
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /needs MCP_HTTP_ALLOWED_HOSTS/);
  });
});
