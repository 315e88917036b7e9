import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldChanges, planFieldList, readHeldFields } from "../../src/salesforce/fieldList.js";

const held = [
  { name: "Title", value: "{{input.job_title}}" },
  { name: "Phone", value: "{{input.phone}}" },
];
const names = (plan: ReturnType<typeof planFieldList>) =>
  plan.ok
    ? plan.pairs.map((pair) => `${pair.name}=${pair.value}${pair.held ? " (held)" : ""}`)
    : plan.problems;

describe("the field list an update writes", () => {
  it("merges by default: held fields kept in place, a field given again takes its value, new ones appended", () => {
    const plan = planFieldList(held, {
      given: [
        { name: "Rating", value: "Hot" },
        { name: "phone", value: "555" },
      ],
      remove: [],
      replace: false,
    });
    assert.deepEqual(names(plan), ["Title={{input.job_title}} (held)", "phone=555", "Rating=Hot"]);
    assert.deepEqual(plan.ok && plan.dropped, []);
  });

  it("drops what remove_fields names, and refuses a name the action does not hold or that is also given", () => {
    const plan = planFieldList(held, { given: [], remove: ["TITLE"], replace: false });
    assert.deepEqual(names(plan), ["Phone={{input.phone}} (held)"]);
    assert.deepEqual(plan.ok && plan.dropped, ["Title"]);
    const bad = planFieldList(held, {
      given: [{ name: "Phone", value: "1" }],
      remove: ["Email", "phone"],
      replace: false,
    });
    assert.deepEqual(names(bad), [
      "remove_fields: 'Email' is not among the action's fields (it holds: Title, Phone)",
      "remove_fields: 'phone' is also in add_fields_and_their_values; give it in one of the two",
    ]);
  });

  it("replaces on request, naming every held field it drops", () => {
    const plan = planFieldList(held, { given: [{ name: "title", value: "CTO" }], remove: [], replace: true });
    assert.deepEqual(names(plan), ["title=CTO"]);
    assert.deepEqual(plan.ok && plan.dropped, ["Phone"]);
  });

  it("reads the held list tolerantly, and refuses to guess at one it cannot read", () => {
    assert.deepEqual(readHeldFields(undefined), []);
    assert.deepEqual(
      readHeldFields([
        { name: "A", label: "a", value: 3 },
        { name: "B", value: null },
      ]),
      [
        { name: "A", value: "3" },
        { name: "B", value: "" },
      ],
    );
    assert.equal(readHeldFields("Title=x"), undefined);
    assert.equal(readHeldFields([{ value: "x" }]), undefined);
    assert.equal(readHeldFields([{ name: "A", value: { nested: true } }]), undefined);
  });

  it("lists each field added, changed or dropped, and nothing for one unchanged", () => {
    assert.deepEqual(
      fieldChanges(held, [
        { name: "title", value: "{{input.job_title}}" },
        { name: "Rating", value: "Hot" },
      ]),
      [
        { input: "add_fields_and_their_values", field: "Rating", from: null, to: "Hot" },
        { input: "add_fields_and_their_values", field: "Phone", from: "{{input.phone}}", to: null },
      ],
    );
  });
});
