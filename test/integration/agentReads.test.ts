/**
 * What an agent that reads only what the server says gets right, through a real client that shows
 * no forms, against the independent emulator: a field list that adds, current settings read
 * without a write tool, record ids that are ids, a duplicate add that points back, words that do
 * not overpromise.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tokenByAgent } from "../support/guard.js";
import { type Configured, startClientOn, structured, textOf } from "../support/harness.js";
import {
  W42_FOUND_ID as FOUND_ID,
  type IndependentFloqer,
  W42_UPDATE as LOCATION,
  startIndependentFloqer,
} from "../support/independentFloqer.js";

/** The update as the user left it in the Floqer app: it writes Company onto the lead a lookup finds. */
const HELD = {
  record_id: FOUND_ID,
  salesforce_object: "Lead",
  add_fields_and_their_values: [{ name: "Company", label: "Company", value: "{{input.company}}" }],
  run_salesforce_assignment_rules: false,
};

type Client = Awaited<ReturnType<typeof startClientOn>>;

interface Workflow {
  sheets: {
    actions: { action_instance_id: string; settings?: Record<string, unknown> }[];
    update_actions: string[];
  }[];
  warnings: string[];
}

async function start(options: Parameters<typeof startIndependentFloqer>[0] = {}) {
  const upstream = await startIndependentFloqer({ updateInputs: structuredClone(HELD), ...options });
  const client = await startClientOn(upstream);
  return { upstream, client };
}

describe("an agent that reads only what the server says", () => {
  let upstream: IndependentFloqer;
  let client: Client;
  let token: string;
  before(async () => {
    ({ upstream, client } = await start());
    token = await tokenByAgent(client.call, LOCATION);
  });
  after(async () => {
    await client.close();
    await upstream.close();
  });

  it("sees what the update and the lookup hold from a read-only call", async () => {
    const writesBefore = upstream.writes.length;
    const workflow = structured<Workflow>(await client.call("get_workflow", { workflow_id: "w42" }));
    const [lookup, update, tail] = workflow.sheets[0]?.actions ?? [];
    assert.deepEqual(update?.settings, HELD);
    assert.deepEqual(lookup?.settings, {
      salesforce_object: "Lead",
      add_fields_and_their_values: [{ name: "Email", value: "{{input.work_email}}" }],
      search_operator: "OR",
      continue_workflow_if_action_fails: false,
    });
    assert.equal(tail?.settings, undefined, "another action's settings are not shown");
    // Nothing skips the rows where the lookup found no lead: get_workflow says so too.
    assert.deepEqual(workflow.warnings.length, 1);
    assert.match(
      workflow.warnings[0] ?? "",
      /^salesforce_update_record_3 on sheet w42: record_id comes from salesforce_lookup_record_2, and no run condition guards it/,
    );
    assert.equal(upstream.writes.length, writesBefore);
    const listed = (await client.client.listTools()).tools.find((tool) => tool.name === "get_workflow");
    assert.equal(listed?.annotations?.readOnlyHint, true);
  });

  it("adds the fields given to the ones held, on a dry run and for real", async () => {
    const args = { ...LOCATION, add_fields_and_their_values: [{ name: "rating", value: "Warm" }] };
    const dry = structured<Configured>(
      await client.call("configure_salesforce_update", { ...args, dry_run: true }),
    );
    assert.deepEqual(dry.request.body.inputs.add_fields_and_their_values, [
      { name: "Company", label: "Company", value: "{{input.company}}" },
      { name: "Rating", label: "Rating", value: "Warm" },
    ]);
    // The flag the action held none of gets its documented default: that is a change too.
    assert.deepEqual(dry.changes, [
      { input: "add_fields_and_their_values", field: "Rating", to: "Warm" },
      { input: "ignore_empty_values", to: "true" },
    ]);
    assert.match(dry.warnings.at(-1) ?? "", /runs no row/);
    assert.match(dry.warnings.join(), /No confirmation_token passed \(a dry run needs none\)/);
    const done = structured<Configured>(
      await client.call("configure_salesforce_update", { ...args, confirmation_token: token }),
    );
    assert.equal(done.status, "configured");
    assert.deepEqual(upstream.writes.at(-1)?.body, {
      inputs: {
        ...HELD,
        add_fields_and_their_values: dry.request.body.inputs.add_fields_and_their_values,
        ignore_empty_values: true,
      },
    });
  });

  it("a removal names the field it drops, and so does a replacement", async () => {
    const removed = structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        remove_fields: ["Rating"],
        dry_run: true,
      }),
    );
    assert.match(removed.warnings.join(), /This drops Rating from the action's fields \(remove_fields\)/);
    assert.deepEqual(removed.changes, [
      { input: "add_fields_and_their_values", field: "Rating", from: "Warm" },
    ]);
    const replaced = structured<Configured>(
      await client.call("configure_salesforce_update", {
        ...LOCATION,
        add_fields_and_their_values: [{ name: "Rating", value: "Cold" }],
        replace_fields: true,
        dry_run: true,
      }),
    );
    assert.match(replaced.warnings.join(), /This drops Company from the action's fields \(replace_fields\)/);
    assert.deepEqual(
      replaced.changes.map((change) => [change.field, change.from, change.to]),
      [
        ["Rating", "Warm", "Cold"],
        ["Company", "{{input.company}}", undefined],
      ],
    );
  });

  it("warns when record_id is not an id: an input column, or a lookup column other than Id", async () => {
    for (const [recordId, expected] of [
      [
        "{{input.company}}",
        /the input column company, whose name does not say it holds a Salesforce record ID.*Use the ID a lookup found: \{\{salesforce_lookup_record_2\.records_found\.Id\}\}/,
      ],
      [
        "{{salesforce_lookup_record_2.records_found.Company}}",
        /the Company column of what salesforce_lookup_record_2 found, not the found record's ID/,
      ],
    ] as const) {
      const answer = structured<Configured>(
        await client.call("configure_salesforce_update", { ...LOCATION, record_id: recordId, dry_run: true }),
      );
      assert.match(answer.warnings.join("\n"), expected);
    }
    const fine = structured<Configured>(
      await client.call("configure_salesforce_update", { ...LOCATION, record_id: FOUND_ID, dry_run: true }),
    );
    assert.doesNotMatch(fine.warnings.join("\n"), /does not say it holds|not the found record's ID/);
  });

  it("a second add with allow_another points at the existing action, not forward", async () => {
    const refused = await client.call("add_salesforce_update_action", {
      workflow_id: "w42",
      confirmation_token: token,
    });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /already has salesforce_update_record_3/);
    const added = structured<{ action_instance_id: string; next_step: string; warnings: string[] }>(
      await client.call("add_salesforce_update_action", {
        workflow_id: "w42",
        allow_another: true,
        confirmation_token: token,
      }),
    );
    assert.equal(added.action_instance_id, "salesforce_update_record_4");
    assert.match(
      added.next_step,
      /already has salesforce_update_record_3: unless the user asked for a second update action, configure salesforce_update_record_3/,
    );
    assert.doesNotMatch(added.next_step, /^Next:/);
  });

  it("a check of the connection with a token still good does not ask the user again", async () => {
    const again = structured<{
      status: string;
      confirmation_token?: string;
      question?: string;
      connection_checked: boolean;
    }>(await client.call("confirm_salesforce_connection", { ...LOCATION, confirmation_token: token }));
    assert.equal(again.status, "confirmed");
    assert.equal(again.confirmation_token, token);
    assert.equal(again.question, undefined);
    assert.equal(again.connection_checked, true);
    const forged = structured<{ status: string; next_step: string }>(
      await client.call("confirm_salesforce_connection", { ...LOCATION, confirmation_token: `${token}x` }),
    );
    assert.equal(forged.status, "needs_user_confirmation");
    assert.match(forged.next_step, /The confirmation_token given cannot be used/);
  });
});

