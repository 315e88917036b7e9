/**
 * The agent-facing contract, checked through a real client: every tool's definition is compared
 * with its committed snapshot, one file per tool (UPDATE_SNAPSHOTS=1 rewrites them after a
 * deliberate change).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { encode } from "gpt-tokenizer";
import { TOOL } from "../../src/toolNames.js";
import { ALL_TOKEN_BUDGET, CORE_TOKEN_BUDGET, CORE_TOOLS, TOOLS } from "../../src/tools/catalog.js";
import { TITLE, WEBSITE_URL } from "../../src/version.js";
import { type Harness, startHarness } from "../support/harness.js";

const SNAPSHOTS = new URL("../snapshots/tools/", import.meta.url);

describe("tool definitions", () => {
  let harness: Harness;
  let tools: Tool[];
  before(async () => {
    harness = await startHarness();
    tools = (await harness.client.listTools()).tools;
  });
  after(() => harness.close());

  // One snapshot per tool (argument names, types, descriptions, annotations): a change to one
  // tool's contract shows up as a change to its own file.
  it("match the committed snapshot, one file per tool", () => {
    const update = process.env.UPDATE_SNAPSHOTS === "1";
    if (update) mkdirSync(SNAPSHOTS, { recursive: true });
    for (const tool of tools) {
      const file = new URL(`${tool.name}.json`, SNAPSHOTS);
      const current = `${JSON.stringify(tool, null, 2)}\n`;
      if (update) writeFileSync(file, current);
      assert.equal(
        current,
        existsSync(file) ? readFileSync(file, "utf8") : "(no snapshot)",
        `${tool.name} changed: review, then UPDATE_SNAPSHOTS=1 npm test`,
      );
    }
    const files = readdirSync(SNAPSHOTS).filter((name) => name.endsWith(".json"));
    assert.deepEqual(
      files.sort(),
      tools.map((tool) => `${tool.name}.json`).sort(),
      "no snapshot of a tool that is gone",
    );
  });

  it("are the catalog's tools, in its order, each named once in the names' home, each complete", () => {
    assert.deepEqual(
      tools.map((tool) => tool.name),
      TOOLS.map((tool) => tool.name),
    );
    assert.deepEqual(new Set(Object.values(TOOL)), new Set(TOOLS.map((tool) => tool.name)));
    for (const tool of tools) {
      assert.ok(tool.title, `${tool.name} title`);
      assert.ok((tool.description ?? "").length > 100, `${tool.name} description`);
      assert.equal(tool.outputSchema?.type, "object", `${tool.name} outputSchema`);
      const annotations = tool.annotations ?? {};
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        assert.equal(typeof annotations[hint], "boolean", `${tool.name} ${hint}`);
      }
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {})) {
        assert.ok(
          (property as { description?: string }).description,
          `${tool.name}.${name} has a description`,
        );
      }
    }
  });

  it("come from a server that declares only what it does, with its face", () => {
    const capabilities = harness.client.getServerCapabilities();
    // The lists are fixed for the server's lifetime: no list_changed is ever sent.
    assert.deepEqual(
      [
        capabilities?.tools?.listChanged,
        capabilities?.prompts?.listChanged,
        capabilities?.resources?.listChanged,
      ],
      [false, false, false],
    );
    const info = harness.client.getServerVersion();
    assert.equal(info?.title, TITLE);
    assert.equal(info?.websiteUrl, WEBSITE_URL);
    assert.match(WEBSITE_URL, /^https:\/\/github\.com\/floqer-salesforce-mcp\/floqer-salesforce-mcp$/);
    const [icon] = info?.icons ?? [];
    assert.equal(icon?.mimeType, "image/svg+xml");
    assert.match(Buffer.from((icon?.src ?? "").split(",")[1] ?? "", "base64").toString(), /^<svg /);
  });

  it("keep the core tools within their token budget, as tools/list sends them", () => {
    const core = tools.filter((tool) => CORE_TOOLS.includes(tool.name));
    assert.equal(core.length, CORE_TOOLS.length);
    const tokens = encode(JSON.stringify(core)).length;
    assert.ok(tokens <= CORE_TOKEN_BUDGET, `the core tools take ${tokens} tokens, over ${CORE_TOKEN_BUDGET}`);
    const all = encode(JSON.stringify(tools)).length;
    assert.ok(all <= ALL_TOKEN_BUDGET, `all tools take ${all} tokens, over ${ALL_TOKEN_BUDGET}`);
  });

  it("describe every output field of the guard, whose signals an agent acts on", () => {
    const guard = tools.find((tool) => tool.name === TOOL.confirmConnection);
    for (const [name, property] of Object.entries(guard?.outputSchema?.properties ?? {})) {
      if (name === "sandbox") continue;
      assert.ok((property as { description?: string }).description, `${name} has a description`);
    }
  });

  it("fit strict tool modes: every input object closed, one type per property", () => {
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== "object" || node === null) return;
      const schema = node as Record<string, unknown>;
      if (schema.type === "object" && schema.properties) {
        assert.equal(schema.additionalProperties, false, `${where} is closed`);
      }
      assert.ok(!Array.isArray(schema.type), `${where} has one type`);
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}.${key}`);
    };
    for (const tool of tools) walk(tool.inputSchema, tool.name);
  });

  it("take null as not given for every optional argument, as strict clients send it", async () => {
    for (const tool of tools) {
      const required = new Set(tool.inputSchema.required ?? []);
      const nulls = Object.fromEntries(
        Object.keys(tool.inputSchema.properties ?? {})
          .filter((name) => !required.has(name))
          .map((name) => [name, null]),
      );
      const result = await harness.client.callTool({ name: tool.name, arguments: nulls });
      assert.doesNotMatch(JSON.stringify(result), /received null|expected .*, received null/i, tool.name);
    }
    const objects = await harness.call("list_salesforce_objects", {
      workflow_id: "wf_demo_enrich_contacts",
      action_instance_id: "salesforce_update_record_1",
      sheet_id: null,
      query: null,
      limit: null,
      cursor: null,
      refresh: null,
    });
    assert.equal(objects.isError, undefined);
  });

  it("mark as writes exactly the tools that take the guard's token (the guard itself only reads one back)", () => {
    for (const tool of tools) {
      const takesToken = Object.hasOwn(tool.inputSchema.properties ?? {}, "confirmation_token");
      const writes = takesToken && tool.name !== TOOL.confirmConnection;
      assert.equal(tool.annotations?.readOnlyHint, !writes, tool.name);
    }
    assert.ok(
      tools.some((tool) => !tool.annotations?.readOnlyHint),
      "some tool writes",
    );
  });
});
