/** Streamable HTTP: the whole flow over the HTTP stream, and every refusal of the transport. */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { FloqerEmulator } from "../../src/sandbox/emulator.js";
import { tokenByAgent } from "../support/guard.js";
import { DEMO_LOCATION } from "../support/harness.js";
import { holdingAnswers } from "../support/heldOutputs.js";
import {
  type HttpHarness,
  INITIALIZE,
  rawRequest,
  startHttpHarness,
  TEST_TOKEN,
} from "../support/httpHarness.js";

const auth = { authorization: `Bearer ${TEST_TOKEN}` };

/**
 * Sends raw bytes and reads the answer's head; with keepSending, goes on sending chunks until the
 * server closes the connection (or 3 s pass), to see whether it does.
 */
function rawExchange(
  port: string,
  text: string,
  options: { keepSending?: boolean; waitMs?: number } = {},
): Promise<{ head: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let received = "";
    let feeder: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      clearInterval(feeder);
      socket.destroy();
      resolve({ head: received.split("\r\n\r\n")[0] ?? "", closedByServer: false });
    }, options.waitMs ?? 3000);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      clearInterval(feeder);
      if (!received) reject(new Error("closed without an answer"));
      else resolve({ head: received.split("\r\n\r\n")[0] ?? "", closedByServer: true });
    });
    socket.write(text);
    if (options.keepSending) {
      feeder = setInterval(() => {
        if (!socket.destroyed) socket.write("2\r\n  \r\n");
      }, 50);
    }
  });
}

/**
 * Node's own http client sending a large body in 64 KiB chunks, as fast as the server takes them
 * (chunked when `declare` is false): what it saw, the answer's status or a socket error.
 */
function sendLargeBody(
  url: URL,
  headers: Record<string, string>,
  bytes: number,
  declare = true,
): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const seen: { status?: number; body?: string; error?: string } = {};
    const request = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(declare && { "content-length": String(bytes) }),
          ...headers,
        },
      },
      (response) => {
        seen.status = response.statusCode;
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => {
          seen.body = body;
        });
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      seen.error ??= error.code ?? error.message;
    });
    request.on("close", () => resolve(seen));
    const chunk = Buffer.alloc(64 * 1024, " ");
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !request.destroyed) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!request.write(chunk.subarray(0, size))) {
          request.once("drain", pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });
}

/**
 * A raw client that, after its request head, sends chunks of body until the server closes the
 * connection (`everyMs` apart, or as fast as it can): the answer's head, and whether it was closed.
 */
function sendForever(
  port: number,
  head: string,
  everyMs?: number,
): Promise<{ head: string; closedByServer: boolean; sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let sent = 0;
    const piece = Buffer.from(`${(16 * 1024).toString(16)}\r\n${" ".repeat(16 * 1024)}\r\n`);
    let feeder: NodeJS.Timeout | undefined;
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(feeder);
      resolve({ head: received.split("\r\n\r\n")[0] ?? "", closedByServer: true, sent });
    });
    const feed = () => {
      while (!socket.destroyed && socket.write(piece)) sent += piece.length;
      if (!socket.destroyed) sent += piece.length;
    };
    socket.write(head);
    if (everyMs === undefined) {
      feed();
      socket.on("drain", feed);
    } else {
      feeder = setInterval(() => {
        if (!socket.destroyed) socket.write("2\r\n  \r\n");
      }, everyMs);
    }
  });
}

