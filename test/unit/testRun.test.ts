import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readActionGraph } from "../../src/floqer/actionGraph.js";
import { readAddedRows, readRows } from "../../src/floqer/rows.js";
import type { ActionGraph } from "../../src/sheet/graph.js";
import {
  effectOf,
  planDigest,
  plannedActions,
  type RunPlan,
  rowResult,
  runQuestion,
} from "../../src/sheet/testRun.js";

const GRAPH = readActionGraph([
  { action_instance_id: "input", action_id: "input", outputs: [{ name: "email" }] },
  { action_instance_id: "salesforce_lookup_record_1", action_id: "salesforce_lookup_record" },
  { action_instance_id: "salesforce_update_record_1", action_id: "salesforce_update_record" },
  { action_instance_id: "http_request_1", action_id: "http_request", display_name: "Call the CRM hook" },
  { action_instance_id: "mystery_step_1", action_id: "mystery_step" },
]) as ActionGraph;

const plan = (row: Record<string, string>): RunPlan => ({
  workflow_id: "w1",
  sheet_id: "w1",
  row,
  row_id: undefined,
  actions: plannedActions(GRAPH),
});

describe("what a test run will do", () => {
  it("says which actions read, which write outside Floqer, and which may", () => {
    assert.deepEqual(
      plannedActions(GRAPH).map((action) => action.effect),
      ["reads only", "writes outside Floqer", "writes outside Floqer", "may write outside Floqer"],
    );
    assert.equal(effectOf("find_work_email"), "reads only");
    assert.equal(effectOf("slack_send_message"), "writes outside Floqer");
  });

  it("binds the question to the exact run: the same plan gives the same digest, any change another", () => {
    const base = planDigest(plan({ email: "a@b.example", name: "A" }));
    assert.equal(planDigest(plan({ name: "A", email: "a@b.example" })), base, "column order does not matter");
    assert.notEqual(planDigest(plan({ email: "a@b.example", name: "B" })), base);
    assert.notEqual(planDigest({ ...plan({ email: "a@b.example", name: "A" }), sheet_id: "s2" }), base);
    assert.notEqual(
      planDigest({ ...plan({}), row: undefined, row_id: "r1" }),
      planDigest({ ...plan({}), row: undefined, row_id: "r2" }),
    );
  });

  it("asks about the row, every action in order, what writes outside, credits, and that it cannot be undone", () => {
    const question = runQuestion(plan({ email: "a@b.example" }));
    assert.match(question, /Run one new row of sheet w1 with email = "a@b\.example"/);
    assert.match(
      question,
      /3\. "Call the CRM hook" \(http_request\): writes outside Floqer; 4\. "mystery_step"/,
    );
    assert.match(
      question,
      /"salesforce_update_record", "Call the CRM hook" change real data outside Floqer for this row\. "mystery_step" may too/,
    );
    assert.match(question, /may cost Floqer credits\. A run cannot be undone\./);
  });
});

describe("what a row shows", () => {
  it("reads each cell in chain order and the update's outcome in plain words", () => {
    const result = rowResult(
      {
        row_id: "r1",
        row_status: "running",
        cells: {
          salesforce_lookup_record_1: { status: "complete" },
          salesforce_update_record_1: { status: "condition_not_met" },
        },
      },
      GRAPH,
      "salesforce_update_record_1",
    );
    assert.deepEqual(
      result.cells.map((cell) => cell.status),
      ["complete", "condition_not_met", "queued", "queued"],
    );
    assert.match(
      result.update.reading,
      /condition stopped the update on this row: nothing was written to Salesforce/,
    );
  });

  it("reads Floqer's rows tolerantly, bounds an error, and keeps an outputs_ref", () => {
    const [row] =
      readRows({
        rows: [
          {
            row_id: "r1",
            row_status: "has_failures",
            cells: {
              a_1: { status: "failed", error: { code: "STRING_TOO_LONG", message: "x".repeat(5_000) } },
              b_1: {
                status: "complete",
                outputs_ref: { url: "https://api.floqer.com/api/v1/blobs/1", size_bytes: 9 },
              },
              "../evil": { status: "complete" },
            },
          },
          { row_id: "not a valid id!" },
        ],
      }) ?? [];
    assert.ok(row);
    assert.ok((row.cells.a_1?.error ?? "").length <= 1_100);
    assert.match(row.cells.a_1?.error ?? "", /^STRING_TOO_LONG: x/);
    assert.equal(row.cells.b_1?.outputs_ref?.url, "https://api.floqer.com/api/v1/blobs/1");
    assert.equal(row.cells["../evil"], undefined);
    assert.deepEqual(
      readAddedRows({ row_ids: ["r1", 3], rejected: [{ row: 1, errors: [{ message: "No column x" }] }] }),
      {
        row_ids: ["r1"],
        rejected: ["No column x"],
      },
    );
    assert.equal(readAddedRows({ rows: [] }), undefined);
  });
});

