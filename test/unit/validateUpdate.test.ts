import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SHOWN_PROBLEMS } from "../../src/limits.js";
import {
  checkUpdateShape,
  emptyValueWarnings,
  recordIdPrefixWarning,
  resolveFields,
  resolveObject,
  type UpdateRequest,
} from "../../src/salesforce/validateUpdate.js";

const base: UpdateRequest = {
  record_id: "{{salesforce_lookup_record_1.record_id}}",
  salesforce_object: "Contact",
  add_fields_and_their_values: [{ name: "Title", value: "CTO" }],
  ignore_empty_values: true,
  run_salesforce_assignment_rules: true,
};

function problemsOf(request: Partial<UpdateRequest>): string {
  const result = checkUpdateShape({ ...base, ...request });
  return result.ok ? "" : result.problems.join("\n");
}

describe("update shape", () => {
  it("passes a well-formed request with no warnings", () => {
    const result = checkUpdateShape(base);
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && result.warnings, []);
  });

  it("refuses a record_id that mixes a token with text, or is a malformed token", () => {
    assert.match(problemsOf({ record_id: "id-{{input.id}}" }), /either one reference token/);
    assert.match(problemsOf({ record_id: "{{lookup.record_id}}" }), /record_id: .*neither 'input'/);
  });

  it("refuses a bad literal ID, restores a folded one, and warns on a prefix of another object", () => {
    assert.match(problemsOf({ record_id: "0035g00000XyZaBAAA" }), /record_id: the 18-character checksum/);
    assert.match(
      recordIdPrefixWarning("00Q5g00000LmNoPEAV", "Contact") ?? "",
      /prefix of Lead records, but salesforce_object is Contact/,
    );
    assert.equal(recordIdPrefixWarning("0035g00000XyZaBAAV", "contact"), undefined);
    assert.equal(recordIdPrefixWarning("{{input.contact_id}}", "Lead"), undefined);
    const folded = checkUpdateShape({ ...base, record_id: "0035g00000xyzabaav" });
    assert.equal(folded.ok && folded.value.record_id, "0035g00000XyZaBAAV");
  });

  it("refuses duplicate fields (case-insensitively), empty lists and malformed tokens, all at once", () => {
    const problems = problemsOf({
      add_fields_and_their_values: [
        { name: "Title", value: "{{input.title" },
        { name: "title", value: "x" },
      ],
    });
    assert.match(problems, /\[0\] \(Title\): unbalanced/);
    assert.match(problems, /\[1\] \(title\): duplicate of Title/);
    assert.match(
      problemsOf({ add_fields_and_their_values: [], replace_fields: true }),
      /replace_fields true needs the action's whole new list/,
    );
    assert.match(
      problemsOf({ replace_fields: true, remove_fields: ["Title"] }),
      /remove_fields: leave it out when replace_fields is true/,
    );
    assert.match(
      checkUpdateShape({}).ok ? "" : (checkUpdateShape({}) as { problems: string[] }).problems.join(),
      /nothing to configure/,
    );
  });

  it("takes a request that only removes a field, or only sets a flag, leaving the rest to the action", () => {
    const remove = checkUpdateShape({ remove_fields: [" Title "] });
    assert.deepEqual(remove.ok && [remove.value.remove_fields, remove.value.record_id], [
      ["Title"],
      undefined,
    ]);
    assert.equal(checkUpdateShape({ ignore_empty_values: false }).ok, true);
  });

  it("refuses too many pairs and too long values", () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `F${i}__c`, value: "x" }));
    assert.match(problemsOf({ add_fields_and_their_values: many }), /at most 200 pairs/);
    assert.match(
      problemsOf({ add_fields_and_their_values: [{ name: "Title", value: "x".repeat(40_000) }] }),
      /at most 32768/,
    );
  });

  it("warns that an empty value will not blank the field while ignore_empty_values is on", () => {
    const on = emptyValueWarnings([{ name: "Title", value: " " }], true);
    assert.match(on.join(), /Title has an empty value.*ignore_empty_values to false/);
    assert.deepEqual(emptyValueWarnings([{ name: "Title", value: "" }], false), []);
  });
});

describe("resolving against the org", () => {
  const objects = [
    { name: "Contact", label: "Contact" },
    { name: "Invoice__c", label: "Invoice" },
  ];
  const fields = [
    { name: "Title", label: "Title", type: "string", updateable: true },
    { name: "Name", label: "Full Name", type: "string", updateable: false },
    { name: "Engagement_Tier__c", label: "Engagement Tier", type: "formula" },
  ];

  it("resolves object names case-insensitively to the canonical name, or suggests", () => {
    assert.deepEqual(resolveObject("invoice__C", objects), { ok: true, value: objects[1], warnings: [] });
    const miss = resolveObject("Invoice", objects);
    assert.match(
      miss.ok ? "" : miss.problems.join(),
      /not an object of the connected org; did you mean Invoice__c\?/,
    );
  });

  it("sends canonical field names and refuses unknown or unwritable fields with the next step", () => {
    assert.deepEqual(resolveFields("Contact", [{ name: "TITLE", value: "x" }], fields), {
      ok: true,
      value: [{ name: "Title", label: "Title", value: "x" }],
      warnings: [],
    });
    const result = resolveFields(
      "Contact",
      [
        { name: "Titl", value: "x" },
        { name: "name", value: "x" },
        { name: "Engagement_Tier__c", value: "x" },
      ],
      fields,
    );
    const text = result.ok ? "" : result.problems.join("\n");
    assert.match(text, /'Titl' does not exist on Contact; did you mean Title\?/);
    assert.match(text, /Name on Contact cannot be written \(string\)/);
    assert.match(text, /Engagement_Tier__c on Contact cannot be written \(formula\)/);
  });

  it("suggests names for the problems a refusal shows, not for all of them", () => {
    const many = Array.from({ length: 300 }, (_, index) => ({
      name: `Region_${index}_Score__c`,
      label: `Region ${index} score`,
      type: "string",
      updateable: true,
    }));
    const typos = Array.from({ length: 200 }, (_, index) => ({
      name: `Regoin_${index}_Score__c`,
      value: "x",
    }));
    const result = resolveFields("Account", typos, many);
    assert.ok(!result.ok);
    assert.equal(result.problems.length, 200);
    const suggested = result.problems.filter((problem) => problem.includes("did you mean"));
    assert.equal(suggested.length, SHOWN_PROBLEMS);
    assert.match(
      result.problems[0] ?? "",
      /'Regoin_0_Score__c' does not exist on Account; did you mean Region_0_Score__c/,
    );
    assert.match(result.problems[199] ?? "", /call list_salesforce_fields to see the valid names$/);
  });
});