/** A chunked POST to /mcp, its body to follow. */
const chunkedHead = (headers = "") =>
  `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n${headers}\r\n`;

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("Streamable HTTP", () => {
  let harness: HttpHarness;
  before(async () => {
    harness = await startHttpHarness();
  });
  after(() => harness.close());

  it("runs guard (elicited over the HTTP stream), list and configure", async () => {
    let asked = 0;
    const { client } = await harness.connect({
      elicit: () => {
        asked++;
        return { action: "accept", content: { connected: true } };
      },
    });
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    const guard = await call("confirm_salesforce_connection", DEMO_LOCATION);
    assert.equal(asked, 1);
    const token = (guard.structuredContent as { confirmation_token?: string }).confirmation_token;
    assert.ok(token);
    const fields = await call("list_salesforce_fields", {
      ...DEMO_LOCATION,
      salesforce_object: "Contact",
      query: "title",
    });
    assert.equal((fields.structuredContent as { total: number }).total, 1);
    const done = await call("configure_salesforce_update", {
      ...DEMO_LOCATION,
      confirmation_token: token,
      record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
    });
    assert.equal((done.structuredContent as { status: string }).status, "configured");
    assert.equal(harness.emulator.writes.length, 1);
  });

  it("refuses a declined elicitation over HTTP: no token, nothing written", async () => {
    const before = harness.emulator.writes.length;
    const { client } = await harness.connect({ elicit: () => ({ action: "decline" }) });
    const guard = (await client.callTool({
      name: "confirm_salesforce_connection",
      arguments: { user_confirmed: true },
    })) as CallToolResult;
    assert.equal((guard.structuredContent as { status: string }).status, "declined");
    assert.equal(harness.emulator.writes.length, before);
  });

  it("survives malformed request targets, answering 400, and then serves a normal session", async () => {
    const targets = ["//[", "http://[/mcp", "//a:99999/mcp", "http://%zz/", "/mcp/../%", "*"];
    for (const target of targets) {
      const answer = await rawExchange(
        harness.url.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      assert.match(answer.head, /^HTTP\/1\.1 (400|404) /, `${target}: ${answer.head}`);
    }
    const { client } = await harness.connect();
    const listed = await client.listTools();
    assert.ok(listed.tools.length > 0, "the server kept serving");
    await client.close();
  });

  it("answers 401 with WWW-Authenticate without a token or with a wrong one", async () => {
    const missing = await rawRequest(harness.url, { body: INITIALIZE });
    assert.equal(missing.status, 401);
    assert.equal(missing.headers["www-authenticate"], 'Bearer realm="floqer-salesforce-mcp"');
    const wrong = await rawRequest(harness.url, {
      body: INITIALIZE,
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(wrong.status, 401);
    assert.match(String(wrong.headers["www-authenticate"]), /error="invalid_token"/);
    assert.ok(!wrong.body.includes(TEST_TOKEN));
    await assert.rejects(harness.connect({ token: "wrong-token" }));
  });

  it("answers 403 for an Origin not allowed and for a Host not allowed", async () => {
    const origin = await rawRequest(harness.url, {
      body: INITIALIZE,
      headers: { ...auth, origin: "https://evil.example" },
    });
    assert.equal(origin.status, 403);
    assert.match(origin.body, /Origin not allowed/);
    const host = await rawRequest(harness.url, {
      body: INITIALIZE,
      headers: { ...auth, host: "evil.example" },
    });
    assert.equal(host.status, 403);
    assert.match(host.body, /Host header not allowed/);
    const ownOrigin = await rawRequest(harness.url, {
      body: INITIALIZE,
      headers: { ...auth, origin: `http://localhost:${harness.running.port}` },
    });
    assert.equal(ownOrigin.status, 200);
  });

  it("answers 413 for a body over the limit", async () => {
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(70 * 1024) },
    });
    const response = await rawRequest(harness.url, { body: huge, headers: auth });
    assert.equal(response.status, 413);
  });

  it("answers 404 for an unknown session, 400 without one, and serves /healthz without a token", async () => {
    const unknown = await rawRequest(harness.url, {
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      headers: { ...auth, "mcp-session-id": "no-such-session" },
    });
    assert.equal(unknown.status, 404);
    const noSession = await rawRequest(harness.url, {
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      headers: auth,
    });
    assert.equal(noSession.status, 400);
    const health = await rawRequest(new URL("/healthz", harness.url), { method: "GET" });
    assert.deepEqual([health.status, health.body], [200, '{"status":"ok"}']);
    const elsewhere = await rawRequest(new URL("/other", harness.url), { headers: auth, body: INITIALIZE });
    assert.equal(elsewhere.status, 404);
  });
});

