/**
 * `npm run bench`: start time, call overhead, tokens, growth, install footprint, HTTP load and soak,
 * each measured side by side in one run (medians over repeated runs), printed as one table and
 * written to bench/RESULTS.md with the machine it ran on. Not part of `npm test`: figures, not
 * pass/fail checks on a noisy machine.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { build } from "esbuild";
import { encode } from "gpt-tokenizer";
import { Agent, request } from "undici";
import { BUNDLE_OPTIONS } from "../scripts/bundleOptions.mjs";
import type { SalesforceField } from "../src/salesforce/fields.js";
import { resolveFields } from "../src/salesforce/validateUpdate.js";
import { FloqerEmulator } from "../src/sandbox/emulator.js";
import { CORE_TOKEN_BUDGET, CORE_TOOLS } from "../src/tools/catalog.js";
import { listSalesforceFields } from "../src/tools/listSalesforceFields.js";
import type { ToolCall, ToolContext } from "../src/tools/tool.js";
import { stdioFrames } from "../test/support/jsonRpc.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = `${ROOT}dist/index.js`;
const QUICK = process.env.BENCH_QUICK === "1";
const ENV = { PATH: process.env.PATH ?? "" };

interface Row {
  figure: string;
  value: string;
  goal: string;
  met: boolean | undefined;
}
const rows: Row[] = [];
function record(figure: string, value: string, goal: string, met?: boolean): void {
  rows.push({ figure, value, goal, met });
  console.error(`  ${figure}: ${value} (goal ${goal})${met === undefined ? "" : met ? " met" : " NOT MET"}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const tokens = (text: string) => encode(text).length;

// 1. Cold start ------------------------------------------------------------------------------
/**
 * Spawn to the answer of tools/list as a client sees it: the SDK's own client starts the server,
 * initializes, lists the tools and checks the answer (it compiles a validator for each tool's
 * output schema), as a user's client does before its first turn.
 */
async function clientTimeToToolsList(args: string[], env: Record<string, string>): Promise<number> {
  const start = performance.now();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args, env: { ...ENV, ...env }, stderr: "ignore" }),
  );
  await client.listTools();
  const elapsed = performance.now() - start;
  await client.close();
  return elapsed;
}

/** The same, speaking raw JSON-RPC: the server's own part, no client work counted. */
function timeToToolsList(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ["pipe", "pipe", "ignore"],
      env: { ...ENV, ...env },
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes('"id":2')) {
        const elapsed = performance.now() - start;
        child.kill();
        child.once("exit", () => resolve(elapsed));
      }
    });
    child.once("error", reject);
    child.stdin.write(stdioFrames([{ method: "tools/list" }]));
  });
}

/**
 * The floor a user's alternative really is: the bare SDK server bundled as this project bundles
 * its own (one minified ESM file with its dependencies inside), built here by the bench itself.
 */
async function bundledFloor(): Promise<string> {
  const outfile = `${mkdtempSync(`${tmpdir()}/floqer-bench-`)}/floor.mjs`;
  await build({ ...BUNDLE_OPTIONS, entryPoints: [`${ROOT}bench/floor-server.mjs`], outfile, minify: true });
  return outfile;
}

function timeCommand(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { stdio: "ignore" });
  return performance.now() - start;
}

