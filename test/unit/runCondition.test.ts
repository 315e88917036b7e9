import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readActionGraph } from "../../src/floqer/actionGraph.js";
import { unguardedRecordIdWarning } from "../../src/salesforce/recordIdSource.js";
import type { ActionGraph } from "../../src/sheet/graph.js";
import {
  checkRunCondition,
  describeRunCondition,
  planRunSettings,
  readRunSettings,
  runSettingsHeld,
  sameRunSettings,
  toRunCondition,
} from "../../src/sheet/runCondition.js";

const FOUND = "{{salesforce_lookup_record_1.records_found.Id}}";
const leaf = (variable: string, operator: string, values: string[] = []) => ({ variable, operator, values });

const GRAPH = readActionGraph([
  { action_instance_id: "input", action_id: "input", outputs: [{ name: "email", type: "string" }] },
  {
    action_instance_id: "salesforce_lookup_record_1",
    action_id: "salesforce_lookup_record",
    outputs: [{ name: "records_found", type: "structured_array", columns: [{ name: "Id" }] }],
  },
  { action_instance_id: "salesforce_update_record_1", action_id: "salesforce_update_record" },
  { action_instance_id: "find_work_email_1", action_id: "find_work_email", outputs: [{ name: "email" }] },
]) as ActionGraph;
const AT_UPDATE = { graph: GRAPH, index: 1 };

describe("a run condition as Floqer holds it", () => {
  it("reads the nested groups form, with the not-met flag inside run_if, and the fail flag beside it", () => {
    const nested = {
      conditions: [
        { conditions: [leaf(FOUND, "not empty")] },
        { conditions: [leaf("{{input.email}}", "contains", ["@acme.com"])], combinator: "OR" },
      ],
      continue_workflow_if_run_condition_not_met: true,
    };
    assert.deepEqual(readRunSettings({ run_if: nested, continue_workflow_if_action_fails: false }), {
      run_if: { conditions: nested.conditions },
      continue_workflow_if_run_condition_not_met: true,
      continue_workflow_if_action_fails: false,
    });
  });

  it("normalises the older flat form to one group of one condition", () => {
    assert.deepEqual(
      readRunSettings({
        run_if: {
          variable: FOUND,
          operator: "not empty",
          values: [],
          continue_workflow_if_run_condition_not_met: false,
        },
      }),
      {
        run_if: { conditions: [{ conditions: [leaf(FOUND, "not empty")] }] },
        continue_workflow_if_run_condition_not_met: false,
      },
    );
  });

  it("says what it cannot read instead of guessing, and nothing where there is no condition", () => {
    assert.equal(readRunSettings({ run_if: "always" }), "unreadable");
    assert.equal(
      readRunSettings({ run_if: { conditions: [{ conditions: [{ variable: 3 }] }] } }),
      "unreadable",
    );
    assert.deepEqual(readRunSettings({ run_if: null }), {});
  });

  it("tells a condition as one line, groups bracketed where they hold several", () => {
    const condition = toRunCondition([
      [leaf(FOUND, "not empty"), leaf("{{input.email}}", "contains any of", ["a", "b"])],
      [leaf("{{input.email}}", "is empty")],
    ]);
    assert.equal(
      describeRunCondition(condition),
      `(${FOUND} not empty AND {{input.email}} contains any of "a", "b") OR {{input.email}} is empty`,
    );
    assert.equal(condition.conditions[1]?.combinator, "OR");
    assert.equal(condition.conditions[0]?.conditions[1]?.combinator, "AND");
  });
});

describe("checking a condition before a write", () => {
  it("passes a visible token with a known operator and the right count of values", () => {
    assert.deepEqual(checkRunCondition([[leaf(FOUND, "not empty")]], AT_UPDATE), []);
  });

  it("refuses an operator Floqer does not list, naming the nearest", () => {
    const [problem] = checkRunCondition([[leaf(FOUND, "is not empty")]], AT_UPDATE);
    assert.match(
      problem ?? "",
      /run_if\[0\]\[0\]\.operator: 'is not empty' is not one Floqer lists; did you mean 'not empty'\?/,
    );
  });

  it("refuses a variable the action cannot see, and one that is not a token", () => {
    const problems = checkRunCondition(
      [[leaf("{{find_work_email_1.email}}", "not empty")], [leaf("email", "not empty")]],
      AT_UPDATE,
    );
    assert.match(problems[0] ?? "", /run_if\[0\]\[0\]\.variable: .*find_work_email_1 runs after this action/);
    assert.match(problems[1] ?? "", /run_if\[1\]\[0\]\.variable: give one reference token/);
  });

  it("counts values by operator, and refuses an empty group", () => {
    assert.match(checkRunCondition([[leaf(FOUND, "not empty", ["x"])]], AT_UPDATE).join(), /takes no values/);
    assert.match(
      checkRunCondition([[leaf(FOUND, "contains any of")]], AT_UPDATE).join(),
      /one value or more/,
    );
    assert.match(
      checkRunCondition([[leaf(FOUND, "is equal to", ["a", "b"])]], AT_UPDATE).join(),
      /exactly one value, got 2/,
    );
    assert.match(checkRunCondition([[]], AT_UPDATE).join(), /every group needs at least one condition/);
  });

  it("without the graph, still refuses a token naming the action itself", () => {
    const problems = checkRunCondition([[leaf("{{salesforce_update_record_1.record_id}}", "not empty")]], {
      actionInstanceId: "salesforce_update_record_1",
    });
    assert.match(problems.join(), /cannot read its own outputs/);
  });
});

