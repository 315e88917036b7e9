/**
 * Several instances behind a real load balancer: Debian's nginx (.ci/run installs nginx-light)
 * runs the README's own recipe, deploy/nginx.conf, in front of two built instances. Twenty
 * sessions, each with the guarded flow and a form, all complete; then one instance stops, its
 * sessions get 404, and a new session lands on the other, where a token from the first still works.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { listen } from "../../src/listening.js";
import { holdingAnswers } from "../support/heldOutputs.js";
import { builtServer } from "../support/process.js";

const NGINX = "/usr/sbin/nginx";
const TOKEN = "lb-test-token-0123456789abcdefghijklmnopqrstuv";
const SECRET = "lb-test-secret-0123456789abcdefghijklmnopqrstuv";
const LOCATION = { workflow_id: "wf_demo_enrich_contacts", action_instance_id: "salesforce_update_record_1" };

/** A port free now, for a process to bind next. */
async function freePort(): Promise<number> {
  const probe = await listen(() => {});
  const { port } = probe;
  await probe.close();
  return port;
}

/** Starts a process and resolves once its stderr (or stdout) says `ready`. */
function startProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let seen = "";
    const look = (chunk: Buffer) => {
      seen += chunk;
      if (ready.test(seen)) resolve(child);
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("exit", (code) =>
      reject(new Error(`${command} exited (${code}) before it was ready:\n${seen}`)),
    );
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A client as an agent framework makes one: bearer token, and a form the user answers yes to. */
async function connect(url: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
  });
  // Every instance runs on its sandbox.
  const client = holdingAnswers(
    new Client({ name: "lb-test", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } }),
    true,
  );
  client.setRequestHandler(ElicitRequestSchema, () => ({ action: "accept", content: { connected: true } }));
  await client.connect(transport);
  return { client, transport };
}

/** The guarded flow: the tool list, the user's yes in a form, and a write with the token. */
async function guardedFlow(client: Client): Promise<string> {
  const { tools } = await client.listTools();
  assert.ok(tools.length > 0);
  const confirmed = (await client.callTool({
    name: "confirm_salesforce_connection",
    arguments: {},
  })) as CallToolResult;
  const token = (confirmed.structuredContent as { confirmation_token?: string }).confirmation_token;
  assert.ok(token, JSON.stringify(confirmed.structuredContent));
  await configure(client, token);
  return token;
}

async function configure(client: Client, token: string): Promise<void> {
  const result = (await client.callTool({
    name: "configure_salesforce_update",
    arguments: {
      ...LOCATION,
      record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
      confirmation_token: token,
    },
  })) as CallToolResult;
  assert.equal(result.isError, undefined, JSON.stringify(result.content));
}

describe("several instances behind nginx, with the README's recipe", () => {
  const dir = mkdtempSync(join(tmpdir(), "floqer-lb-"));
  let nginx: ChildProcess | undefined;
  const instances: Record<string, ChildProcess> = {};
  let url = "";

  before(async () => {
    const [portA, portB, portLb] = [await freePort(), await freePort(), await freePort()];
    for (const [name, port] of [
      ["a", portA],
      ["b", portB],
    ] as const) {
      const { command, args, env } = builtServer(["--http", "--sandbox", "--port", String(port)], {
        MCP_HTTP_TOKEN: TOKEN,
        MCP_CONFIRMATION_SECRET: SECRET,
        MCP_HTTP_INSTANCE_NAME: name,
      });
      instances[name] = await startProcess(command, args, env, /listening on/);
    }
    // The recipe as the README shows it, with only its addresses adapted.
    const recipe = readFileSync(new URL("../../deploy/nginx.conf", import.meta.url), "utf8")
      .replaceAll("127.0.0.1:3001", `127.0.0.1:${portA}`)
      .replaceAll("127.0.0.1:3002", `127.0.0.1:${portB}`)
      .replace("listen 8080;", `listen 127.0.0.1:${portLb};`);
    const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
    writeFileSync(
      join(dir, "nginx.conf"),
      `user root; worker_processes 1; daemon off; pid ${join(dir, "nginx.pid")}; error_log stderr notice;
events { worker_connections 512; }
http { access_log off; ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join(" ")}
${recipe}
}
`,
    );
    nginx = await startProcess(
      NGINX,
      ["-p", dir, "-c", join(dir, "nginx.conf")],
      process.env,
      /start worker process/,
    );
    url = `http://127.0.0.1:${portLb}/mcp`;
  });

  after(async () => {
    await stop(nginx);
    await Promise.all(Object.values(instances).map(stop));
    rmSync(dir, { recursive: true, force: true });
  });

  let survivors: { client: Client; transport: StreamableHTTPClientTransport; token: string }[] = [];

  it("keeps every one of 20 sessions, each with a form and a write, spread over both instances", async () => {
    const sessions = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const connection = await connect(url);
        const token = await guardedFlow(connection.client);
        return { ...connection, token };
      }),
    );
    const byInstance = sessions.map(({ transport }) => transport.sessionId?.split(".")[0]);
    assert.ok(
      byInstance.every((name) => name === "a" || name === "b"),
      JSON.stringify(byInstance),
    );
    assert.ok(byInstance.includes("a") && byInstance.includes("b"), "both instances serve sessions");
    // A second round on the same sessions: each request still reaches the instance that holds it.
    await Promise.all(sessions.map(({ client, token }) => configure(client, token)));
    survivors = sessions;
  });

  it("when an instance stops, its sessions get 404 and a new session lands on the other, where tokens still work", async () => {
    await stop(instances.a);
    const onA = survivors.find(({ transport }) => transport.sessionId?.startsWith("a."));
    assert.ok(onA, "a session lived on the stopped instance");
    const gone = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": onA.transport.sessionId ?? "",
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    assert.equal(gone.status, 404, await gone.text());

    const fresh = await connect(url);
    try {
      assert.match(fresh.transport.sessionId ?? "", /^b\./);
      // The user's yes given on the stopped instance still opens the door here: the secret is shared.
      await configure(fresh.client, onA.token);
    } finally {
      await fresh.client.close();
    }
    // Sessions on the live instance go on as before.
    const onB = survivors.find(({ transport }) => transport.sessionId?.startsWith("b."));
    assert.ok(onB);
    await configure(onB.client, onB.token);
  });
});