async function coldStart(): Promise<void> {
  const runs = QUICK ? 5 : 21;
  const floorBundle = await bundledFloor();
  const key = { FLOQER_API_KEY: "floq_bench" };
  const times = {
    ours: [] as number[],
    floor: [] as number[],
    oursRaw: [] as number[],
    floorRaw: [] as number[],
  };
  const bare: number[] = [];
  const version: number[] = [];
  // Interleaved, so a noisy moment falls on both sides alike.
  for (let i = 0; i < runs; i++) {
    times.floor.push(await clientTimeToToolsList([floorBundle], {}));
    times.ours.push(await clientTimeToToolsList([ENTRY], key));
    times.floorRaw.push(await timeToToolsList([floorBundle], {}));
    times.oursRaw.push(await timeToToolsList([ENTRY], key));
    bare.push(timeCommand(["-e", ""]));
    version.push(timeCommand([ENTRY, "--version"]));
  }
  const ratio = median(times.ours) / median(times.floor);
  record(
    "Cold start to tools/list (stdio, the SDK client's own work included), vs a bundled bare SDK server",
    `${ms(median(times.ours))} vs floor ${ms(median(times.floor))} = ${ratio.toFixed(2)}x (node alone ${ms(median(bare))})`,
    "≤ 1.1x floor",
    ratio <= 1.1,
  );
  const rawRatio = median(times.oursRaw) / median(times.floorRaw);
  record(
    "… the server's part alone (raw JSON-RPC, no client)",
    `${ms(median(times.oursRaw))} vs floor ${ms(median(times.floorRaw))} = ${rawRatio.toFixed(2)}x`,
    "(where the difference lies: the client's checks of ten output schemas)",
  );
  const versionRatio = median(version) / median(bare);
  record(
    "--version, vs node -e 0",
    `${ms(median(version))} vs ${ms(median(bare))} = ${versionRatio.toFixed(2)}x`,
    "≤ 1.3x",
    versionRatio <= 1.3,
  );
}

// 2. Call overhead, 3. tokens ----------------------------------------------------------------
async function stdioClient(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [ENTRY],
      env: { ...ENV, ...env },
      stderr: "ignore",
    }),
  );
  return client;
}

const LOCATION = { workflow_id: "wf_demo_enrich_contacts", action_instance_id: "salesforce_update_record_1" };
const FIELDS_PATH =
  "/workflows/wf_demo_enrich_contacts/sheets/wf_demo_enrich_contacts/actions/salesforce_update_record_1/options/add_fields_and_their_values";

