import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readActionGraph } from "../../src/floqer/actionGraph.js";
import { planUpdate, type UpdateSources } from "../../src/salesforce/planUpdate.js";

const GRAPH = readActionGraph([
  {
    action_instance_id: "input",
    action_id: "input",
    display_name: "Input",
    outputs: [{ name: "title", type: "string" }],
  },
  {
    action_instance_id: "salesforce_update_record_1",
    action_id: "salesforce_update_record",
    display_name: "Update",
    inputs: { ignore_empty_values: false },
    next: [],
  },
]);

function sources(reads: string[], sheet = true): UpdateSources {
  return {
    sheet: async () => {
      reads.push("sheet");
      return sheet && GRAPH
        ? { available: true, graph: GRAPH, readAt: 0 }
        : { available: false, reason: "no route." };
    },
    objects: async () => {
      reads.push("objects");
      return [{ name: "Contact", label: "Contact" }];
    },
    fields: async (object) => {
      reads.push(`fields ${object}`);
      return [{ name: "Title", label: "Job Title", type: "string", updateable: true }];
    },
  };
}

const request = {
  action_instance_id: "salesforce_update_record_1",
  record_id: "0035g00000XyZaBAAV",
  salesforce_object: "contact",
  add_fields_and_their_values: [{ name: "title", value: "{{input.title}}" }],
};

describe("the update plan", () => {
  it("reads nothing for a request that fails the checks needing no data", async () => {
    const reads: string[] = [];
    const plan = await planUpdate({ ...request, add_fields_and_their_values: [] }, sources(reads));
    assert.equal(plan.ok, false);
    assert.deepEqual(reads, []);
  });

  it("turns a request, the sheet and the org into the inputs, keeping what the action holds", async () => {
    const reads: string[] = [];
    const plan = await planUpdate(request, sources(reads));
    assert.ok(plan.ok);
    assert.deepEqual(plan.inputs, {
      record_id: "0035g00000XyZaBAAV",
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", label: "Job Title", value: "{{input.title}}" }],
      ignore_empty_values: false,
      run_salesforce_assignment_rules: true,
    });
    assert.deepEqual(
      plan.changes.map((change) => change.input),
      ["record_id", "salesforce_object", "add_fields_and_their_values", "run_salesforce_assignment_rules"],
    );
    assert.deepEqual(reads, ["sheet", "objects", "fields Contact"]);
  });

  it("without the sheet, checks by pattern, leaves the flags out, and says so", async () => {
    const plan = await planUpdate(request, sources([], false));
    assert.ok(plan.ok);
    assert.equal(plan.current, undefined);
    assert.equal("ignore_empty_values" in plan.inputs, false);
    assert.match(plan.warnings.join(), /checked by pattern only/);
  });

  it("without the sheet, still refuses a token naming the action itself", async () => {
    const plan = await planUpdate(
      { ...request, record_id: "{{salesforce_update_record_1.record_id}}" },
      sources([], false),
    );
    assert.deepEqual(plan.ok ? [] : plan.problems, [
      "record_id: {{salesforce_update_record_1.record_id}}: an action cannot read its own outputs",
    ]);
  });

  it("stops at an action that is not an update action, before asking the org", async () => {
    const reads: string[] = [];
    const plan = await planUpdate({ ...request, action_instance_id: "nope_1" }, sources(reads));
    assert.equal(plan.ok, false);
    assert.deepEqual(reads, ["sheet"]);
  });
});
