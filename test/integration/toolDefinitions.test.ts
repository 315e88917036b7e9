/**
 * The agent-facing contract, checked through a real client: every tool's definition is compared
 * with the committed snapshot (UPDATE_SNAPSHOTS=1 rewrites it after a deliberate change).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { type Harness, startHarness } from "../support/harness.js";

const SNAPSHOT = new URL("../snapshots/tools.json", import.meta.url);

describe("tool definitions", () => {
  let harness: Harness;
  let tools: Tool[];
  before(async () => {
    harness = await startHarness();
    tools = (await harness.client.listTools()).tools;
  });
  after(() => harness.close());

  it("match the committed snapshot", () => {
    const current = `${JSON.stringify(tools, null, 2)}\n`;
    if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(SNAPSHOT, current);
    assert.equal(
      current,
      readFileSync(SNAPSHOT, "utf8"),
      "tools/list changed: review, then UPDATE_SNAPSHOTS=1 npm test",
    );
  });

  it("are the workflow, guard and update tools, each complete", () => {
    assert.deepEqual(
      tools.map((tool) => tool.name),
      [
        "list_workflows",
        "get_workflow",
        "confirm_salesforce_connection",
        "add_salesforce_update_action",
        "list_salesforce_objects",
        "list_salesforce_fields",
        "list_references",
        "configure_salesforce_update",
      ],
    );
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

  it("mark only adding and configuring as writes", () => {
    const writes = tools.filter((tool) => !tool.annotations?.readOnlyHint).map((tool) => tool.name);
    assert.deepEqual(writes, ["add_salesforce_update_action", "configure_salesforce_update"]);
  });

  it("keep the public argument names", () => {
    const argumentsOf = (name: string) =>
      Object.keys(tools.find((tool) => tool.name === name)?.inputSchema.properties ?? {}).sort();
    assert.deepEqual(argumentsOf("configure_salesforce_update"), [
      "action_instance_id",
      "add_fields_and_their_values",
      "confirmation_token",
      "dry_run",
      "ignore_empty_values",
      "record_id",
      "run_salesforce_assignment_rules",
      "salesforce_object",
      "sheet_id",
      "workflow_id",
    ]);
    assert.deepEqual(argumentsOf("list_salesforce_fields"), [
      "action_instance_id",
      "cursor",
      "limit",
      "query",
      "refresh",
      "salesforce_object",
      "sheet_id",
      "updateable_only",
      "workflow_id",
    ]);
    assert.deepEqual(argumentsOf("add_salesforce_update_action"), [
      "after",
      "confirmation_token",
      "dry_run",
      "name",
      "sheet_id",
      "workflow_id",
    ]);
    assert.deepEqual(argumentsOf("list_workflows"), ["cursor", "limit", "query"]);
    assert.deepEqual(argumentsOf("get_workflow"), ["workflow_id"]);
    assert.deepEqual(argumentsOf("add_salesforce_update_action"), [
      "after",
      "confirmation_token",
      "dry_run",
      "name",
      "sheet_id",
      "workflow_id",
    ]);
    assert.deepEqual(argumentsOf("list_workflows"), ["cursor", "limit", "query"]);
    assert.deepEqual(argumentsOf("get_workflow"), ["workflow_id"]);
    assert.deepEqual(argumentsOf("confirm_salesforce_connection"), [
      "action_instance_id",
      "question_id",
      "sheet_id",
      "user_confirmed",
      "workflow_id",
    ]);
  });
});
