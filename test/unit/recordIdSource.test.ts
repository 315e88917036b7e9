import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readActionGraph } from "../../src/floqer/actionGraph.js";
import { namesAnId, recordIdWarnings } from "../../src/salesforce/recordIdSource.js";
import type { ActionGraph } from "../../src/sheet/graph.js";

function sheet(withLookup: boolean): ActionGraph {
  const graph = readActionGraph([
    {
      action_instance_id: "input",
      action_id: "input",
      outputs: [
        { name: "domain", type: "string" },
        { name: "contact_id", type: "string" },
      ],
    },
    ...(withLookup
      ? [
          {
            action_instance_id: "salesforce_lookup_record_1",
            action_id: "salesforce_lookup_record",
            inputs: { salesforce_object: "Contact" },
            outputs: [
              {
                name: "records_found",
                type: "structured_array",
                columns: [
                  { name: "Id", type: "string" },
                  { name: "Email", type: "string" },
                ],
              },
            ],
          },
        ]
      : []),
    {
      action_instance_id: "salesforce_create_record_1",
      action_id: "salesforce_create_record",
      outputs: [
        { name: "record_id", type: "string" },
        { name: "account_url", type: "url" },
      ],
    },
    { action_instance_id: "salesforce_update_record_1", action_id: "salesforce_update_record" },
  ]);
  assert.ok(graph);
  return graph;
}

const warn = (recordId: string, withLookup = true, object = "Contact") => {
  const graph = sheet(withLookup);
  return recordIdWarnings(recordId, graph, graph.actions.length - 1, object);
};

describe("what record_id holds", () => {
  it("takes a lookup's Id column, a record_id output and an input column named as an ID", () => {
    assert.deepEqual(warn("{{salesforce_lookup_record_1.records_found.Id}}"), []);
    assert.deepEqual(warn("{{salesforce_create_record_1.record_id}}"), []);
    assert.deepEqual(warn("{{input.contact_id}}", false), []);
    assert.deepEqual(warn("0035g00000XyZaBAAV", false), []);
  });

  it("warns on an input column whose name is not an ID, pointing at the lookup's Id", () => {
    assert.deepEqual(warn("{{input.domain}}"), [
      "record_id {{input.domain}} is the input column domain, whose name does not say it holds a Salesforce record ID: every row whose value is not one fails in Salesforce. Use the ID a lookup found: {{salesforce_lookup_record_1.records_found.Id}}.",
    ]);
  });

  it("warns on a lookup column other than Id, and on a lookup of another object", () => {
    assert.match(
      warn("{{salesforce_lookup_record_1.records_found.Email}}").join(),
      /the Email column of what salesforce_lookup_record_1 found, not the found record's ID: use \{\{salesforce_lookup_record_1\.records_found\.Id\}\}/,
    );
    assert.match(
      warn("{{salesforce_lookup_record_1.records_found.Id}}", true, "Lead").join(),
      /searches Contact, but salesforce_object is Lead/,
    );
  });

  it("without a lookup on the sheet, says the user adds one in the Floqer app", () => {
    assert.match(
      warn("{{input.domain}}", false).join(),
      /no salesforce_lookup_record action before the update, and this server cannot add one: the user adds .* in the Floqer app/,
    );
  });

  it("reads ID names in snake and camel case, never inside a word", () => {
    for (const name of ["id", "ID", "record_id", "sfdc_ID", "ContactId", "OwnerId"])
      assert.ok(namesAnId(name), name);
    for (const name of ["domain", "valid", "paid", "email", "identity"]) assert.ok(!namesAnId(name), name);
  });
});
