/**
 * Agent frameworks, as agent builders use them: LangChain's MCP adapters drive the built server
 * over stdio through the whole guarded flow (no elicitation, so the question and then the user's
 * answer), against the emulator, which counts the writes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { FloqerEmulator } from "../../src/sandbox/emulator.js";
import { TOOLS } from "../../src/tools/index.js";

const ENTRY = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** A LangChain tool's answer, whatever shape the adapter gives it, as the server's JSON. */
function answerOf(result: unknown): Record<string, unknown> {
  const blocks = Array.isArray(result) ? result : [result];
  const text = blocks
    .map((block) => (typeof block === "string" ? block : ((block as { text?: string }).text ?? "")))
    .join("");
  return JSON.parse(text) as Record<string, unknown>;
}

describe("LangChain MCP adapters over stdio", () => {
  const emulator = new FloqerEmulator();
  let client: MultiServerMCPClient;
  before(async () => {
    const baseUrl = await emulator.start();
    client = new MultiServerMCPClient({
      mcpServers: {
        floqer: {
          transport: "stdio",
          command: process.execPath,
          args: [ENTRY],
          env: { PATH: process.env.PATH ?? "", FLOQER_API_KEY: emulator.apiKey, FLOQER_BASE_URL: baseUrl },
        },
      },
      useStandardContentBlocks: true,
    });
  });
  after(async () => {
    await client.close();
    await emulator.stop();
  });

  it("sees every tool and completes the guarded flow with exactly one write", async () => {
    const tools = await client.getTools();
    assert.deepEqual(
      tools.map((tool) => tool.name),
      TOOLS.map((tool) => tool.name),
    );
    const use = (name: string) => {
      const tool = tools.find((candidate) => candidate.name === name);
      assert.ok(tool, name);
      return async (args: Record<string, unknown>) => answerOf(await tool.invoke(args));
    };
    const location = {
      workflow_id: "wf_demo_enrich_contacts",
      action_instance_id: "salesforce_update_record_1",
    };
    const asked = await use("confirm_salesforce_connection")(location);
    assert.equal(asked.status, "needs_user_confirmation");
    const confirmed = await use("confirm_salesforce_connection")({
      ...location,
      question_id: asked.question_id,
      user_confirmed: true,
    });
    assert.equal(confirmed.status, "confirmed");
    const references = await use("list_references")({ ...location, query: "records_found.Id" });
    const recordId = (references.references as { token: string }[])[0]?.token;
    const update = {
      ...location,
      record_id: recordId,
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
    };
    const dry = await use("configure_salesforce_update")({ ...update, dry_run: true });
    assert.equal(dry.status, "dry_run");
    assert.equal(emulator.changeAttempts.length, 0, "a dry run writes nothing");
    const done = await use("configure_salesforce_update")({
      ...update,
      confirmation_token: confirmed.confirmation_token,
    });
    assert.equal(done.status, "configured");
    assert.deepEqual(
      emulator.changeAttempts.map((request) => [request.method, request.status]),
      [["PATCH", 200]],
      "exactly one write",
    );
  });
});
