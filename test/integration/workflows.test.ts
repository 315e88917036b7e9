/** Finding the way in: workflows, sheets, and adding the update action, through a real client. */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { DemoWorkflow } from "../../src/sandbox/emulator.js";
import {
  confirmedToken,
  type Harness,
  startHarness,
  structured,
  textOf,
  withHarness,
} from "../support/harness.js";

interface WorkflowList {
  workflows: { workflow_id: string; name: string; last_run_at?: string }[];
  total: number;
  next_cursor?: string;
}
interface Workflow {
  workflow_id: string;
  name: string;
  sheets: {
    sheet_id: string;
    name: string;
    is_main_sheet: boolean;
    actions?: { action_instance_id: string; action_id: string }[];
    update_actions?: string[];
  }[];
}
interface Added {
  status: string;
  action_instance_id?: string;
  request: { method: string; path: string; body: Record<string, unknown> };
  warnings: string[];
  next_step: string;
}

describe("workflows and the update action", () => {
  let harness: Harness;
  let token: string;
  before(async () => {
    harness = await startHarness();
    token = await confirmedToken(harness);
  });
  after(() => harness.close());
  beforeEach(() => {
    harness.emulator.requests.length = 0;
    harness.emulator.faults.length = 0;
  });

  const addPosts = () =>
    harness.emulator.requests.filter(
      (request) => request.method === "POST" && request.path.endsWith("/actions"),
    ).length;

  it("lists workflows, searchable by name, with their last run", async () => {
    const all = structured<WorkflowList>(await harness.call("list_workflows"));
    assert.equal(all.total, 3);
    const routing = structured<WorkflowList>(await harness.call("list_workflows", { query: "LEAD ROUTING" }));
    assert.deepEqual(routing.workflows, [
      {
        workflow_id: "wf_demo_lead_routing",
        name: "Inbound lead routing",
        last_run_at: "2026-11-25T07:00:00Z",
      },
    ]);
    const neverRun = structured<WorkflowList>(await harness.call("list_workflows", { query: "scoring" }));
    assert.equal(neverRun.workflows[0]?.last_run_at, undefined);
    const first = structured<WorkflowList>(await harness.call("list_workflows", { limit: 2 }));
    const second = structured<WorkflowList>(
      await harness.call("list_workflows", { limit: 2, cursor: first.next_cursor }),
    );
    assert.equal(second.workflows.length, 1);
    assert.equal(second.next_cursor, undefined);
  });

  it("refuses an argument it does not have, naming the nearest, and asks Floqer nothing", async () => {
    const result = await harness.call("list_workflows", { quer: "routing" });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /unknown argument "quer"; did you mean "query"\?/);
    assert.deepEqual(harness.emulator.requests, []);
    // Null for an omitted optional argument, as strict clients send it, is still no argument.
    const all = structured<WorkflowList>(
      await harness.call("list_workflows", { query: null, limit: null, cursor: null }),
    );
    assert.equal(all.total, 3);
  });

  it("shows a workflow's sheets, main sheet first, with their update actions", async () => {
    const workflow = structured<Workflow>(
      await harness.call("get_workflow", { workflow_id: "wf_demo_account_scoring" }),
    );
    assert.deepEqual(
      workflow.sheets.map(({ sheet_id, is_main_sheet, update_actions }) => ({
        sheet_id,
        is_main_sheet,
        update_actions,
      })),
      [
        {
          sheet_id: "wf_demo_account_scoring",
          is_main_sheet: true,
          update_actions: ["salesforce_update_record_1"],
        },
        {
          sheet_id: "sh_demo_enterprise",
          is_main_sheet: false,
          update_actions: ["salesforce_update_record_2"],
        },
      ],
    );
    const missing = await harness.call("get_workflow", { workflow_id: "wf_nope" });
    assert.match(textOf(missing), /404.*Workflow wf_nope not found/);
    const hostile = await harness.call("get_workflow", { workflow_id: "../user" });
    assert.equal(hostile.isError, true);
    assert.equal(harness.emulator.countRequests("GET", "/user"), 0);
  });

  describe("adding the update action", () => {
    const add = (args: Record<string, unknown>) =>
      harness.call("add_salesforce_update_action", { workflow_id: "wf_demo_lead_routing", ...args });

    it("refuses without a valid token and adds nothing", async () => {
      for (const [args, pattern] of [
        [{}, /no confirmation_token/],
        [{ confirmation_token: "fsc1.e30.AAAA" }, /invalid signature/],
      ] as const) {
        const result = await add(args);
        assert.equal(result.isError, true);
        assert.match(textOf(result), pattern);
      }
      assert.equal(harness.emulator.requests.length, 0, "not even a read happens");
    });

    it("dry-runs: shows the request and the id it would get, adds nothing", async () => {
      const dry = structured<Added>(await add({ after: "salesforce_lookup_record_1", dry_run: true }));
      assert.equal(dry.status, "dry_run");
      assert.equal(dry.action_instance_id, "salesforce_update_record_1");
      assert.deepEqual(dry.request, {
        method: "POST",
        path: "/workflows/wf_demo_lead_routing/sheets/wf_demo_lead_routing/actions",
        body: { action_id: "salesforce_update_record", after: "salesforce_lookup_record_1" },
      });
      assert.match(dry.warnings.join(), /No confirmation_token passed \(a dry run needs none\)/);
      assert.equal(addPosts(), 0);
    });

    it("refuses an unknown sheet or an unknown 'after', adding nothing", async () => {
      const sheet = await add({ sheet_id: "sh_nope", confirmation_token: token });
      assert.match(textOf(sheet), /no sheet sh_nope \(its sheets: wf_demo_lead_routing\)/);
      const afterMissing = await add({ after: "salesforce_lookup_record_9", confirmation_token: token });
      assert.match(
        textOf(afterMissing),
        /no action salesforce_lookup_record_9 \(its actions: find_work_email_1, salesforce_lookup_record_1\)/,
      );
      const badName = await add({ name: "x".repeat(201), confirmation_token: token });
      assert.equal(badName.isError, true);
      assert.equal(addPosts(), 0);
    });

    it("refuses a second update action on a sheet unless allow_another asks for it", async () => {
      const enrich = (args: Record<string, unknown>) =>
        harness.call("add_salesforce_update_action", { workflow_id: "wf_demo_enrich_contacts", ...args });
      const refused = await enrich({ dry_run: true });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), /already has salesforce_update_record_1\. Configure that one/);
      const dry = structured<Added>(await enrich({ dry_run: true, allow_another: true }));
      assert.match(dry.warnings.join(), /another update action beside salesforce_update_record_1/);
      assert.equal(dry.action_instance_id, "salesforce_update_record_2");
    });

    it("never repeats the add after a fault that may have applied it, and reads the sheet back", async () => {
      harness.emulator.faults.push({
        method: "POST",
        path: "/sheets/wf_demo_account_scoring/actions",
        status: 503,
      });
      const result = await harness.call("add_salesforce_update_action", {
        workflow_id: "wf_demo_account_scoring",
        allow_another: true,
        confirmation_token: token,
      });
      assert.match(
        textOf(result),
        /lost \(Floqer answered 503\)\. Read back just now, the sheet has no new update action/,
      );
      assert.equal(addPosts(), 1);
    });
  });

  it("gets from a workflow's name to a configured update action with no id typed by hand", async () => {
    // The agent knows only "inbound lead routing".
    const found = structured<WorkflowList>(
      await harness.call("list_workflows", { query: "inbound lead routing" }),
    );
    const workflowId = found.workflows[0]?.workflow_id ?? "";
    const workflow = structured<Workflow>(await harness.call("get_workflow", { workflow_id: workflowId }));
    const main = workflow.sheets.find((sheet) => sheet.is_main_sheet);
    assert.deepEqual(main?.update_actions, []);
    const lookup = main?.actions?.find(
      (action) => action.action_id === "salesforce_lookup_record",
    )?.action_instance_id;

    const guard = { confirmation_token: await confirmedToken(harness) };
    const added = structured<Added>(
      await harness.call("add_salesforce_update_action", {
        workflow_id: workflowId,
        after: lookup,
        name: "Update the lead",
        confirmation_token: guard.confirmation_token,
      }),
    );
    assert.equal(added.status, "added");
    assert.match(added.next_step, /configure_salesforce_update with workflow_id wf_demo_lead_routing/);
    const location = { workflow_id: workflowId, action_instance_id: added.action_instance_id };

    const chain = structured<Workflow>(await harness.call("get_workflow", { workflow_id: workflowId }))
      .sheets[0]?.actions;
    assert.deepEqual(
      chain?.map((action) => action.action_instance_id),
      ["find_work_email_1", "salesforce_lookup_record_1", "salesforce_update_record_1"],
    );

    const objects = structured<{ objects: { name: string }[] }>(
      await harness.call("list_salesforce_objects", { ...location, query: "lead" }),
    );
    const fields = structured<{ fields: { name: string }[] }>(
      await harness.call("list_salesforce_fields", {
        ...location,
        salesforce_object: objects.objects[0]?.name,
        query: "status",
      }),
    );
    const references = structured<{ references: { token: string; source: string }[] }>(
      await harness.call("list_references", { ...location, query: `${lookup}.records_found.Id` }),
    );
    const recordId = references.references[0]?.token;
    assert.equal(recordId, `{{${lookup}.records_found.Id}}`);
    const configured = structured<{ status: string }>(
      await harness.call("configure_salesforce_update", {
        ...location,
        confirmation_token: guard.confirmation_token,
        record_id: recordId,
        salesforce_object: objects.objects[0]?.name,
        add_fields_and_their_values: [{ name: fields.fields[0]?.name, value: "Working - Contacted" }],
      }),
    );
    assert.equal(configured.status, "configured");
    const action = harness.emulator.findAction(workflowId, workflowId, "salesforce_update_record_1");
    assert.deepEqual(action?.inputs.add_fields_and_their_values, [
      { name: "Status", label: "Lead Status", value: "Working - Contacted" },
    ]);
    assert.equal(action?.display_name, "Update the lead");
  });
});