describe("a refusal while the client is still sending its body", () => {
  it("reaches Node's http client as the status, not a reset: 401 for 8 MB without a token, 413 for 8 MB too large", async () => {
    const harness = await startHttpHarness({ lingering: { maxMs: 120_000, maxBytes: 32 * 1024 * 1024 } });
    try {
      const eightMegabytes = 8 * 1024 * 1024;
      const noToken = await sendLargeBody(harness.url, {}, eightMegabytes);
      assert.deepEqual([noToken.status, noToken.error], [401, undefined]);
      assert.match(noToken.body ?? "", /Unauthorized/);
      for (const declare of [true, false]) {
        const tooLarge = await sendLargeBody(harness.url, auth, eightMegabytes, declare);
        assert.deepEqual([tooLarge.status, tooLarge.error], [413, undefined], `declared: ${declare}`);
        assert.match(tooLarge.body ?? "", /Request body too large: at most 65536 bytes/);
      }
      const { client } = await harness.connect();
      assert.ok((await client.listTools()).tools.length > 0, "the server kept serving");
    } finally {
      await harness.close();
    }
  });

  it("cuts off a client that keeps sending after the refusal, past the bytes it may still send", async () => {
    const harness = await startHttpHarness({ lingering: { maxMs: 600_000, maxBytes: 256 * 1024 } });
    try {
      const port = harness.running.port;
      const noToken = await sendForever(port, chunkedHead());
      assert.match(noToken.head, /^HTTP\/1\.1 401 /);
      assert.match(noToken.head, /connection: close/i);
      assert.equal(noToken.closedByServer, true);
      assert.ok(noToken.sent > 256 * 1024, `closed after ${noToken.sent} bytes`);
      const tooLarge = await sendForever(port, chunkedHead(`Authorization: Bearer ${TEST_TOKEN}\r\n`));
      assert.match(tooLarge.head, /^HTTP\/1\.1 413 /);
      assert.equal(tooLarge.closedByServer, true);
      const { client } = await harness.connect();
      assert.ok((await client.listTools()).tools.length > 0, "the server kept serving");
    } finally {
      await harness.close();
    }
  });

  it("cuts off a client that trickles its body after the refusal, past the time it may still take", async () => {
    const harness = await startHttpHarness({ lingering: { maxMs: 100, maxBytes: 1024 * 1024 * 1024 } });
    try {
      const port = harness.running.port;
      const noToken = await sendForever(port, `${chunkedHead()}5\r\n{"a":\r\n`, 20);
      assert.match(noToken.head, /^HTTP\/1\.1 401 /);
      assert.equal(noToken.closedByServer, true);
      const big = (70 * 1024).toString(16);
      const tooLarge = await sendForever(
        port,
        `${chunkedHead(`Authorization: Bearer ${TEST_TOKEN}\r\n`)}${big}\r\n${"x".repeat(70 * 1024)}\r\n`,
        20,
      );
      assert.match(tooLarge.head, /^HTTP\/1\.1 413 /);
      assert.equal(tooLarge.closedByServer, true);
    } finally {
      await harness.close();
    }
  });
});

describe("HTTP sessions", () => {
  it("caps live sessions with a clear 503, and frees a place when one closes", async () => {
    const harness = await startHttpHarness({ maxSessions: 2 });
    try {
      await harness.connect();
      const { transport } = await harness.connect();
      const third = await rawRequest(harness.url, { body: INITIALIZE, headers: auth });
      assert.equal(third.status, 503);
      assert.match(third.body, /Too many sessions: this server holds at most 2/);
      assert.equal(third.headers["retry-after"], "30");
      await transport.terminateSession();
      await until(() => harness.running.sessionCount() === 1);
      await harness.connect();
      assert.equal(harness.running.sessionCount(), 2);
    } finally {
      await harness.close();
    }
  });

  it("expires idle sessions and releases them", async () => {
    const harness = await startHttpHarness({ sessionIdleMs: 150 });
    try {
      const { client, transport } = await harness.connect();
      assert.equal(harness.running.sessionCount(), 1);
      const id = transport.sessionId ?? "";
      await until(() => harness.running.sessionCount() === 0);
      const stale = await rawRequest(harness.url, {
        body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
        headers: { ...auth, "mcp-session-id": id },
      });
      assert.equal(stale.status, 404);
      await client.close();
    } finally {
      await harness.close();
    }
  });

  it("leaves no session behind after many come and go", async () => {
    const harness = await startHttpHarness({ maxSessions: 5 });
    try {
      for (let round = 0; round < 20; round++) {
        const { client, transport } = await harness.connect();
        await client.listTools();
        await transport.terminateSession();
        await client.close();
      }
      await until(() => harness.running.sessionCount() === 0);
    } finally {
      await harness.close();
    }
  });

  it("keeps its heap flat as sessions come and go", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const harness = await startHttpHarness({ maxSessions: 100 });
    try {
      const round = async () => {
        const sessions = await Promise.all(
          Array.from({ length: 30 }, async () => {
            const transport = new StreamableHTTPClientTransport(harness.url, {
              requestInit: { headers: { authorization: `Bearer ${TEST_TOKEN}` } },
            });
            const client = holdingAnswers(
              new Client({ name: "churn", version: "1.0.0" }),
              harness.dependencies.sandbox,
            );
            await client.connect(transport);
            await client.callTool({
              name: "list_salesforce_objects",
              arguments: { ...DEMO_LOCATION, query: "lead" },
            });
            return { client, transport };
          }),
        );
        for (const { client, transport } of sessions) {
          await transport.terminateSession();
          await client.close();
        }
        await until(() => harness.running.sessionCount() === 0);
      };
      await round();
      const warm = heapAfterGc();
      for (let i = 0; i < 3; i++) await round();
      const grown = (heapAfterGc() - warm) / 2 ** 20;
      assert.ok(grown < 3, `heap grew ${grown.toFixed(1)} MB over 90 sessions`);
    } finally {
      await harness.close();
    }
  });

  it("shuts down cleanly: sessions closed, listener gone", async () => {
    const harness = await startHttpHarness();
    const { client } = await harness.connect();
    await client.listTools();
    await harness.running.close();
    assert.equal(harness.running.sessionCount(), 0);
    await assert.rejects(rawRequest(harness.url, { body: INITIALIZE, headers: auth }), /ECONNREFUSED/);
    await harness.close().catch(() => {});
  });
});

