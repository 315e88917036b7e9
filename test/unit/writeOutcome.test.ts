import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UpdateActionInputs } from "../../src/salesforce/updateAction.js";
import { updateActionsOf } from "../../src/salesforce/updateAction.js";
import { addOutcome, configureOutcome } from "../../src/salesforce/writeOutcome.js";
import type { ActionGraph } from "../../src/sheet/graph.js";

const SENT: UpdateActionInputs = {
  record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
  salesforce_object: "Contact",
  add_fields_and_their_values: [{ name: "Title", label: "Job Title", value: "{{input.job_title}}" }],
  ignore_empty_values: true,
};
const BEFORE = { salesforce_object: "Lead", ignore_empty_values: true };

describe("what a configure did, read back", () => {
  it("applied: the action holds every input sent (labels are display only)", () => {
    const now = {
      ...SENT,
      add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
      extra: 1,
    };
    assert.deepEqual(configureOutcome(SENT, BEFORE, now), { kind: "applied" });
  });

  it("not applied: every input sent is as it was before", () => {
    assert.deepEqual(configureOutcome(SENT, BEFORE, { ...BEFORE }), { kind: "not_applied" });
  });

  it("neither: something else holds, named by input", () => {
    const now = { ...SENT, salesforce_object: "Account" };
    assert.deepEqual(configureOutcome(SENT, BEFORE, now), { kind: "other", differs: ["salesforce_object"] });
  });

  it("without what it held before, a mismatch is never called not applied", () => {
    assert.equal(configureOutcome(SENT, undefined, { ...BEFORE }).kind, "other");
    assert.equal(configureOutcome(SENT, undefined, { ...SENT }).kind, "applied");
  });

  it("an action gone from the sheet is neither", () => {
    assert.deepEqual(configureOutcome(SENT, BEFORE, undefined), { kind: "other", differs: [] });
  });
});

const action = (action_instance_id: string, action_id = "salesforce_update_record") => ({
  action_instance_id,
  action_id,
  display_name: action_instance_id,
  inputs: {},
  outputs: [],
});
const graph = (...ids: string[]): ActionGraph => ({
  inputs: [],
  actions: [action("salesforce_lookup_record_1", "salesforce_lookup_record"), ...ids.map((id) => action(id))],
});

describe("what an add did, read back", () => {
  it("lists a sheet's update actions only", () => {
    assert.deepEqual(updateActionsOf(graph("salesforce_update_record_1")), ["salesforce_update_record_1"]);
  });

  it("one new update action is the one added", () => {
    assert.deepEqual(
      addOutcome(
        ["salesforce_update_record_1"],
        graph("salesforce_update_record_1", "salesforce_update_record_2"),
      ),
      {
        kind: "added",
        actionInstanceId: "salesforce_update_record_2",
      },
    );
  });

  it("none new: nothing was added", () => {
    assert.deepEqual(addOutcome(["salesforce_update_record_1"], graph("salesforce_update_record_1")), {
      kind: "not_applied",
    });
  });

  it("several new: all named, none claimed", () => {
    assert.deepEqual(addOutcome([], graph("salesforce_update_record_1", "salesforce_update_record_2")), {
      kind: "several",
      actionInstanceIds: ["salesforce_update_record_1", "salesforce_update_record_2"],
    });
  });
});
