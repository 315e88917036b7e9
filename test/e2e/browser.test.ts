/**
 * A real browser: headless Chromium (Debian's package; .ci/run installs it) loads a page served on
 * an allowed origin whose script runs `initialize` and `tools/list` against the server with fetch,
 * and the same page on another origin, which the browser must not let through.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Listening, listen } from "../../src/listening.js";
import { type HttpHarness, startHttpHarness, TEST_TOKEN } from "../support/httpHarness.js";

const CHROMIUM = "/usr/bin/chromium";

/** The page: initialize, then tools/list, each answer read as JSON or as one SSE event; the outcome in the title. */
function page(mcpUrl: string): string {
  return `<!doctype html><html><head><title>pending</title></head><body><script>
const headers = { authorization: "Bearer ${TEST_TOKEN}", "content-type": "application/json", accept: "application/json, text/event-stream" };
async function rpc(body, session) {
  const response = await fetch(${JSON.stringify(mcpUrl)}, {
    method: "POST",
    headers: session ? { ...headers, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" } : headers,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const data = text.split("\\n").find((line) => line.startsWith("data: "));
  return { session: response.headers.get("mcp-session-id"), message: text ? JSON.parse(data ? data.slice(6) : text) : undefined };
}
(async () => {
  try {
    const init = await rpc({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "browser", version: "1" } } });
    await rpc({ jsonrpc: "2.0", method: "notifications/initialized" }, init.session);
    const list = await rpc({ jsonrpc: "2.0", id: 2, method: "tools/list" }, init.session);
    document.title = "ok:" + init.session.length + ":" + list.message.result.tools.length;
  } catch (error) {
    document.title = "failed:" + error.name;
  }
})();
</script></body></html>`;
}

/** Chromium's DOM of the page once its script settled, as the probe of this machine starts it. */
function titleInChromium(url: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "chromium-"));
  const flags = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    "--virtual-time-budget=15000",
    "--dump-dom",
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, flags, { timeout: 60_000 }, (error, stdout) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) return reject(error);
      resolve(/<title>([^<]*)<\/title>/.exec(stdout)?.[1] ?? "(no title)");
    });
  });
}

describe("a browser page", () => {
  let harness: HttpHarness;
  let allowedPage: Listening;
  let otherPage: Listening;
  before(async () => {
    // The pages must know the server's address, and the server the allowed page's origin.
    let html = "";
    const serve = () =>
      listen((_, response) => {
        response.writeHead(200, { "content-type": "text/html" }).end(html);
      });
    allowedPage = await serve();
    otherPage = await serve();
    harness = await startHttpHarness({ allowedOrigins: [`http://127.0.0.1:${allowedPage.port}`] });
    html = page(`${harness.url.href}`);
  });
  after(async () => {
    await harness.close();
    await allowedPage.close();
    await otherPage.close();
  });

  it("on an allowed origin connects: initialize and tools/list through CORS, the session id readable", async () => {
    const title = await titleInChromium(`http://127.0.0.1:${allowedPage.port}/`);
    assert.match(title, /^ok:\d+:10$/, title);
  });

  it("on another origin is refused: the browser lets no answer through", async () => {
    const title = await titleInChromium(`http://127.0.0.1:${otherPage.port}/`);
    assert.equal(title, "failed:TypeError");
  });
});
