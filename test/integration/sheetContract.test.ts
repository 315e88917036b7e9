/**
 * Floqer's documented contract, through a real client against the emulator over loopback HTTP:
 * the action graph as the one source of a sheet's chain, references checked against it before any
 * write, the action's current configuration kept and shown, Floqer's warnings passed on, route
 * errors named for what they are, and a Floqer without the (inferred) graph route still served.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { DemoWorkflow } from "../../src/sandbox/emulator.js";
import {
  type Configured,
  confirmedToken,
  type Harness,
  startHarness,
  structured,
  textOf,
} from "../support/harness.js";

const WORKFLOW = "wf_contract";
const OTHER_SHEET = "sh_contract_other";

/** One sheet whose update action sits between a lookup and a later enrichment, and a second sheet. */
function contractWorkflow(): DemoWorkflow {
  return {
    workflow_id: WORKFLOW,
    name: "Contract checks",
    created_at: "2026-11-01T00:00:00Z",
    last_run_at: null,
    sheets: [
      {
        sheet_id: WORKFLOW,
        name: "Main",
        inputs: [
          { name: "email", type: "string" },
          { name: "job_title", type: "string" },
        ],
        actions: [
          {
            action_instance_id: "salesforce_lookup_record_1",
            action_id: "salesforce_lookup_record",
            display_name: "Find the contact",
            inputs: { salesforce_object: "Contact" },
          },
          {
            action_instance_id: "salesforce_update_record_1",
            action_id: "salesforce_update_record",
            display_name: "Update the contact",
            // Set by the user in the Floqer app: an omitted flag must keep these.
            inputs: { ignore_empty_values: false, run_salesforce_assignment_rules: false },
          },
          {
            action_instance_id: "find_work_email_1",
            action_id: "find_work_email",
            display_name: "Find Work Email",
            inputs: {},
          },
        ],
      },
      {
        sheet_id: OTHER_SHEET,
        name: "Other",
        inputs: [{ name: "domain", type: "string" }],
        actions: [
          {
            action_instance_id: "find_work_email_2",
            action_id: "find_work_email",
            display_name: "Find Work Email",
            inputs: {},
          },
        ],
      },
    ],
  };
}

const LOCATION = { workflow_id: WORKFLOW, action_instance_id: "salesforce_update_record_1" };
const LOOKUP_ID = "{{salesforce_lookup_record_1.records_found.Id}}";

function update(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...LOCATION,
    record_id: LOOKUP_ID,
    salesforce_object: "Contact",
    add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
    ...change,
  };
}