async function overheadAndTokens(): Promise<void> {
  const emulator = new FloqerEmulator({ rateLimitPerMinute: 10_000_000 });
  await emulator.start();
  const client = await stdioClient({ FLOQER_API_KEY: emulator.apiKey, FLOQER_BASE_URL: emulator.baseUrl });
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const direct = async () => {
    const response = await request(`${emulator.baseUrl}${FIELDS_PATH}`, {
      dispatcher,
      method: "POST",
      headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ context: { salesforce_object: "Account" } }),
    });
    return (await response.body.json()) as { data: unknown };
  };
  // A failed call would time as a fast one: every timed call must succeed.
  const call = async (args: Record<string, unknown>) => {
    const result = (await client.callTool({
      name: "list_salesforce_fields",
      arguments: { ...LOCATION, salesforce_object: "Account", ...args },
    })) as CallToolResult;
    if (result.isError) throw new Error(`list_salesforce_fields failed: ${JSON.stringify(result.content)}`);
    return result;
  };
  const runs = QUICK ? 20 : 150;
  // The protocol floor: a trivial tool on a bare SDK server, over the same stdio client path.
  const floorClient = new Client({ name: "bench", version: "1.0.0" });
  await floorClient.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [`${ROOT}bench/floor-server.mjs`],
      env: ENV,
      stderr: "ignore",
    }),
  );
  const echoCall = () => floorClient.callTool({ name: "echo", arguments: { text: "x" } });
  /** A small warm call: the object list, cached, against the floor's trivial tool. */
  const objectsWarm = async () => {
    const result = (await client.callTool({
      name: "list_salesforce_objects",
      arguments: LOCATION,
    })) as CallToolResult;
    if (result.isError) throw new Error(`list_salesforce_objects failed: ${JSON.stringify(result.content)}`);
  };
  for (let i = 0; i < 10; i++) {
    await direct();
    await call({ refresh: true });
    await call({});
    await objectsWarm();
    await echoCall();
  }
  /** Every kind of call interleaved, so noise hits all alike. */
  const timeAll = async (rounds: number) => {
    const timed = {
      direct: [] as number[],
      cold: [] as number[],
      warm: [] as number[],
      objects: [] as number[],
      echo: [] as number[],
    };
    const steps: [keyof typeof timed, () => Promise<unknown>][] = [
      ["direct", direct],
      ["cold", () => call({ refresh: true })],
      ["warm", () => call({})],
      ["objects", objectsWarm],
      ["echo", echoCall],
    ];
    for (let i = 0; i < rounds; i++) {
      for (const [kind, step] of steps) {
        const start = performance.now();
        await step();
        timed[kind].push(performance.now() - start);
      }
    }
    return timed;
  };
  const times = await timeAll(runs);
  const echo = times.echo;
  const objectsRatio = median(times.objects) / median(echo);
  record(
    "A small warm cached call (list_salesforce_objects) vs a bare SDK server's trivial tool",
    `${ms(median(times.objects))} vs ${ms(median(echo))} = ${objectsRatio.toFixed(2)}x`,
    "≤ 1.1x",
    objectsRatio <= 1.1,
  );
  const base = median(times.direct);
  const cold = median(times.cold) / base;
  const warm = median(times.warm) / base;
  record(
    "list_salesforce_fields, cache miss, vs direct undici request",
    `${ms(median(times.cold))} vs ${ms(base)} = ${cold.toFixed(2)}x`,
    "≤ 1.2x",
    cold <= 1.2,
  );
  record(
    "list_salesforce_fields, cache hit, vs direct undici request",
    `${ms(median(times.warm))} vs ${ms(base)} = ${warm.toFixed(2)}x`,
    "≤ 0.3x",
    warm <= 0.3,
  );
  // The same comparison with a real API's round trip, which the loopback emulator does not have.
  emulator.latencyMs = 50;
  const slow = await timeAll(QUICK ? 5 : 20);
  emulator.latencyMs = 0;
  await floorClient.close();
  const slowBase = median(slow.direct);
  const slowCold = median(slow.cold) / slowBase;
  const slowWarm = median(slow.warm) / slowBase;
  record(
    "… the same with 50 ms of upstream latency (a real API's round trip)",
    `miss ${ms(median(slow.cold))} = ${slowCold.toFixed(2)}x, hit ${ms(median(slow.warm))} = ${slowWarm.toFixed(3)}x, direct ${ms(slowBase)}`,
    "≤ 1.2x, ≤ 0.3x",
    slowCold <= 1.2 && slowWarm <= 0.3,
  );
  record(
    "MCP stdio round trip of a trivial tool on a bare SDK server (floor)",
    `${ms(median(echo))} = ${(median(echo) / base).toFixed(2)}x the direct request`,
    "(the floor under the two above)",
  );

  // Tokens: what the agent's context pays for.
  const { tools } = await client.listTools();
  const coreTokens = tokens(JSON.stringify(tools.filter((tool) => CORE_TOOLS.includes(tool.name))));
  record(
    "tools/list, the four core tools",
    `${coreTokens} tokens`,
    `≤ ${CORE_TOKEN_BUDGET.toLocaleString("en-US")}`,
    coreTokens <= CORE_TOKEN_BUDGET,
  );
  record(
    "tools/list, all tools",
    `${tokens(JSON.stringify(tools))} tokens (${tools.length} tools)`,
    "(for reference)",
  );
  const answer = await call({});
  const answerText = (answer.content[0] as { text: string }).text;
  const raw = JSON.stringify((await direct()).data);
  const answerTokens = tokens(answerText);
  const rawTokens = tokens(raw);
  const fieldCount = (answer.structuredContent as { total: number }).total;
  record(
    `Default list_salesforce_fields answer (Account, ${fieldCount} writable fields)`,
    `${answerTokens} tokens`,
    "≤ 1,500",
    answerTokens <= 1500,
  );
  record(
    "… against the raw upstream option list",
    `${rawTokens} tokens raw = ${((100 * answerTokens) / rawTokens).toFixed(1)}%`,
    "≤ 10%",
    answerTokens / rawTokens <= 0.1,
  );

  const errors = await errorMessages(client, emulator);
  const counts = errors.map(([name, text]) => [name, tokens(text)] as const);
  const worst = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  const over = counts.filter(([, count]) => count >= 120);
  record(
    `Error messages (${counts.length} kinds)`,
    `max ${worst[1]} tokens (${worst[0]}), median ${median(counts.map(([, count]) => count))}`,
    "< 120 each",
    over.length === 0,
  );
  for (const [name, count] of over) console.error(`    over: ${name} ${count}`);
  await client.close();
  await dispatcher.close();
  await emulator.stop();
}

