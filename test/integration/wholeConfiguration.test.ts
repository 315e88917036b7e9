/**
 * The whole configuration of the update, through a real client against the independent emulator:
 * its run condition (set in the same PATCH as the inputs, shown, kept when left out, checked before
 * anything is sent) and literal values checked against the field's Salesforce metadata.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tokenByAgent } from "../support/guard.js";
import {
  type Configured,
  confirmedToken,
  DEMO_LOCATION,
  startClientOn,
  structured,
  textOf,
  withHarness,
} from "../support/harness.js";
import {
  W42_FOUND_ID as FOUND_ID,
  type IndependentFloqer,
  W42_UPDATE as LOCATION,
  startIndependentFloqer,
} from "../support/independentFloqer.js";

const HELD = {
  record_id: FOUND_ID,
  salesforce_object: "Lead",
  add_fields_and_their_values: [{ name: "Company", label: "Company", value: "{{input.company}}" }],
};
const FOUND = [[{ variable: FOUND_ID, operator: "not empty" }]];

type Client = Awaited<ReturnType<typeof startClientOn>>;
type Settings = Record<string, unknown>;

async function updateSettings(client: Client): Promise<Settings | undefined> {
  const workflow = structured<{
    sheets: { actions: { action_instance_id: string; settings?: Settings }[] }[];
  }>(await client.call("get_workflow", { workflow_id: "w42" }));
  return workflow.sheets[0]?.actions.find(
    (action) => action.action_instance_id === LOCATION.action_instance_id,
  )?.settings;
}

/** The independent emulator with the update as HELD, a client, and a token from the user's yes. */
async function startConfigured() {
  const upstream = await startIndependentFloqer({ updateInputs: structuredClone(HELD) });
  const client = await startClientOn(upstream);
  return { upstream, client, token: await tokenByAgent(client.call, LOCATION) };
}

describe("the run condition", () => {
  let upstream: IndependentFloqer;
  let client: Client;
  let token: string;
  before(async () => {
    ({ upstream, client, token } = await startConfigured());
  });
  after(async () => {
    await client.close();
    await upstream.close();
  });

  it("is warned about where record_id comes from a lookup and nothing guards it, with the condition to give", async () => {
    const dry = structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        dry_run: true,
        ignore_empty_values: true,
      }),
    );
    assert.match(
      dry.warnings.join("\n"),
      /record_id comes from salesforce_lookup_record_2, and no run condition guards it.*give run_if \[\[\{"variable":"\{\{salesforce_lookup_record_2\.records_found\.Id\}\}","operator":"not empty"\}\]\]/,
    );
  });

  it("is set in one PATCH beside the inputs, and shown by get_workflow and the dry run", async () => {
    const writes = upstream.writes.length;
    const done = structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        run_if: FOUND,
        continue_workflow_if_run_condition_not_met: true,
        confirmation_token: token,
      }),
    );
    assert.equal(done.status, "configured");
    assert.doesNotMatch(done.warnings.join("\n"), /no run condition guards it/);
    assert.deepEqual(
      done.changes.filter(
        (change) =>
          change.input !== "ignore_empty_values" && change.input !== "run_salesforce_assignment_rules",
      ),
      [
        { input: "run_if", to: `${FOUND_ID} not empty` },
        { input: "continue_workflow_if_run_condition_not_met", to: "true" },
      ],
    );
    assert.equal(upstream.writes.length, writes + 1, "one PATCH");
    const body = upstream.writes.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual(body.run_if, {
      conditions: [{ conditions: [{ variable: FOUND_ID, operator: "not empty", values: [] }] }],
      continue_workflow_if_run_condition_not_met: true,
    });
    assert.ok(body.inputs, "the inputs travel in the same body");

    const settings = await updateSettings(client);
    assert.deepEqual(settings?.run_if, {
      conditions: [{ conditions: [{ variable: FOUND_ID, operator: "not empty", values: [] }] }],
    });
    assert.equal(settings?.continue_workflow_if_run_condition_not_met, true);
    const dry = structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        add_fields_and_their_values: [{ name: "Rating", value: "Warm" }],
        dry_run: true,
      }),
    );
    assert.deepEqual((dry.current_inputs as Settings | undefined)?.run_if, settings?.run_if);
  });

  it("is kept by a later configure that leaves it out: nothing about it is sent", async () => {
    structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        add_fields_and_their_values: [{ name: "Rating", value: "Hot" }],
        confirmation_token: token,
      }),
    );
    const body = upstream.writes.at(-1)?.body as Record<string, unknown>;
    assert.equal("run_if" in body, false);
    const settings = await updateSettings(client);
    assert.equal(settings?.continue_workflow_if_run_condition_not_met, true);
    assert.ok(settings?.run_if, "the condition is still there");
  });

  it("refuses a variable the action cannot see, or an operator Floqer does not have, with nothing sent", async () => {
    const writes = upstream.writes.length;
    for (const [runIf, expected] of [
      [
        [[{ variable: "{{slack_send_message_1.message_ts}}", operator: "not empty" }]],
        /run_if\[0\]\[0\]\.variable: .*slack_send_message_1 runs after this action/,
      ],
      [
        [[{ variable: FOUND_ID, operator: "exists" }]],
        /run_if\[0\]\[0\]\.operator: 'exists' is not one Floqer lists/,
      ],
      [[[{ variable: FOUND_ID, operator: "is equal to" }]], /takes exactly one value, got 0/],
    ] as const) {
      const result = await client.call("configure_salesforce_update", {
        ...LOCATION,
        run_if: runIf,
        confirmation_token: token,
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), expected);
    }
    assert.equal(upstream.writes.length, writes);
  });

  it("is removed with run_if [], sent as null", async () => {
    structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        run_if: [],
        confirmation_token: token,
      }),
    );
    const body = upstream.writes.at(-1)?.body as Record<string, unknown> | undefined;
    assert.equal(body?.run_if, null);
    assert.equal((await updateSettings(client))?.run_if, undefined);
  });
});

