import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_LOCATION, type Harness, startHarness, structured, textOf } from "../support/harness.js";

interface ObjectsAnswer {
  objects: { name: string; label: string }[];
  total: number;
  next_cursor?: string;
}
interface FieldsAnswer {
  salesforce_object: string;
  fields: { name: string; label: string; type?: string; updateable?: boolean }[];
  total: number;
  next_cursor?: string;
}

describe("listing objects and fields", () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  const objects = async (args: Record<string, unknown> = {}) =>
    structured<ObjectsAnswer>(await harness.call("list_salesforce_objects", { ...DEMO_LOCATION, ...args }));
  const fields = async (args: Record<string, unknown>) =>
    structured<FieldsAnswer>(await harness.call("list_salesforce_fields", { ...DEMO_LOCATION, ...args }));

  it("lists the org's objects, searchable by name or label", async () => {
    const all = await objects();
    assert.ok(all.objects.some((object) => object.name === "Invoice__c"));
    assert.equal(all.total, all.objects.length);
    assert.deepEqual((await objects({ query: "INVOICE" })).objects, [
      { name: "Invoice__c", label: "Invoice" },
    ]);
    assert.deepEqual(
      (await objects({ query: "product usage" })).objects.map((object) => object.name),
      ["Product_Usage__c"],
    );
    assert.equal((await objects({ query: "nothing-like-this" })).total, 0);
  });

  it("pages objects without losing or repeating any", async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await objects({ limit: 3, ...(cursor && { cursor }) });
      names.push(...page.objects.map((object) => object.name));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(
      names,
      (await objects()).objects.map((object) => object.name),
    );
  });

  it("lists writable fields by default, 50 at a time, for a wide object", async () => {
    const page = await fields({ salesforce_object: "account" });
    assert.equal(page.salesforce_object, "Account");
    assert.equal(page.fields.length, 50);
    assert.ok(page.total > 400, `Account has ${page.total} writable fields`);
    assert.ok(page.next_cursor);
    assert.ok(!page.fields.some((field) => ["Id", "CreatedDate", "SystemModstamp"].includes(field.name)));
    assert.ok(page.fields.every((field) => field.updateable === undefined));
  });

  it("shows every field with updateable when asked", async () => {
    const page = await fields({ salesforce_object: "Contact", updateable_only: false, query: "name" });
    const byName = Object.fromEntries(page.fields.map((field) => [field.name, field.updateable]));
    assert.equal(byName.Name, false);
    assert.equal(byName.FirstName, true);
  });

  it("searches fields by label", async () => {
    const page = await fields({ salesforce_object: "Contact", query: "business phone" });
    assert.deepEqual(page.fields, [{ name: "Phone", label: "Business Phone", type: "phone" }]);
  });

  it("suggests the right object when the name is wrong, in the one form of a refusal", async () => {
    const result = await harness.call("list_salesforce_fields", {
      ...DEMO_LOCATION,
      salesforce_object: "Contacts",
    });
    assert.equal(result.isError, true);
    assert.equal(
      textOf(result),
      [
        "Refused; no fields listed:",
        "- salesforce_object: 'Contacts' is not an object of the connected org; did you mean Contact? (list_salesforce_objects shows them all)",
        "Fix salesforce_object and call again.",
      ].join("\n"),
    );
  });

  it("refuses a cursor from another query", async () => {
    const page = await fields({ salesforce_object: "Account", limit: 5 });
    const result = await harness.call("list_salesforce_fields", {
      ...DEMO_LOCATION,
      salesforce_object: "Account",
      query: "score",
      cursor: page.next_cursor,
    });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /cursor belongs to another query/);
  });

  it("caches option lists and asks again on refresh", async () => {
    const before = harness.emulator.countRequests("POST", "/options/add_fields_and_their_values");
    await fields({ salesforce_object: "Lead" });
    await fields({ salesforce_object: "Lead", query: "score" });
    assert.equal(harness.emulator.countRequests("POST", "/options/add_fields_and_their_values"), before + 1);
    await fields({ salesforce_object: "Lead", refresh: true });
    assert.equal(harness.emulator.countRequests("POST", "/options/add_fields_and_their_values"), before + 2);
  });

  it("on refresh, asks again for the fields, and for the objects only when the object is new", async () => {
    await fields({ salesforce_object: "Lead" });
    const objectsBefore = harness.emulator.countRequests("POST", "/options/salesforce_object");
    await fields({ salesforce_object: "Lead", refresh: true });
    assert.equal(harness.emulator.countRequests("POST", "/options/salesforce_object"), objectsBefore);
    harness.emulator.objects.push({
      name: "Renewal__c",
      label: "Renewal",
      fields: [{ name: "Stage__c", label: "Stage", type: "picklist", updateable: true }],
    });
    try {
      const stale = await harness.call("list_salesforce_fields", {
        ...DEMO_LOCATION,
        salesforce_object: "Renewal__c",
      });
      assert.equal(stale.isError, true, "the cached object list does not know it yet");
      const fresh = await fields({ salesforce_object: "Renewal__c", refresh: true });
      assert.deepEqual(
        fresh.fields.map((field) => field.name),
        ["Stage__c"],
      );
      assert.equal(harness.emulator.countRequests("POST", "/options/salesforce_object"), objectsBefore + 1);
    } finally {
      harness.emulator.objects.pop();
    }
  });

  it("refuses ids that could not go into a URL path before any request", async () => {
    const before = harness.emulator.requests.length;
    for (const workflow_id of ["../admin", "wf/1", "a b", "", "x".repeat(129), "wf%2F1"]) {
      const result = await harness.call("list_salesforce_objects", { ...DEMO_LOCATION, workflow_id });
      assert.equal(result.isError, true, workflow_id);
      assert.match(textOf(result), /workflow_id/);
    }
    assert.equal(harness.emulator.requests.length, before);
  });

  it("uses the sheet given, and the main sheet otherwise", async () => {
    const result = await harness.call("list_salesforce_objects", {
      workflow_id: "wf_demo_account_scoring",
      sheet_id: "sh_demo_enterprise",
      action_instance_id: "salesforce_update_record_2",
    });
    assert.equal(result.isError, undefined);
    const last = harness.emulator.requests.at(-1);
    assert.equal(
      last?.path,
      "/workflows/wf_demo_account_scoring/sheets/sh_demo_enterprise/actions/salesforce_update_record_2/options/salesforce_object",
    );
    const missing = await harness.call("list_salesforce_objects", { ...DEMO_LOCATION, sheet_id: "sh_nope" });
    assert.match(textOf(missing), /404.*Sheet sh_nope not found/);
  });
});