/** One message of each kind an agent can meet, produced through the real server. */
async function errorMessages(client: Client, emulator: FloqerEmulator): Promise<[string, string][]> {
  const messages: [string, string][] = [];
  const attempt = async (name: string, tool: string, args: Record<string, unknown>, before?: () => void) => {
    before?.();
    const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
    emulator.faults.length = 0;
    emulator.connection = "connected";
    if (result.isError) messages.push([name, (result.content[0] as { text: string }).text]);
    else throw new Error(`expected an error for ${name}`);
  };
  const update = {
    ...LOCATION,
    record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
    salesforce_object: "Contact",
    add_fields_and_their_values: [{ name: "Title", value: "x" }],
  };
  const objects = (before?: () => void, name = "") =>
    attempt(name, "list_salesforce_objects", { ...LOCATION, refresh: true }, before);
  await attempt("no token", "configure_salesforce_update", update);
  await attempt("forged token", "configure_salesforce_update", { ...update, confirmation_token: "fsc1.x.y" });
  await attempt("unknown field", "configure_salesforce_update", {
    ...update,
    dry_run: true,
    add_fields_and_their_values: [{ name: "Titel", value: "x" }],
  });
  await attempt("read-only field", "configure_salesforce_update", {
    ...update,
    dry_run: true,
    add_fields_and_their_values: [{ name: "CreatedDate", value: "x" }],
  });
  await attempt("unknown object", "configure_salesforce_update", {
    ...update,
    dry_run: true,
    salesforce_object: "Contacts",
  });
  await attempt("bad record id", "configure_salesforce_update", {
    ...update,
    dry_run: true,
    record_id: "0035g00000XyZaBAAA",
  });
  await attempt("bad token", "configure_salesforce_update", {
    ...update,
    dry_run: true,
    add_fields_and_their_values: [{ name: "Title", value: "{{input.x" }],
  });
  await attempt("bad path id", "list_salesforce_objects", { ...LOCATION, workflow_id: "../x" });
  await attempt("wrong workflow (404)", "list_salesforce_objects", { ...LOCATION, workflow_id: "wf_nope" });
  await objects(() => emulator.faults.push({ status: 401 }), "401");
  await objects(() => emulator.faults.push({ status: 403 }), "403");
  await objects(() => emulator.faults.push({ status: 424 }), "424");
  await objects(() => emulator.faults.push({ status: 429, body: '{"status":429,"retryAfter":120}' }), "429");
  await objects(() => emulator.faults.push({ status: 502 }), "502");
  await objects(() => emulator.faults.push({ status: 500, times: 3 }), "500");
  await objects(() => emulator.faults.push({ status: 503, times: 3, body: "<html></html>" }), "503 HTML");
  await objects(() => emulator.faults.push({ status: 200, body: "{" }), "truncated JSON");
  await objects(() => emulator.faults.push({ reset: true, times: 3 }), "connection reset");
  return messages;
}

// 4. Growth ----------------------------------------------------------------------------------
function syntheticFields(count: number): SalesforceField[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `Signal_${i}_${i % 7 === 0 ? "Score" : "Notes"}__c`,
    label: `Signal ${i} ${i % 7 === 0 ? "Score" : "Notes"}`,
    type: i % 7 === 0 ? "double" : "textarea",
    updateable: i % 11 !== 0,
  }));
}

