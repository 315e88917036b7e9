import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  readAddedActionId,
  readConfiguredAction,
  readUser,
  readWorkflowList,
  readWorkflowOverview,
} from "../../src/floqer/workflows.js";

describe("reading workflow answers tolerantly", () => {
  it("reads the list as an array or wrapped, skipping entries without a usable id", () => {
    const entries = [
      { workflow_id: "wf_1", name: "Leads", last_run_at: "2026-11-01T00:00:00Z" },
      { id: "wf_2", title: "Accounts\u001b[31m", lastRunAt: null },
      { workflow_id: "../etc", name: "bad id" },
      { name: "no id" },
      "not an object",
    ];
    const expected = [
      { workflow_id: "wf_1", name: "Leads", last_run_at: "2026-11-01T00:00:00Z" },
      { workflow_id: "wf_2", name: "Accounts [31m" },
    ];
    assert.deepEqual(readWorkflowList(entries), expected);
    assert.deepEqual(readWorkflowList({ workflows: entries }), expected);
    assert.equal(readWorkflowList({ data: entries }), undefined);
  });

  it("reads the overview flat or wrapped, the main sheet flagged or first", () => {
    const flagged = readWorkflowOverview(
      {
        workflow_id: "wf_1",
        name: "Leads",
        sheets: [
          { sheet_id: "sh_2", name: "Child", is_main_sheet: false },
          { sheet_id: "wf_1", name: "Main", is_main_sheet: true },
        ],
      },
      "wf_1",
    );
    assert.deepEqual(
      flagged?.sheets.map((sheet) => [sheet.sheet_id, sheet.is_main_sheet]),
      [
        ["sh_2", false],
        ["wf_1", true],
      ],
    );
    const wrapped = readWorkflowOverview(
      { workflow: { id: "wf_9", name: "W" }, sheets: [{ id: "wf_9" }] },
      "wf_9",
    );
    assert.deepEqual(wrapped, {
      workflow_id: "wf_9",
      name: "W",
      sheets: [{ sheet_id: "wf_9", name: "wf_9", is_main_sheet: true }],
    });
    assert.equal(readWorkflowOverview({ workflow_id: "x" }, "x"), undefined, "no sheets is not an overview");
    assert.equal(readWorkflowOverview("nope", "x"), undefined);
  });

  it("reads the key's owner and the new action's id", () => {
    assert.deepEqual(readUser({ email: "a@b.c", first_name: "Ada", last_name: "Ops", role: "admin" }), {
      email: "a@b.c",
      name: "Ada Ops",
      role: "admin",
    });
    assert.deepEqual(readUser({ user: { name: "Solo" } }), { name: "Solo" });
    assert.equal(readUser([]), undefined);
    assert.equal(
      readAddedActionId({ action_instance_id: "salesforce_update_record_2" }),
      "salesforce_update_record_2",
    );
    assert.equal(readAddedActionId({ action: { id: "x_1" } }), "x_1");
    assert.equal(readAddedActionId({ action_instance_id: "bad id!" }), undefined);
  });
});

describe("Configure Action's answer", () => {
  it("keeps the outputs the action declares for itself, each one well-formed token", () => {
    const answer = {
      outputs: [
        { name: "record_id", reference: "{{salesforce_update_record_1.record_id}}" },
        { name: "account_url", reference: "{{salesforce_lookup_record_1.records_found}}" },
        { name: "bad name", reference: "{{salesforce_update_record_1.x}}" },
        { name: "extra", reference: "{{salesforce_update_record_1.extra}} and more" },
        { name: "plain", reference: 7 },
      ],
    };
    assert.deepEqual(readConfiguredAction(answer, "salesforce_update_record_1"), {
      outputs: [{ name: "record_id", reference: "{{salesforce_update_record_1.record_id}}" }],
    });
    assert.deepEqual(readConfiguredAction("nope", "salesforce_update_record_1"), {});
  });
});