describe("the yes and the chain", () => {
  it("a change to any action's settings changes the digest", () => {
    const changed = readActionGraph([
      { action_instance_id: "input", action_id: "input", outputs: [{ name: "email" }] },
      { action_instance_id: "salesforce_lookup_record_1", action_id: "salesforce_lookup_record" },
      {
        action_instance_id: "salesforce_update_record_1",
        action_id: "salesforce_update_record",
        inputs: { record_id: "{{input.email}}" },
      },
      { action_instance_id: "http_request_1", action_id: "http_request", display_name: "Call the CRM hook" },
      { action_instance_id: "mystery_step_1", action_id: "mystery_step" },
    ]) as ActionGraph;
    assert.notEqual(
      planDigest({ ...plan({ a: "1" }), actions: plannedActions(changed) }),
      planDigest(plan({ a: "1" })),
    );
  });

  it("never calls an id reads-only by a pattern: a find-or-create writes", () => {
    assert.equal(effectOf("hubspot_find_or_create_contact"), "writes outside Floqer");
    assert.equal(effectOf("apollo_search_people"), "may write outside Floqer");
  });

  it("knows when an earlier action stopped the chain, unless it says to continue", async () => {
    const { stoppedBefore } = await import("../../src/sheet/testRun.js");
    const row = { cells: { salesforce_lookup_record_1: { status: "failed" } } };
    assert.deepEqual(stoppedBefore(row, GRAPH, "salesforce_update_record_1"), {
      action_instance_id: "salesforce_lookup_record_1",
      status: "failed",
    });
    const continuing = readActionGraph([
      { action_instance_id: "input", action_id: "input" },
      {
        action_instance_id: "salesforce_lookup_record_1",
        action_id: "salesforce_lookup_record",
        continue_workflow_if_action_fails: true,
      },
      { action_instance_id: "salesforce_update_record_1", action_id: "salesforce_update_record" },
    ]) as ActionGraph;
    assert.equal(stoppedBefore(row, continuing, "salesforce_update_record_1"), undefined);
    const result = rowResult(
      { row_id: "r", row_status: "running", cells: row.cells },
      GRAPH,
      "salesforce_update_record_1",
    );
    assert.equal(result.update.stopped_at, "salesforce_lookup_record_1");
    assert.match(
      result.update.reading,
      /stopped before the update, at salesforce_lookup_record_1 \(failed\)/,
    );
  });

  it("bounds a cell's outputs by count as well as by length", () => {
    const outputs = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`k${index}`, index]));
    const [row] =
      readRows({
        rows: [{ row_id: "r1", row_status: "complete", cells: { a_1: { status: "complete", outputs } } }],
      }) ?? [];
    const shown = row?.cells.a_1?.outputs ?? {};
    assert.equal(Object.keys(shown).length, 51);
    assert.equal(shown.not_shown, "450 more outputs");
  });
});

describe("a stored outputs reference", () => {
  it("is followed only under the API's own base path, on its own origin", async () => {
    const { pathUnderBase } = await import("../../src/floqer/endpoints.js");
    const base = "https://api.floqer.com/api/v1";
    assert.equal(pathUnderBase("https://api.floqer.com/api/v1/blobs/1?x=2", base), "/blobs/1?x=2");
    assert.equal(pathUnderBase("https://api.floqer.com/api/v1/blobs/1", `${base}/`), "/blobs/1");
    for (const url of [
      "https://api.floqer.com/api/v1/%2e%2e/%2e%2e/admin/keys",
      "https://api.floqer.com/api/v1/../admin",
      "https://api.floqer.com/api/v1/a%2fb",
      "https://api.floqer.com/api/v1\\\\..\\\\admin",
      "https://evil.example/api/v1/blobs/1",
      "https://user:pw@api.floqer.com/api/v1/blobs/1",
      "https://api.floqer.com.evil.example/api/v1/blobs/1",
      "http://api.floqer.com/api/v1/blobs/1",
      "https://api.floqer.com/api/v10/blobs/1",
      "not a url",
    ]) {
      assert.equal(pathUnderBase(url, base), undefined, url);
    }
  });
});