describe("several instances behind a load balancer", () => {
  const secret = "scale-out-shared-secret-0123456789abcdef";
  const emulator = new FloqerEmulator();
  let first: HttpHarness;
  let second: HttpHarness;
  let other: HttpHarness;
  before(async () => {
    await emulator.start();
    first = await startHttpHarness({}, { confirmationSecret: secret }, emulator);
    second = await startHttpHarness({}, { confirmationSecret: secret }, emulator);
    other = await startHttpHarness(
      {},
      { confirmationSecret: "another-secret-entirely-0123456789abcdef" },
      emulator,
    );
  });
  after(async () => {
    await Promise.all([first.close(), second.close(), other.close()]);
    await emulator.stop();
  });

  it("accept a token from another instance with the same secret, and only then", async () => {
    const { client: a } = await first.connect();
    const token = await tokenByAgent(
      async (name, args) => (await a.callTool({ name, arguments: args })) as CallToolResult,
    );
    const args = {
      ...DEMO_LOCATION,
      confirmation_token: token,
      record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", value: "x" }],
    };
    const { client: b } = await second.connect();
    const accepted = (await b.callTool({
      name: "configure_salesforce_update",
      arguments: args,
    })) as CallToolResult;
    assert.equal((accepted.structuredContent as { status: string }).status, "configured");
    const { client: c } = await other.connect();
    const refused = (await c.callTool({
      name: "configure_salesforce_update",
      arguments: args,
    })) as CallToolResult;
    assert.equal(refused.isError, true);
    assert.match(String((refused.content[0] as { text: string }).text), /invalid signature/);
    assert.equal(emulator.writes.length, 1);
  });
});