describe("a sheet the server cannot see the whole of", () => {
  it("without a lookup, says the user adds one in the Floqer app, in get_workflow and in the dry run", async () => {
    const { upstream, client } = await start({
      lookup: false,
      updateInputs: { ...HELD, record_id: "{{input.company}}" },
    });
    try {
      const workflow = structured<Workflow>(await client.call("get_workflow", { workflow_id: "w42" }));
      assert.match(
        workflow.warnings.join(),
        /salesforce_update_record_3 on sheet w42: .*no salesforce_lookup_record action before the update, and this server cannot add one: the user adds .* in the Floqer app/,
      );
      const dry = structured<Configured>(
        await client.call("configure_salesforce_update", {
          ...LOCATION,
          record_id: "{{input.work_email}}",
          dry_run: true,
        }),
      );
      assert.match(dry.warnings.join(), /input column work_email.*this server cannot add one/);
    } finally {
      await client.close();
      await upstream.close();
    }
  });

  it("without the action-graph route, refuses a merge with nothing sent and says how to replace", async () => {
    const { upstream, client } = await start({ actionGraph: false });
    try {
      const token = await tokenByAgent(client.call, LOCATION);
      const merge = await client.call("configure_salesforce_update", {
        ...LOCATION,
        record_id: FOUND_ID,
        salesforce_object: "Lead",
        add_fields_and_their_values: [{ name: "Rating", value: "Warm" }],
        confirmation_token: token,
      });
      assert.equal(merge.isError, true);
      assert.match(
        textOf(merge),
        /cannot be merged into the action's; to set the whole list instead, call again with replace_fields true/,
      );
      assert.equal(upstream.writes.length, 0);
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});

describe("what every client reads", () => {
  it("the instructions carry the merge rule, the read-only view, the lookup and what a dry run does not prove", async () => {
    const upstream = await startIndependentFloqer();
    const client = await startClientOn(upstream);
    try {
      const instructions = client.client.getInstructions() ?? "";
      assert.match(instructions, /merges the fields given into the action's list/);
      assert.match(instructions, /get_workflow shows what each update action holds now, read-only/);
      assert.match(instructions, /This server cannot add a lookup/);
      assert.match(instructions, /It runs no row/);
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});
