/**
 * A write that may have landed is reported as what it did, never as a plain failure: the emulator
 * applies the write and then loses its answer (a 500, a reset, silence), and the tools read the
 * sheet back. Writes are counted where they land, at the emulator.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  type Configured,
  confirmedToken,
  DEMO_LOCATION,
  type Harness,
  startHarness,
  structured,
  textOf,
  withHarness,
} from "../support/harness.js";

const UPDATE = {
  ...DEMO_LOCATION,
  record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
  salesforce_object: "Contact",
  add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
};
const ROUTING = "wf_demo_lead_routing";
const ADD_PATH = `/sheets/${ROUTING}/actions`;
/** Words no answer may carry once a write may have landed. */
const BLIND = /try again|nothing was (changed|sent|added)/i;

interface Added {
  status: string;
  action_instance_id?: string;
  warnings: string[];
}

/**
 * One harness per suite, a short upstream timeout so a lost answer is found out quickly, and a
 * token; read through getters because they exist only once the suite starts.
 */
function lostAnswers(): { readonly harness: Harness; readonly token: string } {
  let harness: Harness | undefined;
  let token = "";
  before(async () => {
    harness = await startHarness({ settings: { timeoutMs: 2_000 } });
    token = await confirmedToken(harness);
  });
  after(() => harness?.close());
  return {
    get harness() {
      if (!harness) throw new Error("the suite has not started");
      return harness;
    },
    get token() {
      return token;
    },
  };
}

describe("a configure whose answer is lost", () => {
  const suite = lostAnswers();
  beforeEach(() => {
    suite.harness.emulator.faults.length = 0;
    suite.harness.emulator.requests.length = 0;
    const action = suite.harness.emulator.findAction(
      DEMO_LOCATION.workflow_id,
      DEMO_LOCATION.workflow_id,
      DEMO_LOCATION.action_instance_id,
    );
    if (action) {
      action.inputs = {};
      delete action.run_if;
    }
  });
  const configure = (more: Record<string, unknown> = {}) =>
    suite.harness.call("configure_salesforce_update", {
      ...UPDATE,
      ...more,
      confirmation_token: suite.token,
    });
  const GUARD = { run_if: [[{ variable: UPDATE.record_id, operator: "not empty" }]] };
  const patches = () => suite.harness.emulator.countRequests("PATCH");

  for (const [name, fault] of [
    ["a 500", { status: 500 }],
    ["a reset connection", { reset: true }],
    ["no answer before the timeout", { hang: true }],
  ] as const) {
    it(`applied, then ${name}: read back and reported as configured, sent once`, async () => {
      suite.harness.emulator.faults.push({ method: "PATCH", afterApplying: true, ...fault });
      const answer = structured<Configured>(await configure());
      assert.equal(answer.status, "configured");
      assert.ok(
        answer.warnings.some((warning) =>
          /answer was lost .* read back: the action holds exactly what was sent/.test(warning),
        ),
        answer.warnings.join("\n"),
      );
      assert.equal(patches(), 1, "never sent twice");
      assert.equal(suite.harness.emulator.writes.length, 1);
    });
  }

  it("not applied, then a 503: read back and reported as not applied, sent once", async () => {
    suite.harness.emulator.faults.push({ method: "PATCH", status: 503 });
    const result = await configure();
    assert.equal(result.isError, true);
    assert.match(
      textOf(result),
      /answer to the configure request was lost \(Floqer answered 503\)\. Read back just now, the action still holds what it held before: the change was not applied/,
    );
    assert.equal(patches(), 1, "a 503 on a write is not repeated blind");
    assert.equal(suite.harness.emulator.writes.length, 0);
  });

  it("with a run condition: applied, then a 500, read back (the condition too) and reported as configured", async () => {
    suite.harness.emulator.faults.push({ method: "PATCH", afterApplying: true, status: 500 });
    const answer = structured<Configured>(await configure(GUARD));
    assert.equal(answer.status, "configured");
    assert.match(answer.warnings.join("\n"), /read back: the action holds exactly what was sent/);
    assert.equal(patches(), 1);
  });

  it("with a run condition: not applied, then a 503, reported as not applied, sent once", async () => {
    suite.harness.emulator.faults.push({ method: "PATCH", status: 503 });
    const result = await configure(GUARD);
    assert.match(textOf(result), /the change was not applied/);
    assert.equal(patches(), 1);
  });

  it("a reset before anything was applied: not repeated, read back, not applied", async () => {
    suite.harness.emulator.faults.push({ method: "PATCH", reset: true });
    const result = await configure();
    assert.match(textOf(result), /ECONNRESET|broke before its answer arrived/);
    assert.match(textOf(result), /the change was not applied/);
    assert.equal(patches(), 1);
  });

  it("applied, then a 500, and the read-back fails too: may have been applied, and no blind retry", async () => {
    suite.harness.emulator.faults.push({
      method: "PATCH",
      afterApplying: true,
      status: 500,
      followedBy: [{ method: "GET", path: "/actions", status: 500, times: 3 }],
    });
    const result = await configure();
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.match(
      text,
      /reading the sheet back failed too .*: the change may have been applied\. Check what the action holds/,
    );
    assert.doesNotMatch(text, BLIND);
    assert.equal(patches(), 1);
  });
});

