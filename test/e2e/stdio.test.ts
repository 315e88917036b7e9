/**
 * The built server (dist/index.js), spawned over stdio by a real MCP client, as Claude Desktop
 * and other clients run it: on its own sandbox, and against an independent Floqer emulator.
 */

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { MAX_ANSWER_BYTES } from "../../src/limits.js";
import { toolListing } from "../../src/mcp/listing.js";
import { TOOLS, toolsFor } from "../../src/tools/catalog.js";
import { tokenByAgent } from "../support/guard.js";
import { holdingAnswers } from "../support/heldOutputs.js";
import { type IndependentFloqer, startIndependentFloqer } from "../support/independentFloqer.js";
import { stdioFrames } from "../support/jsonRpc.js";
import { builtServer, ENTRY } from "../support/process.js";

/** Runs the built bin to its exit, as a user does for --version, --help or bad settings. */
function runToExit(args: string[], env: Record<string, string> = {}) {
  const { command, args: argv, env: environment } = builtServer(args, env);
  return spawnSync(command, argv, { env: environment, encoding: "utf8" });
}

async function connect(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({ ...builtServer(args, env), stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const client = holdingAnswers(new Client({ name: "e2e", version: "1.0.0" }), args.includes("--sandbox"));
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

const text = (result: CallToolResult) =>
  result.content.map((block) => ("text" in block ? block.text : "")).join("");

describe("built server over stdio", () => {
  before(() => {
    assert.ok(existsSync(ENTRY), "run npm run build first");
  });

  it("answers --version, --help, and exits 2 on invalid settings with one line", () => {
    const version = runToExit(["--version"]);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = runToExit(["--help"]);
    assert.match(help.stdout, /FLOQER_API_KEY/);
    const bad = runToExit([], {
      FLOQER_BASE_URL: "http://api.floqer.com/api/v1",
      FLOQER_API_KEY: "floq_e2e_secret",
    });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, "");
    assert.equal(bad.stderr.trim().split("\n").length, 1);
    assert.match(bad.stderr, /FLOQER_BASE_URL must use https/);
    assert.ok(!bad.stderr.includes("floq_e2e_secret"));
  });

  it("writes nothing but JSON-RPC messages to stdout", async () => {
    const { command, args, env } = builtServer(["--sandbox"]);
    const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const location = {
      workflow_id: "wf_demo_enrich_contacts",
      action_instance_id: "salesforce_update_record_1",
    };
    child.stdin.write(
      stdioFrames([
        { method: "tools/list" },
        { method: "tools/call", params: { name: "list_salesforce_objects", arguments: location } },
        {
          method: "tools/call",
          params: { name: "list_salesforce_fields", arguments: { ...location, salesforce_object: "Nope" } },
        },
        { method: "tools/call", params: { name: "no_such_tool", arguments: {} } },
      ]),
    );
    const deadline = Date.now() + 10_000;
    const answered = () => stdout.split("\n").filter((line) => line !== "").length;
    while (answered() < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.stdin.end();
    await new Promise((resolve) => child.once("exit", resolve));
    const lines = stdout.split("\n").filter((line) => line !== "");
    assert.equal(lines.length, 5, stdout);
    for (const line of lines) assert.equal(JSON.parse(line).jsonrpc, "2.0");
    assert.ok(stdout.endsWith("\n"));
  });

  it("starts without a key, lists its tools, and tells the agent to set FLOQER_API_KEY", async () => {
    const { client } = await connect([], {});
    try {
      assert.equal((await client.listTools()).tools.length, TOOLS.length);
      const result = await call(client, "list_salesforce_objects", {
        workflow_id: "w",
        action_instance_id: "a_1",
      });
      assert.equal(result.isError, true);
      assert.match(text(result), /FLOQER_API_KEY is not set/);
    } finally {
      await client.close();
    }
  });

  it("lists the schemas its source writes: the build's copy is the definitions' own", async () => {
    for (const [args, readOnly, sandbox] of [
      [["--sandbox"], false, true],
      [["--sandbox", "--read-only"], true, true],
      [[], false, false],
    ] as const) {
      const { client, stderr } = await connect([...args], { FLOQER_API_KEY: "floq_listing" });
      try {
        assert.deepEqual(
          (await client.listTools()).tools,
          toolListing(toolsFor(readOnly), sandbox),
          args.join(" "),
        );
        // A user who asked for read-only mode sees at start that it took effect.
        assert.equal(/read-only: only the tools that change nothing/.test(stderr()), readOnly);
      } finally {
        await client.close();
      }
    }
  });

  it("checks a form's answer with the validator it loads on the first form: a yes confirms, a string is a no", async () => {
    for (const [content, status] of [
      [{ connected: true }, "confirmed"],
      [{ connected: "true" }, "declined"],
    ] as const) {
      const transport = new StdioClientTransport({ ...builtServer(["--sandbox"], {}), stderr: "ignore" });
      const client = holdingAnswers(
        new Client({ name: "e2e", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } }),
        true,
      );
      client.setRequestHandler(ElicitRequestSchema, () => ({ action: "accept", content }));
      await client.connect(transport);
      try {
        const answer = await call(client, "confirm_salesforce_connection", {
          workflow_id: "wf_demo_enrich_contacts",
          action_instance_id: "salesforce_update_record_1",
        });
        const structured = answer.structuredContent as { status: string; confirmation_token?: string };
        assert.equal(structured.status, status, JSON.stringify(content));
        assert.equal(structured.confirmation_token !== undefined, status === "confirmed");
      } finally {
        await client.close();
      }
    }
  });

  it("runs guard, objects, fields, dry run and configure on the sandbox, marked as sandbox", async () => {
    const { client, stderr } = await connect(["--sandbox"], {});
    try {
      const location = {
        workflow_id: "wf_demo_enrich_contacts",
        action_instance_id: "salesforce_update_record_1",
      };
      const asked = await call(client, "confirm_salesforce_connection", location);
      assert.equal((asked.structuredContent as { status: string }).status, "needs_user_confirmation");
      const guard = await call(client, "confirm_salesforce_connection", {
        ...location,
        question_id: (asked.structuredContent as { question_id: string }).question_id,
        user_confirmed: true,
      });
      const token = (guard.structuredContent as { confirmation_token: string }).confirmation_token;
      const objects = await call(client, "list_salesforce_objects", { ...location, query: "lead" });
      assert.deepEqual(objects.structuredContent, {
        objects: [{ name: "Lead", label: "Lead" }],
        total: 1,
        sandbox: true,
      });
      const fields = await call(client, "list_salesforce_fields", {
        ...location,
        salesforce_object: "Lead",
        query: "rating",
      });
      assert.equal((fields.structuredContent as { total: number }).total, 1);
      const args = {
        ...location,
        record_id: "00Q5g00000LmNoPEAV",
        salesforce_object: "Lead",
        add_fields_and_their_values: [{ name: "Rating", value: "Hot" }],
      };
      const dry = await call(client, "configure_salesforce_update", { ...args, dry_run: true });
      assert.equal((dry.structuredContent as { status: string }).status, "dry_run");
      const refused = await call(client, "configure_salesforce_update", args);
      assert.equal(refused.isError, true);
      assert.match(text(refused), /^\[sandbox: /);
      const done = await call(client, "configure_salesforce_update", { ...args, confirmation_token: token });
      assert.deepEqual(
        {
          status: (done.structuredContent as { status: string }).status,
          sandbox: (done.structuredContent as { sandbox: boolean }).sandbox,
        },
        { status: "configured", sandbox: true },
      );
      assert.deepEqual(JSON.parse(text(done)), done.structuredContent);
      assert.match(stderr(), /sandbox: built-in Floqer emulator/);
    } finally {
      await client.close();
    }
  });

  it("refuses a 1 MB dry run of unknown tokens within the answer ceiling, and keeps serving", async () => {
    const { client } = await connect(["--sandbox"], {});
    try {
      const location = {
        workflow_id: "wf_demo_enrich_contacts",
        action_instance_id: "salesforce_update_record_1",
      };
      // 40 unknown fields, each with 1,800 unknown tokens: 1.3 MB asked, 72,040 problems.
      const pairs = Array.from({ length: 40 }, (_, pair) => ({
        name: `Unknown_${pair}__c`,
        value: Array.from({ length: 1_800 }, (_, index) => `{{input.c${pair}_${index}}}`).join(""),
      }));
      const request = { ...location, record_id: "0035g00000XyZaBAAV", salesforce_object: "Contact" };
      const result = await call(client, "configure_salesforce_update", {
        ...request,
        add_fields_and_their_values: pairs,
        dry_run: true,
      });
      assert.equal(result.isError, true);
      assert.ok(Buffer.byteLength(JSON.stringify(result)) <= MAX_ANSWER_BYTES);
      assert.match(text(result), /- and 72020 more problems, listed once these are fixed/);
      const next = await call(client, "configure_salesforce_update", {
        ...request,
        add_fields_and_their_values: [{ name: "Title", value: "x" }],
        dry_run: true,
      });
      assert.equal((next.structuredContent as { status: string }).status, "dry_run");
    } finally {
      await client.close();
    }
  });

  describe("against an independent Floqer emulator", () => {
    let upstream: IndependentFloqer;
    before(async () => {
      upstream = await startIndependentFloqer();
    });
    after(() => upstream.close());

    it("does the whole job: workflow, chain, references, dry run with changes, one PATCH; never shows the key", async () => {
      const { client, stderr } = await connect([], {
        FLOQER_API_KEY: upstream.apiKey,
        FLOQER_BASE_URL: upstream.baseUrl,
      });
      const outputs: string[] = [];
      const step = async (name: string, args: Record<string, unknown>) => {
        const result = await call(client, name, args);
        outputs.push(text(result));
        return result;
      };
      try {
        const found = await step("list_workflows", { query: "lead rating" });
        const workflowId = (found.structuredContent as { workflows: { workflow_id: string }[] }).workflows[0]
          ?.workflow_id;
        assert.equal(workflowId, "w42");
        const workflow = await step("get_workflow", { workflow_id: "w42" });
        const sheet = (
          workflow.structuredContent as {
            sheets: { actions: { action_instance_id: string }[]; update_actions: string[] }[];
          }
        ).sheets[0];
        assert.deepEqual(
          sheet?.actions.map((action) => action.action_instance_id),
          ["salesforce_lookup_record_2", "salesforce_update_record_3", "slack_send_message_1"],
        );
        const location = { workflow_id: "w42", action_instance_id: sheet?.update_actions[0] ?? "" };
        assert.equal(location.action_instance_id, "salesforce_update_record_3");

        const token = await tokenByAgent(step, location);
        const objects = await step("list_salesforce_objects", location);
        assert.deepEqual((objects.structuredContent as { objects: unknown[] }).objects, [
          { name: "Lead", label: "Lead" },
          { name: "Deal_Desk__c", label: "Deal Desk Request" },
        ]);
        const fields = await step("list_salesforce_fields", { ...location, salesforce_object: "lead" });
        assert.deepEqual(
          (fields.structuredContent as { fields: { name: string }[] }).fields.map((field) => field.name),
          ["Company", "Rating", "NumberOfEmployees"],
        );
        const references = await step("list_references", location);
        const tokens = (references.structuredContent as { references: { token: string }[] }).references.map(
          (reference) => reference.token,
        );
        assert.deepEqual(tokens, [
          "{{input.company}}",
          "{{input.work_email}}",
          "{{salesforce_lookup_record_2.records_found}}",
          "{{salesforce_lookup_record_2.records_found.Id}}",
          "{{salesforce_lookup_record_2.records_found.Company}}",
        ]);

        const args = {
          ...location,
          record_id: "{{salesforce_lookup_record_2.records_found.Id}}",
          salesforce_object: "Lead",
          add_fields_and_their_values: [
            { name: "rating", value: "Warm" },
            { name: "Company", value: "{{input.company}}" },
          ],
        };
        const calculated = await step("configure_salesforce_update", {
          ...args,
          add_fields_and_their_values: [
            { name: "Fit_Grade__c", value: "{{slack_send_message_1.message_ts}}" },
          ],
          confirmation_token: token,
        });
        assert.match(text(calculated), /slack_send_message_1 runs after this action/);
        assert.match(text(calculated), /Fit_Grade__c on Lead cannot be written/);
        const dry = await step("configure_salesforce_update", { ...args, dry_run: true });
        const preview = dry.structuredContent as {
          changes: { input: string; field?: string; from: unknown }[];
          current_inputs: unknown;
        };
        assert.deepEqual(preview.current_inputs, { run_salesforce_assignment_rules: false });
        assert.deepEqual(
          preview.changes.map((change) => [change.field ?? change.input, change.from]),
          [
            ["record_id", undefined],
            ["salesforce_object", undefined],
            ["Rating", undefined],
            ["Company", undefined],
            ["ignore_empty_values", undefined],
          ],
          "the flag the user set in the app is kept, so it is no change",
        );
        assert.equal(upstream.writes.length, 0);
        const done = await step("configure_salesforce_update", { ...args, confirmation_token: token });
        const answer = done.structuredContent as { status: string; request: unknown; warnings: string[] };
        assert.equal(answer.status, "configured");
        assert.deepEqual(answer.request, (dry.structuredContent as { request: unknown }).request);
        // The lookup finds nothing on some rows, and no condition skips them: said, with the fix.
        assert.deepEqual(answer.warnings.length, 1);
        assert.match(answer.warnings[0] ?? "", /no run condition guards it/);
        assert.deepEqual(upstream.writes, [
          {
            path: "/workflows/w42/sheets/w42/actions/salesforce_update_record_3",
            body: {
              inputs: {
                record_id: "{{salesforce_lookup_record_2.records_found.Id}}",
                salesforce_object: "Lead",
                add_fields_and_their_values: [
                  { name: "Rating", label: "Rating", value: "Warm" },
                  { name: "Company", label: "Company", value: "{{input.company}}" },
                ],
                ignore_empty_values: true,
                // The user switched assignment rules off in the app; an omitted flag keeps that.
                run_salesforce_assignment_rules: false,
              },
            },
          },
        ]);
        assert.deepEqual(
          upstream.requests.filter(
            (request) => request.method !== "GET" && !request.path.includes("/options/"),
          ),
          [{ method: "PATCH", path: upstream.writes[0]?.path, body: upstream.writes[0]?.body }],
          "one PATCH and no other write",
        );
        const missing = await step("list_salesforce_objects", { ...location, workflow_id: "w43" });
        assert.match(text(missing), /404.*No such action/);
      } finally {
        await client.close();
      }
      for (const output of [...outputs, stderr()]) assert.ok(!output.includes(upstream.apiKey));
    });

    it("without the graph route: configures on pattern checks and shows Floqer's warnings", async () => {
      const noGraph = await startIndependentFloqer({ actionGraph: false });
      const { client } = await connect([], {
        FLOQER_API_KEY: noGraph.apiKey,
        FLOQER_BASE_URL: noGraph.baseUrl,
      });
      try {
        const location = { workflow_id: "w42", action_instance_id: "salesforce_update_record_3" };
        const token = await tokenByAgent((name, args) => call(client, name, args), location);
        const done = await call(client, "configure_salesforce_update", {
          ...location,
          confirmation_token: token,
          record_id: "{{salesforce_lookup_record_2.record_id}}",
          salesforce_object: "Lead",
          add_fields_and_their_values: [{ name: "Rating", value: "Warm" }],
          // The action's list cannot be read to merge into: the whole list is sent, on request.
          replace_fields: true,
        });
        const answer = done.structuredContent as { status: string; warnings: string[] };
        assert.equal(answer.status, "configured");
        assert.match(
          answer.warnings[0] ?? "",
          /checked by pattern only, not against the sheet: Floqer has no route GET/,
        );
        assert.match(
          answer.warnings.find((warning) => warning.startsWith("Floqer warned")) ?? "",
          /^Floqer warned \(unresolved_reference on record_id\): "\{\{salesforce_lookup_record_2\.record_id\}\} does not resolve"$/,
        );
        assert.equal(noGraph.writes.length, 1);
      } finally {
        await client.close();
        await noGraph.close();
      }
    });

    it("reports a refused key as not connected, without echoing it", async () => {
      const { client } = await connect([], {
        FLOQER_API_KEY: "floq_not_the_right_one",
        FLOQER_BASE_URL: upstream.baseUrl,
      });
      try {
        const guard = await call(client, "confirm_salesforce_connection", {
          workflow_id: "w42",
          action_instance_id: "salesforce_update_record_3",
          user_confirmed: true,
        });
        assert.equal((guard.structuredContent as { status: string }).status, "not_connected");
        assert.match(text(guard), /401/);
        assert.ok(!text(guard).includes("floq_not_the_right_one"));
      } finally {
        await client.close();
      }
    });
  });
});