/** One server, several sessions sharing its bearer token: the guard is as strong as the strongest client. */
describe("the guard across HTTP sessions", () => {
  const update = {
    ...DEMO_LOCATION,
    record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
    salesforce_object: "Contact",
    add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
  };
  type Caller = (name: string, args: Record<string, unknown>) => Promise<CallToolResult>;
  const callerOf =
    (client: Client): Caller =>
    async (name, args) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
  const textOf = (result: CallToolResult) => String((result.content[0] as { text?: string }).text);
  const structuredOf = (result: CallToolResult) =>
    result.structuredContent as {
      status: string;
      question_id?: string;
      next_step: string;
      confirmation_token?: string;
    };

  /** Session A's user says no in its form; session B, without forms, gets a token through its agent. */
  async function formNoThenAgentToken(harness: HttpHarness) {
    let asked = 0;
    const a = callerOf(
      (
        await harness.connect({
          elicit: () => {
            asked++;
            return { action: "accept", content: { connected: false } };
          },
        })
      ).client,
    );
    const declined = structuredOf(await a("confirm_salesforce_connection", { user_confirmed: true }));
    assert.equal(declined.status, "declined");
    assert.equal(asked, 1);
    const b = callerOf((await harness.connect()).client);
    const token = await tokenByAgent(b);
    return { a, b, token };
  }

  describe("each server with a secret of its own", () => {
    let harness: HttpHarness;
    before(async () => {
      harness = await startHttpHarness();
    });
    after(() => harness.close());

    it("refuses session A's write with the token session B's agent got after A's user said no", async () => {
      const { a, b, token } = await formNoThenAgentToken(harness);
      const refused = await a("configure_salesforce_update", { ...update, confirmation_token: token });
      assert.equal(refused.isError, true);
      assert.match(
        textOf(refused),
        /Refused: confirmation_token belongs to another MCP session.*Nothing was sent/,
      );
      assert.equal(harness.emulator.changeAttempts.length, 0, "nothing was sent to Floqer");
      // The token itself is genuine: the session that got it may use it.
      const own = await b("configure_salesforce_update", { ...update, confirmation_token: token });
      assert.equal(structuredOf(own).status, "configured");
      assert.equal(harness.emulator.writes.length, 1);
    });

    it("refuses a token in a session without forms other than the one that got it", async () => {
      const b = callerOf((await harness.connect()).client);
      const c = callerOf((await harness.connect()).client);
      const before = harness.emulator.changeAttempts.length;
      const token = await tokenByAgent(b);
      const refused = await c("configure_salesforce_update", { ...update, confirmation_token: token });
      assert.match(textOf(refused), /belongs to another MCP session/);
      assert.equal(harness.emulator.changeAttempts.length, before);
    });

    it("takes the answer to a question only in the session it was put in", async () => {
      const b = callerOf((await harness.connect()).client);
      const c = callerOf((await harness.connect()).client);
      const { question_id } = structuredOf(await b("confirm_salesforce_connection", {}));
      const elsewhere = structuredOf(
        await c("confirm_salesforce_connection", { question_id, user_confirmed: true }),
      );
      assert.equal(elsewhere.status, "needs_user_confirmation");
      assert.equal(elsewhere.confirmation_token, undefined);
      assert.match(elsewhere.next_step, /question_id belongs to another MCP session/);
      // Nor is the new question C was given any good in B.
      const swapped = structuredOf(
        await b("confirm_salesforce_connection", {
          question_id: elsewhere.question_id,
          user_confirmed: true,
        }),
      );
      assert.equal(swapped.status, "needs_user_confirmation");
      const here = structuredOf(
        await b("confirm_salesforce_connection", { question_id, user_confirmed: true }),
      );
      assert.equal(here.status, "confirmed");
    });
  });

  describe("servers sharing MCP_CONFIRMATION_SECRET", () => {
    const secret = "guard-sessions-shared-secret-0123456789";
    const emulator = new FloqerEmulator();
    let first: HttpHarness;
    let second: HttpHarness;
    before(async () => {
      await emulator.start();
      first = await startHttpHarness({}, { confirmationSecret: secret }, emulator);
      second = await startHttpHarness({}, { confirmationSecret: secret }, emulator);
    });
    after(async () => {
      await Promise.all([first.close(), second.close()]);
      await emulator.stop();
    });

    it("refuse, in a session whose client shows forms, a token its user did not confirm in a form", async () => {
      const before = emulator.changeAttempts.length;
      const { a, token } = await formNoThenAgentToken(first);
      const refused = await a("configure_salesforce_update", { ...update, confirmation_token: token });
      assert.equal(refused.isError, true);
      assert.match(
        textOf(refused),
        /confirmed through the agent, not by the user in a form.*call confirm_salesforce_connection again/,
      );
      assert.equal(emulator.changeAttempts.length, before, "nothing was sent to Floqer");
      // Bound to the key and the secret only: another session without forms, on another
      // instance, may use it.
      const c = callerOf((await second.connect()).client);
      const accepted = await c("configure_salesforce_update", { ...update, confirmation_token: token });
      assert.equal(structuredOf(accepted).status, "configured");
    });

    it("take a question's answer once per instance", async () => {
      const b = callerOf((await first.connect()).client);
      const { question_id } = structuredOf(await b("confirm_salesforce_connection", {}));
      const yes = structuredOf(
        await b("confirm_salesforce_connection", { question_id, user_confirmed: true }),
      );
      assert.equal(yes.status, "confirmed");
      const c = callerOf((await first.connect()).client);
      const again = structuredOf(
        await c("confirm_salesforce_connection", { question_id, user_confirmed: true }),
      );
      assert.equal(again.status, "needs_user_confirmation");
      assert.match(again.next_step, /already answered/);
    });
  });
});