describe("an add whose answer is lost", () => {
  const suite = lostAnswers();
  const add = (args: Record<string, unknown> = {}) =>
    suite.harness.call("add_salesforce_update_action", {
      workflow_id: ROUTING,
      confirmation_token: suite.token,
      ...args,
    });
  const removeAdded = () => {
    const sheet = suite.harness.emulator.workflows.find((workflow) => workflow.workflow_id === ROUTING)
      ?.sheets[0];
    if (sheet)
      sheet.actions = sheet.actions.filter((action) => action.action_id !== "salesforce_update_record");
  };
  beforeEach(() => {
    suite.harness.emulator.faults.length = 0;
    suite.harness.emulator.requests.length = 0;
    removeAdded();
  });

  for (const [name, fault] of [
    ["a 500", { status: 500 }],
    ["a reset connection", { reset: true }],
    ["no answer before the timeout", { hang: true }],
  ] as const) {
    it(`applied, then ${name}: read back and reported as added with its id, added once`, async () => {
      suite.harness.emulator.faults.push({ method: "POST", path: ADD_PATH, afterApplying: true, ...fault });
      const answer = structured<Added>(await add());
      assert.equal(answer.status, "added");
      assert.equal(answer.action_instance_id, "salesforce_update_record_1");
      assert.ok(
        answer.warnings.some((warning) =>
          /answer was lost .* it now has salesforce_update_record_1/.test(warning),
        ),
      );
      assert.equal(suite.harness.emulator.adds.length, 1);
      assert.equal(suite.harness.emulator.countRequests("POST", ADD_PATH), 1, "Add Action is never repeated");

      // The agent, told to add again, is stopped by the action that is already there.
      const again = await add();
      assert.equal(again.isError, true);
      assert.match(textOf(again), /already has salesforce_update_record_1\. Configure that one/);
      assert.equal(suite.harness.emulator.adds.length, 1);
    });
  }

  it("not applied, then a 500: read back and reported as nothing added", async () => {
    suite.harness.emulator.faults.push({ method: "POST", path: ADD_PATH, status: 500 });
    const result = await add();
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Read back just now, the sheet has no new update action: nothing was added/);
    assert.equal(suite.harness.emulator.countRequests("POST", ADD_PATH), 1);
    assert.equal(suite.harness.emulator.adds.length, 0);
  });

  it("a 429 on Add Action is not repeated either", async () => {
    suite.harness.emulator.faults.push({
      method: "POST",
      path: ADD_PATH,
      status: 429,
      headers: { "retry-after": "1" },
    });
    const result = await add();
    assert.match(textOf(result), /429/);
    assert.equal(suite.harness.emulator.countRequests("POST", ADD_PATH), 1);
  });

  it("applied, then a 500, and the read-back fails too: may have been added", async () => {
    suite.harness.emulator.faults.push({
      method: "POST",
      path: ADD_PATH,
      afterApplying: true,
      status: 500,
      followedBy: [{ method: "GET", path: ADD_PATH, status: 500, times: 3 }],
    });
    const text = textOf(await add());
    assert.match(
      text,
      /cannot be read back .*: the action may have been added\. Check the sheet's actions with get_workflow/,
    );
    assert.doesNotMatch(text, BLIND);
    assert.equal(suite.harness.emulator.adds.length, 1);
  });
});