async function growth(): Promise<void> {
  const results: { size: number; list: number; validate: number }[] = [];
  for (const size of [100, 1_000, 10_000]) {
    const fields = syntheticFields(size);
    const context = {
      catalog: { objects: async () => [{ name: "Big__c", label: "Big" }], fields: async () => fields },
    } as unknown as ToolContext;
    const call = { signal: new AbortController().signal } as ToolCall;
    const args = { ...LOCATION, salesforce_object: "Big__c", query: "score" };
    const pairs = [
      ...Array.from({ length: 19 }, (_, i) => ({
        name: `signal_${(i * 37) % size}_${((i * 37) % size) % 7 === 0 ? "score" : "notes"}__c`,
        value: "v",
      })),
      { name: "Signal_Scroe__c", value: "v" },
    ];
    const list: number[] = [];
    const validate: number[] = [];
    for (let i = 0; i < (QUICK ? 5 : 25); i++) {
      let start = performance.now();
      await listSalesforceFields.run(args, context, call);
      list.push(performance.now() - start);
      start = performance.now();
      resolveFields("Big__c", pairs, fields);
      validate.push(performance.now() - start);
    }
    results.push({ size, list: median(list), validate: median(validate) });
  }
  const [small, , large] = results as [(typeof results)[number], unknown, (typeof results)[number]];
  for (const kind of ["list", "validate"] as const) {
    const growthFactor = large[kind] / Math.max(small[kind], 0.001);
    const label =
      kind === "list"
        ? "list_salesforce_fields with query, server side"
        : "field-name validation (20 pairs, one typo), server side";
    record(
      label,
      results.map((result) => `${result.size.toLocaleString("en")}: ${ms(result[kind])}`).join(", ") +
        ` (100x fields: ${growthFactor.toFixed(0)}x time)`,
      "linear or better; < 20 ms at 10,000",
      large[kind] < 20 && growthFactor <= 150,
    );
  }
}

// 5. Install footprint -----------------------------------------------------------------------
function footprint(): void {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: ROOT, encoding: "utf8" }),
  ) as {
    size: number;
    unpackedSize: number;
    entryCount: number;
  }[];
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const dependencies = Object.keys(pkg.dependencies ?? {}).length;
  record(
    "npm tarball",
    `${((packed?.size ?? 0) / 1024).toFixed(0)} KiB packed, ${((packed?.unpackedSize ?? 0) / 1024).toFixed(0)} KiB unpacked, ${packed?.entryCount} files`,
    "< 1 MB",
    (packed?.size ?? Infinity) < 1_000_000,
  );
  record(
    "What npx installs besides the tarball",
    `${dependencies} runtime dependencies`,
    "0",
    dependencies === 0,
  );
}

// 6. HTTP load -------------------------------------------------------------------------------
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The lowest resident memory seen within `ms`: V8 returns freed heap to the system lazily. */
async function settledRss(pid: number, ms: number): Promise<number> {
  let lowest = rssOf(pid);
  for (let waited = 0; waited < ms; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    lowest = Math.min(lowest, rssOf(pid));
  }
  return lowest;
}

interface HttpChild {
  url: string;
  pid: number;
  /** Collects garbage in the server and returns the heap that survives, in MB. */
  heapAfterGc(): Promise<number>;
  stop(): void;
}

const HTTP_TOKEN = "bench-http-token-0123456789abcdefghijklmnop";