describe("Floqer's documented contract", () => {
  let harness: Harness;
  let token: string;
  before(async () => {
    harness = await startHarness({ emulator: { workflows: [contractWorkflow()] } });
    token = await confirmedToken(harness);
  });
  after(() => harness.close());
  beforeEach(() => {
    harness.emulator.requests.length = 0;
    harness.emulator.faults.length = 0;
  });

  const writes = () => harness.emulator.changeAttempts.length;

  describe("the action graph", () => {
    it("get_workflow shows each sheet's chain in execution order, from the graph", async () => {
      const workflow = structured<{
        sheets: { sheet_id: string; actions: unknown[]; update_actions: string[] }[];
        warnings: string[];
      }>(await harness.call("get_workflow", { workflow_id: WORKFLOW }));
      assert.deepEqual(workflow.sheets[0]?.actions, [
        {
          action_instance_id: "salesforce_lookup_record_1",
          action_id: "salesforce_lookup_record",
          display_name: "Find the contact",
          settings: { salesforce_object: "Contact" },
        },
        {
          action_instance_id: "salesforce_update_record_1",
          action_id: "salesforce_update_record",
          display_name: "Update the contact",
          // What the update holds, read-only; the other actions' settings are not shown.
          settings: { ignore_empty_values: false, run_salesforce_assignment_rules: false },
        },
        {
          action_instance_id: "find_work_email_1",
          action_id: "find_work_email",
          display_name: "Find Work Email",
        },
      ]);
      assert.deepEqual(workflow.sheets[0]?.update_actions, ["salesforce_update_record_1"]);
      assert.deepEqual(workflow.sheets[1]?.update_actions, []);
      assert.deepEqual(workflow.warnings, []);
      assert.equal(harness.emulator.countRequests("GET", "/actions"), 2, "one graph read per sheet");
    });

    it("list_references lists input columns and earlier outputs only, list columns included", async () => {
      const answer = structured<{
        references: { token: string; source: string; type?: string }[];
        total: number;
      }>(await harness.call("list_references", { ...LOCATION, limit: 200 }));
      assert.deepEqual(
        answer.references.map((reference) => reference.token),
        [
          "{{input.email}}",
          "{{input.job_title}}",
          "{{salesforce_lookup_record_1.records_found}}",
          "{{salesforce_lookup_record_1.records_found.Id}}",
          "{{salesforce_lookup_record_1.records_found.Name}}",
          "{{salesforce_lookup_record_1.records_found.Email}}",
          "{{salesforce_lookup_record_1.records_found.OwnerId}}",
        ],
      );
      assert.deepEqual(answer.references[2], {
        token: "{{salesforce_lookup_record_1.records_found}}",
        source: "salesforce_lookup_record_1",
        type: "structured_array",
      });
      assert.equal(answer.references[0]?.source, "input");
      assert.ok(!answer.references.some((reference) => reference.source === "find_work_email_1"));
    });

    it("list_references searches and pages like the field list", async () => {
      const first = structured<{ references: { token: string }[]; total: number; next_cursor?: string }>(
        await harness.call("list_references", { ...LOCATION, query: "records_found", limit: 2 }),
      );
      assert.equal(first.total, 5);
      assert.equal(first.references.length, 2);
      assert.ok(first.next_cursor);
      const rest = structured<{ references: { token: string }[]; next_cursor?: string }>(
        await harness.call("list_references", {
          ...LOCATION,
          query: "records_found",
          limit: 2,
          cursor: first.next_cursor,
        }),
      );
      assert.equal(rest.references[0]?.token, "{{salesforce_lookup_record_1.records_found.Name}}");
      const unknown = await harness.call("list_references", { ...LOCATION, action_instance_id: "nope_1" });
      assert.equal(unknown.isError, true);
      assert.match(
        textOf(unknown),
        /no action nope_1 on this sheet \(its actions: salesforce_lookup_record_1/,
      );
    });
  });

  describe("every reference is checked against the sheet before a write", () => {
    async function refused(args: Record<string, unknown>, pattern: RegExp): Promise<void> {
      for (const dry_run of [true, false]) {
        const result = await harness.call("configure_salesforce_update", {
          ...args,
          dry_run,
          confirmation_token: token,
        });
        assert.equal(result.isError, true, `expected a refusal (dry_run ${dry_run})`);
        assert.match(textOf(result), pattern);
      }
      assert.equal(writes(), 0, "nothing may be written");
    }

    it("refuses an unknown input column, naming the nearest", async () => {
      await refused(
        update({ add_fields_and_their_values: [{ name: "Email", value: "{{input.emial}}" }] }),
        /\[0\] \(Email\): \{\{input\.emial\}\}: the sheet has no input column 'emial'; nearest: \{\{input\.email\}\}/,
      );
    });

    it("refuses an output the action does not have, naming its real outputs", async () => {
      await refused(
        update({ record_id: "{{salesforce_lookup_record_1.record_id}}" }),
        /record_id: .*salesforce_lookup_record_1 has no output 'record_id'; nearest: .*\{\{salesforce_lookup_record_1\.records_found/,
      );
      await refused(
        update({ record_id: "{{salesforce_lookup_record_1.records_found.AccountId}}" }),
        /has no output 'records_found\.AccountId'/,
      );
    });

    it("reports reference and field problems in one answer", async () => {
      await refused(
        update({
          add_fields_and_their_values: [
            { name: "Titel", value: "x" },
            { name: "Email", value: "{{input.emial}}" },
          ],
        }),
        /\{\{input\.emial\}\}: the sheet has no input column[\s\S]*'Titel' does not exist on Contact/,
      );
    });

    it("refuses an action that runs later, one on another sheet, and the action itself", async () => {
      await refused(
        update({ add_fields_and_their_values: [{ name: "Email", value: "{{find_work_email_1.email}}" }] }),
        /find_work_email_1 runs after this action/,
      );
      await refused(
        update({ add_fields_and_their_values: [{ name: "Email", value: "{{find_work_email_2.email}}" }] }),
        /there is no action find_work_email_2 on this sheet/,
      );
      await refused(
        update({ record_id: "{{salesforce_update_record_1.record_id}}" }),
        /an action cannot read its own outputs/,
      );
    });

    it("refuses an action_instance_id that is not an update action on that sheet", async () => {
      await refused(
        update({ action_instance_id: "salesforce_lookup_record_1" }),
        /salesforce_lookup_record_1 is a salesforce_lookup_record action; this sheet's salesforce_update_record actions: salesforce_update_record_1/,
      );
      await refused(
        update({ sheet_id: OTHER_SHEET }),
        /salesforce_update_record_1 is not on this sheet; this sheet's salesforce_update_record actions: none \(add one/,
      );
    });
  });

  describe("the current configuration", () => {
    it("shows a held value of a kind the inputs never take as its JSON text, and still answers", async () => {
      const workflow = contractWorkflow();
      const action = workflow.sheets[0]?.actions.find(
        (candidate) => candidate.action_id === "salesforce_update_record",
      );
      assert.ok(action);
      action.inputs = { record_id: 42, salesforce_object: { name: "Contact" } };
      const odd = await startHarness({ emulator: { workflows: [workflow] } });
      try {
        const dry = structured<Configured>(
          await odd.call("configure_salesforce_update", update({ dry_run: true })),
        );
        assert.deepEqual(
          dry.changes.filter((change) => ["record_id", "salesforce_object"].includes(change.input)),
          [
            { input: "record_id", from: "42", to: LOOKUP_ID },
            { input: "salesforce_object", from: '{"name":"Contact"}', to: "Contact" },
          ],
        );
      } finally {
        await odd.close();
      }
    });

    it("keeps flags the action holds when they are omitted, and shows current_inputs and changes", async () => {
      const dry = structured<Configured>(
        await harness.call("configure_salesforce_update", update({ dry_run: true })),
      );
      assert.deepEqual(dry.current_inputs, {
        ignore_empty_values: false,
        run_salesforce_assignment_rules: false,
      });
      assert.equal(dry.request.method, "PATCH");
      assert.equal(dry.request.body.inputs.ignore_empty_values, false);
      assert.equal(dry.request.body.inputs.run_salesforce_assignment_rules, false);
      assert.deepEqual(
        dry.changes.map((change) => change.input),
        ["record_id", "salesforce_object", "add_fields_and_their_values"],
      );
      assert.equal(writes(), 0);

      const real = structured<Configured>(
        await harness.call("configure_salesforce_update", update({ confirmation_token: token })),
      );
      assert.deepEqual(real.request, dry.request, "the dry run showed exactly what was sent");
      assert.equal(writes(), 1);

      // The graph is read again after the write: the second call sees what the first one set.
      const again = structured<Configured>(
        await harness.call(
          "configure_salesforce_update",
          update({ run_salesforce_assignment_rules: true, dry_run: true }),
        ),
      );
      assert.equal(again.current_inputs?.record_id, LOOKUP_ID);
      assert.deepEqual(again.changes, [
        { input: "run_salesforce_assignment_rules", from: "false", to: "true" },
      ]);
      assert.equal(
        harness.emulator.countRequests("GET", "/actions"),
        2,
        "the dry run read the cache; the write read the sheet fresh, and the next call once after it",
      );
    });
  });

  describe("answers from Floqer", () => {
    it("passes every warning of a 2xx answer on to the agent", async () => {
      harness.emulator.faults.push({
        method: "PATCH",
        status: 200,
        body: JSON.stringify({
          status: 200,
          data: { action_instance_id: "salesforce_update_record_1" },
          warnings: [
            {
              field: "add_fields_and_their_values",
              code: "unresolved_reference",
              message: "{{input.x}} matches nothing",
            },
            { field: "colour", code: "unknown_field", message: "Unknown input colour ignored" },
          ],
        }),
      });
      const answer = structured<Configured>(
        await harness.call("configure_salesforce_update", update({ confirmation_token: token })),
      );
      assert.equal(answer.status, "configured");
      assert.deepEqual(
        answer.warnings.filter((warning) => warning.startsWith("Floqer warned")),
        [
          'Floqer warned (unresolved_reference on add_fields_and_their_values): "{{input.x}} matches nothing"',
          'Floqer warned (unknown_field on colour): "Unknown input colour ignored"',
        ],
      );
    });

    it("names a Fastify unknown-route 404 as a wrong route, not wrong ids, and does not retry it", async () => {
      const path = `/api/v1/workflows/${WORKFLOW}/sheets/${WORKFLOW}/actions/salesforce_update_record_1`;
      harness.emulator.faults.push({
        method: "PATCH",
        status: 404,
        body: JSON.stringify({
          message: `Route PATCH:${path} not found`,
          error: "Not Found",
          statusCode: 404,
        }),
      });
      const result = await harness.call("configure_salesforce_update", update({ confirmation_token: token }));
      assert.equal(result.isError, true);
      const text = textOf(result);
      assert.match(text, new RegExp(`Floqer has no route PATCH ${path} \\(404\\)`));
      assert.match(text, /not about the ids you gave/);
      assert.match(text, /docs\/FLOQER_API\.md/);
      assert.doesNotMatch(text, /Check the ids/);
      assert.equal(harness.emulator.countRequests("PATCH"), 1);
    });

    it("the emulator answers any other method on the action route as Fastify does", async () => {
      const url = `${harness.emulator.baseUrl}/workflows/${WORKFLOW}/sheets/${WORKFLOW}/actions/salesforce_update_record_1`;
      for (const method of ["PUT", "POST", "DELETE"]) {
        const response = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${harness.emulator.apiKey}`, "content-type": "application/json" },
          body: "{}",
        });
        assert.equal(response.status, 404);
        assert.deepEqual(await response.json(), {
          message: `Route ${method}:/api/v1/workflows/${WORKFLOW}/sheets/${WORKFLOW}/actions/salesforce_update_record_1 not found`,
          error: "Not Found",
          statusCode: 404,
        });
      }
    });
  });
});

describe("a Floqer without the action-graph route", () => {
  let harness: Harness;
  let token: string;
  before(async () => {
    harness = await startHarness({ emulator: { workflows: [contractWorkflow()], actionGraphRoute: false } });
    token = await confirmedToken(harness);
  });
  after(() => harness.close());

  it("refuses a merge into a field list it cannot read, with nothing sent, and says how to replace", async () => {
    const result = await harness.call(
      "configure_salesforce_update",
      update({
        add_fields_and_their_values: [{ name: "Email", value: "{{input.email}}" }],
        confirmation_token: token,
      }),
    );
    assert.equal(result.isError, true);
    assert.match(
      textOf(result),
      /cannot be merged into the action's; to set the whole list instead, call again with replace_fields true/,
    );
    assert.equal(harness.emulator.writes.length, 0);
  });

  it("still configures a replacement, checking references by pattern, and says what it could not check", async () => {
    const answer = structured<Configured>(
      await harness.call(
        "configure_salesforce_update",
        update({
          add_fields_and_their_values: [{ name: "Email", value: "{{input.emial}}" }],
          replace_fields: true,
          confirmation_token: token,
        }),
      ),
    );
    assert.equal(answer.status, "configured");
    assert.equal(answer.current_inputs, undefined);
    assert.deepEqual(
      Object.keys(answer.request.body.inputs),
      ["record_id", "salesforce_object", "add_fields_and_their_values"],
      "omitted flags are left out, so Floqer keeps what the action holds",
    );
    const warnings = answer.warnings.join("\n");
    assert.match(warnings, /checked by pattern only, not against the sheet: Floqer has no route GET/);
    // What the pattern check let through, Floqer's own warning tells.
    assert.match(
      warnings,
      /Floqer warned \(unresolved_reference on add_fields_and_their_values\): "\{\{input\.emial\}\}/,
    );
    const action = harness.emulator.findAction(WORKFLOW, WORKFLOW, "salesforce_update_record_1");
    assert.equal(action?.inputs.run_salesforce_assignment_rules, false, "the held flag was kept");
  });

  it("still refuses malformed tokens, and says so for the chain and the reference list", async () => {
    const bad = await harness.call(
      "configure_salesforce_update",
      update({ record_id: "{{salesforce_lookup_record.x}}", confirmation_token: token }),
    );
    assert.equal(bad.isError, true);
    const workflow = structured<{ sheets: { actions?: unknown }[]; warnings: string[] }>(
      await harness.call("get_workflow", { workflow_id: WORKFLOW }),
    );
    assert.equal(workflow.sheets[0]?.actions, undefined);
    assert.match(
      workflow.warnings[0] ?? "",
      /actions of sheet wf_contract could not be read: Floqer has no route GET/,
    );
    const references = await harness.call("list_references", LOCATION);
    assert.equal(references.isError, true);
    assert.match(textOf(references), /cannot be listed: Floqer has no route GET/);
    const unknown = await harness.call("add_salesforce_update_action", {
      workflow_id: WORKFLOW,
      dry_run: true,
    });
    assert.match(textOf(unknown), /whether it already has an update action is unknown/);
    const dry = structured<{ warnings: string[]; action_instance_id?: string }>(
      await harness.call("add_salesforce_update_action", {
        workflow_id: WORKFLOW,
        dry_run: true,
        allow_another: true,
      }),
    );
    assert.equal(dry.action_instance_id, undefined);
    assert.match(dry.warnings.join("\n"), /actions could not be read/);
  });
});
