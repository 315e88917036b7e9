import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  closestNames,
  indexByName,
  matchesQuery,
  SUGGESTION_DISTANCES,
  Suggestions,
} from "../../src/names.js";
import { isWritable } from "../../src/salesforce/fields.js";

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

describe("the work suggestions do", () => {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const wide = Array.from({ length: 3_000 }, (_, index) => ({
    name: `${letters[index % 26]?.repeat(20)}_${index}__c`,
    label: `Wide ${index}`,
  }));

  it("never computes a distance to a name its letters already rule out", () => {
    const work = { distances: 0 };
    assert.deepEqual(closestNames("0123456789".repeat(3), wide, 3, work), []);
    assert.equal(work.distances, 0, "30 digits share too few letters with any of the 3,000 names");
    assert.equal(closestNames("bbbbbbbbbbbbbbbbbbbbb_1", wide, 3, work)[0], "bbbbbbbbbbbbbbbbbbbb_1__c");
    assert.ok(work.distances > 0, "a near name is measured");
    assert.ok(work.distances < 300, `only names alike in letters are measured (${work.distances})`);
  });

  it("suggests for the first names of a request only, and once for a name asked again", () => {
    const fields = [
      { name: "Title", label: "Title" },
      { name: "Email", label: "Email" },
    ];
    const suggestions = new Suggestions(2);
    assert.deepEqual(suggestions.closest("Titel", fields), ["Title"]);
    assert.deepEqual(suggestions.closest("Emial", fields), ["Email"]);
    assert.deepEqual(suggestions.closest("Titel", fields), ["Title"], "asked again: no cost");
    assert.deepEqual(suggestions.closest("Emali", fields), [], "the budget is spent");
  });

  it("computes a bounded number of distances per request, even in an org of look-alike names", () => {
    const alike = Array.from({ length: 3_000 }, (_, index) => ({
      name: `Custom_Field_${String(index).padStart(4, "0")}__c`,
      label: `Custom Field ${index}`,
    }));
    const suggestions = new Suggestions(20);
    const answers = Array.from({ length: 20 }, (_, index) =>
      suggestions.closest(`Custom_Feild_${String(index).padStart(4, "0")}`, alike),
    );
    assert.equal(suggestions.work.distances, SUGGESTION_DISTANCES);
    assert.equal(answers[0]?.[0], "Custom_Field_0000__c");
    assert.deepEqual(answers[19], [], "past the budget, the list tool instead");
  });

  it("finds the nearest argument name the same way", () => {
    const named = (...names: string[]) => names.map((name) => ({ name, label: name }));
    assert.deepEqual(closestNames("quer", named("query", "limit", "cursor"), 1), ["query"]);
    assert.deepEqual(
      closestNames("ignore_empty_value", named("record_id", "ignore_empty_values", "dry_run"), 1),
      ["ignore_empty_values"],
    );
    assert.deepEqual(
      closestNames("run_if", named("record_id", "run_salesforce_assignment_rules", "dry_run"), 1),
      [],
    );
  });
});