describe("a second update action on one sheet", () => {
  it("is refused, naming the one there, unless allow_another asks for it", async () => {
    await withHarness({}, async (harness) => {
      const token = await confirmedToken(harness);
      const add = (args: Record<string, unknown>) =>
        harness.call("add_salesforce_update_action", {
          workflow_id: DEMO_LOCATION.workflow_id,
          confirmation_token: token,
          ...args,
        });
      for (const dryRun of [true, false]) {
        const refused = await add({ dry_run: dryRun });
        assert.equal(refused.isError, true);
        assert.match(
          textOf(refused),
          /already has salesforce_update_record_1\. Configure that one with configure_salesforce_update .* allow_another true/,
        );
      }
      assert.equal(harness.emulator.changeAttempts.length, 0);
      const second = structured<Added>(await add({ allow_another: true }));
      assert.equal(second.status, "added");
      assert.equal(second.action_instance_id, "salesforce_update_record_2");
      assert.equal(harness.emulator.adds.length, 1);
    });
  });

  it("without the graph route, nothing is added unless allow_another says the user checked", async () => {
    await withHarness({ emulator: { actionGraphRoute: false } }, async (harness) => {
      const token = await confirmedToken(harness);
      const refused = await harness.call("add_salesforce_update_action", {
        workflow_id: ROUTING,
        confirmation_token: token,
      });
      assert.match(textOf(refused), /whether it already has an update action is unknown/);
      assert.equal(harness.emulator.changeAttempts.length, 0);

      harness.emulator.faults.push({ method: "POST", path: ADD_PATH, afterApplying: true, status: 500 });
      const lost = textOf(
        await harness.call("add_salesforce_update_action", {
          workflow_id: ROUTING,
          confirmation_token: token,
          allow_another: true,
        }),
      );
      assert.match(lost, /the action may have been added/);
      assert.doesNotMatch(lost, BLIND);
    });
  });
});

describe("a real write starts from what Floqer holds now", () => {
  it("a flag changed in the app after a cached read is kept, and a dry run says how old its read is", async () => {
    await withHarness({}, async (harness) => {
      const token = await confirmedToken(harness);
      const action = harness.emulator.findAction(
        DEMO_LOCATION.workflow_id,
        DEMO_LOCATION.workflow_id,
        DEMO_LOCATION.action_instance_id,
      );
      assert.ok(action);
      action.inputs = { run_salesforce_assignment_rules: true };
      const dry = structured<Configured>(
        await harness.call("configure_salesforce_update", { ...UPDATE, dry_run: true }),
      );
      assert.equal(dry.request.body.inputs.run_salesforce_assignment_rules, true);

      // The user turns assignment rules off in the Floqer app; the cached graph still says on.
      action.inputs = { run_salesforce_assignment_rules: false };
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const stale = structured<Configured>(
        await harness.call("configure_salesforce_update", { ...UPDATE, dry_run: true }),
      );
      assert.ok(
        stale.warnings.some((warning) =>
          /as read \d+ s ago \(cached\); the real call reads it again first/.test(warning),
        ),
      );

      const real = structured<Configured>(
        await harness.call("configure_salesforce_update", { ...UPDATE, confirmation_token: token }),
      );
      assert.equal(
        real.request.body.inputs.run_salesforce_assignment_rules,
        false,
        "the user's change is kept",
      );
      assert.ok(!real.changes.some((change) => change.input === "run_salesforce_assignment_rules"));
      assert.equal(harness.emulator.writes.length, 1);
      const sent = harness.emulator.writes[0]?.body as { inputs: Record<string, unknown> };
      assert.equal(sent.inputs.run_salesforce_assignment_rules, false);

      // A flag the write does change is shown against what Floqer holds.
      const turnedOn = structured<Configured>(
        await harness.call("configure_salesforce_update", {
          ...UPDATE,
          run_salesforce_assignment_rules: true,
          confirmation_token: token,
        }),
      );
      assert.deepEqual(
        turnedOn.changes.find((change) => change.input === "run_salesforce_assignment_rules"),
        { input: "run_salesforce_assignment_rules", from: "false", to: "true" },
      );
    });
  });
});
