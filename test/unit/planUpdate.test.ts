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

/** The same sheet with an update action that already writes Title onto a Contact. */
const CONFIGURED = readActionGraph([
  {
    action_instance_id: "input",
    action_id: "input",
    display_name: "Input",
    outputs: [
      { name: "title", type: "string" },
      { name: "contact_id", type: "string" },
    ],
  },
  {
    action_instance_id: "salesforce_update_record_1",
    action_id: "salesforce_update_record",
    display_name: "Update",
    inputs: {
      record_id: "{{input.contact_id}}",
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", label: "Job Title", value: "{{input.title}}" }],
    },
  },
]);

function sources(reads: string[], sheet = true, graph = GRAPH): UpdateSources {
  return {
    sheet: async () => {
      reads.push("sheet");
      return sheet && graph
        ? { available: true, graph, readAt: 0 }
        : { available: false, reason: "no route." };
    },
    objects: async () => {
      reads.push("objects");
      return [
        { name: "Contact", label: "Contact" },
        { name: "Lead", label: "Lead" },
      ];
    },
    fields: async (object) => {
      reads.push(`fields ${object}`);
      return [
        { name: "Title", label: "Job Title", type: "string", updateable: true },
        { name: "Phone", label: "Business Phone", type: "phone", updateable: true },
      ];
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
    const plan = await planUpdate(
      { ...request, add_fields_and_their_values: [{ name: "Title", value: "{{input.title" }] },
      sources(reads),
    );
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

  it("without the sheet, refuses a merge it cannot make and says how to replace instead", async () => {
    const plan = await planUpdate(request, sources([], false));
    assert.deepEqual(plan.ok ? [] : plan.problems, [
      "add_fields_and_their_values: the action's settings cannot be read (no route.), so the fields given cannot be merged into the action's; to set the whole list instead, call again with replace_fields true and every field the action should write",
    ]);
  });

  it("without the sheet, replaces on request, checks by pattern, leaves the flags out, and says so", async () => {
    const plan = await planUpdate({ ...request, replace_fields: true }, sources([], false));
    assert.ok(plan.ok);
    assert.equal(plan.current, undefined);
    assert.equal("ignore_empty_values" in plan.inputs, false);
    assert.match(plan.warnings.join(), /checked by pattern only/);
  });

  it("without the sheet, needs the record and the object it cannot read", async () => {
    const plan = await planUpdate(
      {
        action_instance_id: request.action_instance_id,
        add_fields_and_their_values: request.add_fields_and_their_values,
        replace_fields: true,
      },
      sources([], false),
    );
    assert.match(
      plan.ok ? "" : plan.problems.join("\n"),
      /record_id: needed, since the action's settings cannot be read[\s\S]*salesforce_object: needed/,
    );
  });

  it("without the sheet, still refuses a token naming the action itself", async () => {
    const plan = await planUpdate(
      { ...request, replace_fields: true, record_id: "{{salesforce_update_record_1.record_id}}" },
      sources([], false),
    );
    assert.deepEqual(plan.ok ? [] : plan.problems, [
      "record_id: {{salesforce_update_record_1.record_id}}: an action cannot read its own outputs",
    ]);
  });

  it("merges the fields given into the ones held, keeping the record and object, and lists each field's change", async () => {
    const plan = await planUpdate(
      {
        action_instance_id: "salesforce_update_record_1",
        add_fields_and_their_values: [{ name: "phone", value: "555" }],
      },
      sources([], true, CONFIGURED),
    );
    assert.ok(plan.ok, plan.ok ? "" : plan.problems.join());
    assert.deepEqual(plan.inputs.add_fields_and_their_values, [
      { name: "Title", label: "Job Title", value: "{{input.title}}" },
      { name: "Phone", label: "Business Phone", value: "555" },
    ]);
    assert.equal(plan.inputs.record_id, "{{input.contact_id}}");
    assert.deepEqual(
      plan.changes.filter((change) => change.input === "add_fields_and_their_values"),
      [{ input: "add_fields_and_their_values", field: "Phone", from: null, to: "555" }],
    );
  });

  it("names a field that a removal drops, and refuses to leave the action with none", async () => {
    const only = { action_instance_id: "salesforce_update_record_1", remove_fields: ["title"] };
    const empty = await planUpdate(only, sources([], true, CONFIGURED));
    assert.match(empty.ok ? "" : empty.problems.join(), /would leave the action with no fields/);
    const plan = await planUpdate(
      { ...only, add_fields_and_their_values: [{ name: "Phone", value: "1" }] },
      sources([], true, CONFIGURED),
    );
    assert.ok(plan.ok);
    assert.match(plan.warnings.join(), /This drops Title from the action's fields \(remove_fields\)/);
    assert.ok(
      plan.changes.some((change) => "field" in change && change.field === "Title" && change.to === null),
    );
  });

  it("refuses to merge fields of the held object into another object's", async () => {
    const plan = await planUpdate(
      {
        action_instance_id: "salesforce_update_record_1",
        salesforce_object: "Lead",
        add_fields_and_their_values: [{ name: "Phone", value: "1" }],
      },
      sources([], true, CONFIGURED),
    );
    assert.match(
      plan.ok ? "" : plan.problems.join(),
      /updates Contact and holds fields of it \(Title\).*replace_fields true/,
    );
  });

  it("stops at an action that is not an update action, before asking the org", async () => {
    const reads: string[] = [];
    const plan = await planUpdate({ ...request, action_instance_id: "nope_1" }, sources(reads));
    assert.equal(plan.ok, false);
    assert.deepEqual(reads, ["sheet"]);
  });
});