describe("what is sent about when the action runs", () => {
  const held = readRunSettings({
    run_if: {
      conditions: [{ conditions: [leaf(FOUND, "not empty")] }],
      continue_workflow_if_run_condition_not_met: true,
    },
  });
  const ask = (over: Partial<Parameters<typeof planRunSettings>[0]>) => ({
    run_if: undefined,
    remove_run_if: false,
    continue_workflow_if_run_condition_not_met: undefined,
    continue_workflow_if_action_fails: undefined,
    ...over,
  });

  it("sends nothing when nothing is asked: the action keeps its condition", () => {
    const plan = planRunSettings(ask({}), held);
    assert.deepEqual(plan.ok && [plan.send, plan.changes], [{}, []]);
  });

  it("sends a new condition with the held not-met flag kept inside it", () => {
    const plan = planRunSettings(ask({ run_if: [[leaf("{{input.email}}", "is empty")]] }), held);
    assert.ok(plan.ok);
    assert.deepEqual(plan.send.run_if?.continue_workflow_if_run_condition_not_met, true);
    assert.deepEqual(plan.changes, [
      { input: "run_if", from: `${FOUND} not empty`, to: "{{input.email}} is empty" },
    ]);
  });

  it("sends the held condition back with a new flag, and refuses a flag with no condition to carry it", () => {
    const plan = planRunSettings(ask({ continue_workflow_if_run_condition_not_met: false }), held);
    assert.ok(plan.ok);
    assert.equal(plan.send.run_if?.conditions.length, 1);
    assert.deepEqual(plan.changes, [
      { input: "continue_workflow_if_run_condition_not_met", from: "true", to: "false" },
    ]);
    const none = planRunSettings(ask({ continue_workflow_if_run_condition_not_met: true }), {});
    assert.match(none.ok ? "" : none.problems.join(), /no condition for it to apply to; give run_if/);
    const unread = planRunSettings(ask({ continue_workflow_if_run_condition_not_met: true }), undefined);
    assert.match(unread.ok ? "" : unread.problems.join(), /cannot be read/);
  });

  it("removes a condition with null (inferred), and says so where there is none to remove", () => {
    const plan = planRunSettings(ask({ remove_run_if: true }), held);
    assert.deepEqual(plan.ok && plan.send, { run_if: null });
    const nothing = planRunSettings(ask({ remove_run_if: true }), {});
    assert.deepEqual(nothing.ok && [nothing.send, nothing.warnings.length], [{}, 1]);
  });

  it("tells a read-back that holds what was sent from one that does not", () => {
    const plan = planRunSettings(ask({ run_if: [[leaf("{{input.email}}", "is empty")]] }), held);
    assert.ok(plan.ok);
    const after = readRunSettings({ run_if: plan.send.run_if });
    assert.equal(runSettingsHeld(plan.send, after), true);
    assert.equal(runSettingsHeld(plan.send, held), false);
    assert.equal(
      sameRunSettings(held, readRunSettings({ run_if: structuredClone(plan.send.run_if) })),
      false,
    );
    assert.equal(runSettingsHeld({ run_if: null }, {}), true);
  });
});

describe("a record_id no condition guards", () => {
  it("warns for an earlier action's output, with the condition that would skip empty rows", () => {
    assert.match(
      unguardedRecordIdWarning(FOUND, undefined) ?? "",
      /no run condition guards it.*give run_if \[\[\{"variable":"\{\{salesforce_lookup_record_1\.records_found\.Id\}\}","operator":"not empty"\}\]\]/,
    );
  });

  it("says nothing for an input column, a literal ID, or a condition on the same action", () => {
    assert.equal(unguardedRecordIdWarning("{{input.contact_id}}", undefined), undefined);
    assert.equal(unguardedRecordIdWarning("0035g00000XyZaBAAV", undefined), undefined);
    assert.equal(unguardedRecordIdWarning(FOUND, toRunCondition([[leaf(FOUND, "not empty")]])), undefined);
  });
});