async function startHttpChild(
  server: string[] = [ENTRY, "--http", "--port", "0", "--sandbox"],
): Promise<HttpChild> {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--require", `${ROOT}bench/heapProbe.cjs`, ...server],
    {
      env: { ...ENV, MCP_HTTP_TOKEN: HTTP_TOKEN, MCP_HTTP_MAX_SESSIONS: "500" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let seen = "";
  const waiters: ((heap: number) => void)[] = [];
  child.stderr.on("data", (chunk) => {
    seen += chunk;
    for (let match = /heap-after-gc (\d+)\n/.exec(seen); match; match = /heap-after-gc (\d+)\n/.exec(seen)) {
      seen = seen.slice(match.index + match[0].length);
      waiters.shift()?.(Number(match[1]) / 2 ** 20);
    }
  });
  const url = await new Promise<string>((resolve) => {
    const look = () => {
      const match = /listening on (\S+)/.exec(seen);
      if (match?.[1]) {
        child.stderr.off("data", look);
        resolve(match[1]);
      }
    };
    child.stderr.on("data", look);
  });
  return {
    url,
    pid: child.pid as number,
    heapAfterGc: () =>
      new Promise((resolve) => {
        waiters.push(resolve);
        child.kill("SIGUSR2");
      }),
    stop: () => child.kill("SIGTERM"),
  };
}

/** Opens `sessions` sessions, makes `calls` cached calls in each, closes them all; RSS while open. */
async function httpRound(
  server: HttpChild,
  sessions: number,
  calls: number,
  latencies: number[],
): Promise<number> {
  const connect = async () => {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${HTTP_TOKEN}` } },
    });
    const client = new Client({ name: "load", version: "1.0.0" });
    await client.connect(transport);
    return { client, transport };
  };
  const clients = await Promise.all(Array.from({ length: sessions }, connect));
  await Promise.all(
    clients.map(async ({ client }) => {
      for (let i = 0; i < calls; i++) {
        const callStart = performance.now();
        const result = (await client.callTool({
          name: "list_salesforce_fields",
          arguments: { ...LOCATION, salesforce_object: "Contact", query: "phone" },
        })) as CallToolResult;
        if (result.isError) throw new Error("load call failed");
        latencies.push(performance.now() - callStart);
      }
    }),
  );
  const open = rssOf(server.pid);
  for (const { client, transport } of clients) {
    await transport.terminateSession();
    await client.close();
  }
  return open;
}

/** The heap each open session holds, in KB: sessions opened (initialize only), heap after GC before and with them. */
async function heapPerSession(server: HttpChild, sessions: number): Promise<number> {
  const open = async () => {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${HTTP_TOKEN}` } },
    });
    const client = new Client({ name: "heap", version: "1.0.0" });
    await client.connect(transport);
    await client.listTools();
    return { client, transport };
  };
  // A first round warms the code paths; then the heap without sessions, and with them open.
  for (const { client, transport } of await Promise.all(Array.from({ length: 10 }, open))) {
    await transport.terminateSession();
    await client.close();
  }
  const before = await server.heapAfterGc();
  const clients = await Promise.all(Array.from({ length: sessions }, open));
  const during = await server.heapAfterGc();
  for (const { client, transport } of clients) {
    await transport.terminateSession();
    await client.close();
  }
  return ((during - before) * 1024) / sessions;
}

async function httpSessionHeap(): Promise<void> {
  const sessions = QUICK ? 20 : 100;
  const ours = await startHttpChild();
  const oursKb = await heapPerSession(ours, sessions);
  ours.stop();
  const bare = await startHttpChild([`${ROOT}bench/floor-http-server.mjs`]);
  const bareKb = await heapPerSession(bare, sessions);
  bare.stop();
  const ratio = oursKb / bareKb;
  record(
    "Heap per open HTTP session, vs a bare SDK server's",
    `${oursKb.toFixed(0)} KB vs ${bareKb.toFixed(0)} KB = ${ratio.toFixed(2)}x (${sessions} sessions open, heap after GC)`,
    "≤ 2x",
    ratio <= 2,
  );
}

async function httpLoad(): Promise<void> {
  const server = await startHttpChild();
  const sessions = QUICK ? 20 : 100;
  const callsPerSession = QUICK ? 10 : 50;
  // A first round warms the cache, the JIT and V8's heap, which keeps its high-water mark: what
  // tells a leak from a warm heap is the memory after a second, identical round.
  const idle = rssOf(server.pid);
  await httpRound(server, sessions, callsPerSession, []);
  const before = await settledRss(server.pid, 20_000);
  const latencies: number[] = [];
  const start = performance.now();
  const during = await httpRound(server, sessions, callsPerSession, latencies);
  const elapsed = (performance.now() - start) / 1000;
  const afterClose = await settledRss(server.pid, 20_000);
  server.stop();
  record(
    `HTTP load: ${sessions} sessions x ${callsPerSession} cached calls`,
    `${(latencies.length / elapsed).toFixed(0)} calls/s, p50 ${ms(median(latencies))}, p99 ${ms(percentile(latencies, 99))}`,
    "(figures)",
  );
  record(
    "HTTP server resident memory",
    `${idle.toFixed(0)} MB idle, ${before.toFixed(0)} MB after a warm-up round, ${during.toFixed(0)} MB with the measured round's sessions open, ${afterClose.toFixed(0)} MB after they closed (lowest within 20 s)`,
    "after ≤ before + 10 MB",
    afterClose <= before + 10,
  );
}