describe("a run condition in the older flat shape", () => {
  it("is read, shown in the nested form, and kept", async () => {
    const upstream = await startIndependentFloqer({
      updateInputs: structuredClone(HELD),
      updateRun: {
        run_if: {
          variable: FOUND_ID,
          operator: "not empty",
          values: [],
          continue_workflow_if_run_condition_not_met: false,
        },
      },
    });
    const client = await startClientOn(upstream);
    try {
      const settings = await updateSettings(client);
      assert.deepEqual(settings?.run_if, {
        conditions: [{ conditions: [{ variable: FOUND_ID, operator: "not empty", values: [] }] }],
      });
      assert.equal(settings?.continue_workflow_if_run_condition_not_met, false);
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});

describe("literal values against the field", () => {
  let upstream: IndependentFloqer;
  let client: Client;
  let token: string;
  before(async () => {
    ({ upstream, client, token } = await startConfigured());
  });
  after(async () => {
    await client.close();
    await upstream.close();
  });

  const configure = (name: string, value: string) =>
    client.call("configure_salesforce_update", {
      ...LOCATION,
      add_fields_and_their_values: [{ name, value }],
      confirmation_token: token,
    });

  it("refuses a value of the wrong type, one past the field's length, and one not in the picklist, with nothing sent", async () => {
    for (const [name, value, expected] of [
      ["NumberOfEmployees", "12,000", /value "12,000" is not a whole number/],
      ["NumberOfEmployees", "123456789", /has 9 digits before the point, and the field takes 8/],
      ["Company", "x".repeat(81), /is 81 characters, and the field takes at most 80/],
      ["Rating", "warm", /value "warm" is written 'Warm' in this picklist/],
      ["Rating", "Lukewarm", /value "Lukewarm" is an inactive value of this picklist/],
      ["Rating", "Hott", /value "Hott" is not a value of this picklist; did you mean 'Hot'\?/],
    ] as const) {
      const result = await configure(name, value);
      assert.equal(result.isError, true, `${name}=${value}`);
      assert.match(textOf(result), expected);
    }
    assert.equal(upstream.writes.length, 0);
  });

  it("takes a value that fits, and a token, which Salesforce checks on each row", async () => {
    structured<Configured>(await configure("NumberOfEmployees", "1200"));
    structured<Configured>(await configure("Rating", "{{input.company}}"));
    assert.equal(upstream.writes.length, 2);
  });

  it("says a value was not checked where the field's metadata says nothing", async () => {
    const dry = structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        salesforce_object: "Deal_Desk__c",
        add_fields_and_their_values: [{ name: "Notes__c", value: "Reviewed" }],
        replace_fields: true,
        dry_run: true,
      }),
    );
    assert.match(dry.warnings.join("\n"), /Not checked against the field in Salesforce.*Notes__c/);
  });

  it("the fields list shows a picklist's active values", async () => {
    const listed = structured<{ fields: { name: string; type?: string; picklist_values?: string[] }[] }>(
      await client.call("list_salesforce_fields", { ...LOCATION, salesforce_object: "Lead" }),
    );
    const rating = listed.fields.find((field) => field.name === "Rating");
    assert.deepEqual(rating, {
      name: "Rating",
      label: "Rating",
      type: "picklist",
      picklist_values: ["Hot", "Warm", "Cold"],
    });
  });
});

describe("a run condition Floqer refuses", () => {
  it("says how it is sent is inferred, and what to do instead", async () => {
    await withHarness({}, async (harness) => {
      const token = await confirmedToken(harness);
      harness.emulator.faults.push({
        method: "PATCH",
        status: 400,
        body: JSON.stringify({
          status: 400,
          message: "Validation failed",
          errors: [{ field: "run_if", message: "Unexpected property" }],
        }),
      });
      const result = await harness.call("configure_salesforce_update", {
        ...DEMO_LOCATION,
        record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
        salesforce_object: "Contact",
        add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
        run_if: [[{ variable: "{{salesforce_lookup_record_1.records_found.Id}}", operator: "not empty" }]],
        confirmation_token: token,
      });
      assert.equal(result.isError, true);
      assert.match(
        textOf(result),
        /"run_if: Unexpected property".*How the run condition is sent .* is inferred from Floqer's pages/s,
      );
    });
  });
});
