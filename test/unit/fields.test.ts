import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closestNames, indexByName, isWritable, matchesQuery } from "../../src/salesforce/fields.js";

const fields = [
  { name: "Title", label: "Title", type: "string" },
  { name: "Email", label: "Email", type: "email" },
  { name: "MobilePhone", label: "Mobile Phone", type: "phone" },
  { name: "Phone", label: "Business Phone", type: "phone" },
  { name: "Seniority__c", label: "Seniority", type: "picklist" },
  { name: "LeadSource", label: "Lead Source", type: "picklist" },
];

describe("field rules", () => {
  it("treats system, formula and explicitly read-only fields as not writable", () => {
    assert.equal(isWritable({ name: "Email", label: "Email" }), true);
    assert.equal(isWritable({ name: "Email", label: "Email", updateable: false }), false);
    assert.equal(isWritable({ name: "id", label: "Record ID" }), false);
    assert.equal(isWritable({ name: "SystemModstamp", label: "x", updateable: true }), false);
    assert.equal(isWritable({ name: "Score__c", label: "x", type: "Formula" }), false);
    assert.equal(isWritable({ name: "Total__c", label: "x", type: "rollup" }), false);
  });

  it("indexes names case-insensitively, keeping the first of equal names", () => {
    const index = indexByName([...fields, { name: "TITLE", label: "dup" }]);
    assert.equal(index.get("title")?.label, "Title");
    assert.equal(index.get("seniority__c")?.name, "Seniority__c");
  });

  it("matches a query against name or label", () => {
    assert.equal(matchesQuery(fields[3] as (typeof fields)[number], "business"), true);
    assert.equal(matchesQuery(fields[3] as (typeof fields)[number], "PHONE"), true);
    assert.equal(matchesQuery(fields[3] as (typeof fields)[number], "mail"), false);
    assert.equal(matchesQuery(fields[3] as (typeof fields)[number], undefined), true);
  });

  it("suggests the closest names for a typo, a label or a missing __c", () => {
    assert.deepEqual(closestNames("Titel", fields), ["Title"]);
    assert.equal(closestNames("Seniority", fields)[0], "Seniority__c");
    assert.equal(closestNames("Mobile Phone", fields)[0], "MobilePhone");
    assert.equal(closestNames("lead_source", fields)[0], "LeadSource");
    assert.deepEqual(closestNames("Zzzzzzzz", fields), []);
    assert.ok(closestNames("phone", fields).length <= 3);
  });
});