/**
 * Rounds of sessions that come and go, with resident memory and the heap that survives a full
 * garbage collection after each: a leak grows both round after round; a warm V8 plateaus.
 */
async function soak(): Promise<void> {
  const server = await startHttpChild();
  const rounds = QUICK ? 4 : 10;
  const sessions = QUICK ? 20 : 100;
  const callsPerSession = QUICK ? 10 : 50;
  const rss: number[] = [];
  const heap: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    await httpRound(server, sessions, callsPerSession, []);
    heap.push(await server.heapAfterGc());
    rss.push(await settledRss(server.pid, 2_000));
    console.error(
      `  soak round ${round}: RSS ${rss.at(-1)?.toFixed(0)} MB, heap after GC ${heap.at(-1)?.toFixed(1)} MB`,
    );
  }
  server.stop();
  const growth = (values: number[]) => (values.at(-1) as number) - (values[1] as number);
  record(
    `HTTP soak: ${rounds} rounds of ${sessions} sessions x ${callsPerSession} calls, RSS per round`,
    `${rss.map((value) => value.toFixed(0)).join(", ")} MB (round ${rounds} - round 2: ${growth(rss).toFixed(1)} MB)`,
    `round ${rounds} within 10 MB of round 2`,
    Math.abs(growth(rss)) <= 10,
  );
  record(
    "HTTP soak: heap after GC per round",
    `${heap.map((value) => value.toFixed(1)).join(", ")} MB (round ${rounds} - round 2: ${growth(heap).toFixed(1)} MB)`,
    `round ${rounds} within 10 MB of round 2`,
    Math.abs(growth(heap)) <= 10,
  );
}

// Run ----------------------------------------------------------------------------------------
const started = performance.now();
console.error("building...");
execFileSync(process.execPath, [`${ROOT}scripts/build.mjs`], { stdio: "inherit" });
/** The sections, run in this order; `npm run bench -- heap cold` runs only those named. */
const SECTIONS: [string, string, () => unknown][] = [
  ["cold", "1. cold start", coldStart],
  ["calls", "2-3. call overhead and tokens", overheadAndTokens],
  ["growth", "4. growth", growth],
  ["footprint", "5. install footprint", footprint],
  ["load", "6. HTTP load", httpLoad],
  ["heap", "6b. heap per HTTP session", httpSessionHeap],
  ["soak", "7. HTTP soak", soak],
];
const chosen = process.argv.slice(2);
const unknownSection = chosen.find((name) => !SECTIONS.some(([key]) => key === name));
if (unknownSection) {
  console.error(`unknown section "${unknownSection}"; sections: ${SECTIONS.map(([key]) => key).join(", ")}`);
  process.exit(2);
}
for (const [key, title, run] of SECTIONS) {
  if (chosen.length > 0 && !chosen.includes(key)) continue;
  console.error(title);
  await run();
}
const partial = chosen.length > 0;

const cpu = cpus()[0]?.model ?? "unknown CPU";
const machine = `${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const table = [
  "| Figure | Measured | Goal | Met |",
  "|---|---|---|---|",
  ...rows.map(
    (row) =>
      `| ${row.figure} | ${row.value} | ${row.goal} | ${row.met === undefined ? "" : row.met ? "yes" : "**no**"} |`,
  ),
].join("\n");
const report = `# Benchmark results

${new Date().toISOString().slice(0, 10)}, ${machine}${QUICK ? " (BENCH_QUICK: fewer runs)" : ""}. Medians over repeated runs;
every comparison is measured side by side in the same run. Tokens are counted with gpt-tokenizer
(o200k_base). Reproduce with \`npm run bench\` (${((performance.now() - started) / 1000).toFixed(0)} s here).

${table}
`;
console.log(`\n${table}\n`);
if (!QUICK && !partial) writeFileSync(`${ROOT}bench/RESULTS.md`, report);
process.exit(0);