describe("a workflow with thousands of sheets", () => {
  const wide = (): DemoWorkflow => ({
    workflow_id: "wf_wide",
    name: "Wide",
    created_at: "2026-11-01T00:00:00Z",
    last_run_at: null,
    sheets: Array.from({ length: 3_000 }, (_, index) => ({
      sheet_id: index === 0 ? "wf_wide" : `sh_${index}`,
      name: `Sheet ${index}`,
      inputs: [{ name: "email", type: "email" }],
      actions: [],
    })),
  });

  it("reads only the sheets a call needs", async () => {
    await withHarness({ emulator: { workflows: [wide()] } }, async (harness) => {
      const token = await confirmedToken(harness);
      const graphReads = () => harness.emulator.countRequests("GET", "/actions");
      const dry = structured<Added>(
        await harness.call("add_salesforce_update_action", {
          workflow_id: "wf_wide",
          sheet_id: "sh_2999",
          dry_run: true,
          confirmation_token: token,
        }),
      );
      assert.equal(dry.action_instance_id, "salesforce_update_record_1");
      assert.equal(graphReads(), 1, "an add reads the one sheet it adds to");
      assert.equal(harness.emulator.requests.length, 2, "and the workflow's overview");

      const overview = structured<Workflow & { warnings: string[] }>(
        await harness.call("get_workflow", { workflow_id: "wf_wide" }),
      );
      assert.equal(overview.sheets.length, 3_000);
      assert.equal(overview.sheets.filter((sheet) => sheet.actions !== undefined).length, 20);
      assert.match(overview.warnings.join(), /first 20 of 3000 sheets .* call again with sheet_id/);
      assert.equal(graphReads(), 1 + 20);

      const one = structured<Workflow>(
        await harness.call("get_workflow", { workflow_id: "wf_wide", sheet_id: "sh_2500" }),
      );
      assert.deepEqual(one.sheets.find((sheet) => sheet.sheet_id === "sh_2500")?.actions, []);
      assert.equal(graphReads(), 1 + 20 + 1);
      const missing = await harness.call("get_workflow", { workflow_id: "wf_wide", sheet_id: "sh_nope" });
      assert.match(textOf(missing), /has no sheet sh_nope/);
    });
  });
});
