/**
 * Live state as resource templates, through a real client: the templates listed, their variables
 * completed from the real workflows, sheets, actions and objects, and each read answering what
 * Floqer holds now, redacted and refused by name where the URI names nothing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACTION_TEMPLATE, FIELDS_TEMPLATE } from "../../src/mcp/liveResources.js";
import { confirmedToken, DEMO_LOCATION, withHarness } from "../support/harness.js";

const WF = DEMO_LOCATION.workflow_id;
const ACTION_URI = `floqer://workflows/${WF}/sheets/${WF}/actions/salesforce_update_record_1`;

describe("live resources", () => {
  it("lists both templates and completes each variable from what Floqer holds", async () => {
    await withHarness({}, async (harness) => {
      const { resourceTemplates } = await harness.client.listResourceTemplates();
      assert.deepEqual(
        resourceTemplates.map((template) => template.uriTemplate).sort(),
        [ACTION_TEMPLATE, FIELDS_TEMPLATE].sort(),
      );
      const complete = async (name: string, value: string, args: Record<string, string> = {}) =>
        (
          await harness.client.complete({
            ref: { type: "ref/resource", uri: FIELDS_TEMPLATE },
            argument: { name, value },
            context: { arguments: args },
          })
        ).completion.values;
      assert.deepEqual(await complete("workflow_id", "wf_demo_acc"), ["wf_demo_account_scoring"]);
      assert.deepEqual(await complete("sheet_id", "", { workflow_id: "wf_demo_account_scoring" }), [
        "wf_demo_account_scoring",
        "sh_demo_enterprise",
      ]);
      assert.deepEqual(await complete("action_instance_id", "", { workflow_id: WF, sheet_id: WF }), [
        "salesforce_update_record_1",
      ]);
      assert.deepEqual(
        await complete("salesforce_object", "Le", {
          workflow_id: WF,
          sheet_id: WF,
          action_instance_id: "salesforce_update_record_1",
        }),
        ["Lead"],
      );
    });
  });

  it("reads the update action as configured now, with its run condition", async () => {
    await withHarness({}, async (harness) => {
      const token = await confirmedToken(harness);
      await harness.call("configure_salesforce_update", {
        ...DEMO_LOCATION,
        record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
        salesforce_object: "Contact",
        add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
        run_if: [[{ variable: "{{salesforce_lookup_record_1.records_found.Id}}", operator: "not empty" }]],
        confirmation_token: token,
      });
      const { contents } = await harness.client.readResource({ uri: ACTION_URI });
      const read = JSON.parse((contents[0] as { text: string }).text);
      assert.equal(read.settings.salesforce_object, "Contact");
      assert.deepEqual(read.settings.run_if.conditions[0].conditions[0].operator, "not empty");
      assert.deepEqual(read.outputs, [
        "{{salesforce_update_record_1.record_id}}",
        "{{salesforce_update_record_1.account_url}}",
      ]);
      assert.ok(!JSON.stringify(contents).includes(harness.emulator.apiKey));
    });
  });

  it("reads an object's writable fields, picklist values included", async () => {
    await withHarness({}, async (harness) => {
      const { contents } = await harness.client.readResource({ uri: `${ACTION_URI}/objects/Lead/fields` });
      const read = JSON.parse((contents[0] as { text: string }).text);
      const rating = read.fields.find((field: { name: string }) => field.name === "Rating");
      assert.deepEqual(rating.picklist_values, ["Hot", "Warm", "Cold"]);
      assert.ok(!read.fields.some((field: { name: string }) => field.name === "Id"), "only writable fields");
    });
  });

  it("refuses a URI that names no update action, by what is wrong", async () => {
    await withHarness({}, async (harness) => {
      await assert.rejects(
        harness.client.readResource({
          uri: `floqer://workflows/${WF}/sheets/${WF}/actions/salesforce_lookup_record_1`,
        }),
        /has no salesforce_update_record action salesforce_lookup_record_1/,
      );
      await assert.rejects(
        harness.client.readResource({ uri: `floqer://workflows/${WF}/sheets/a%20b/actions/x_1` }),
        /sheet_id in the resource URI is not an id/,
      );
    });
  });
});
