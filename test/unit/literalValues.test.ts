import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Suggestions } from "../../src/names.js";
import type { SalesforceField } from "../../src/salesforce/fields.js";
import { checkLiteral, checkLiterals, uncheckedNote } from "../../src/salesforce/literalValues.js";
import { toField } from "../../src/services/optionFields.js";

const field = (type: string | undefined, more: Partial<SalesforceField> = {}): SalesforceField => ({
  name: "F",
  label: "F",
  ...(type !== undefined && { type }),
  ...more,
});
const verdict = (value: string, of: SalesforceField) => {
  const check = checkLiteral(value, of);
  return check.kind === "problem"
    ? check.problem
    : check.kind === "fits"
      ? (check.note ?? "fits")
      : "unchecked";
};

describe("a literal against its field", () => {
  it("checkboxes take true or false", () => {
    assert.equal(verdict("TRUE", field("boolean")), "fits");
    assert.match(verdict("yes", field("boolean")), /not true or false/);
  });

  it("numbers: digits, sign and point; precision and scale where given", () => {
    const money = field("currency", { precision: 8, scale: 2 });
    assert.equal(verdict("-123456.5", money), "fits");
    assert.match(verdict("1234567", money), /7 digits before the point, and the field takes 6/);
    assert.match(verdict("1.234", money), /Salesforce rounds it to 2/);
    assert.match(verdict("$12", money), /not a number as Salesforce takes it/);
    assert.match(verdict("1.5", field("int")), /not a whole number/);
    assert.equal(verdict("0001", field("int", { precision: 3, scale: 0 })), "fits");
    assert.equal(verdict("12.5", field("double")), "fits", "no precision: the shape alone");
  });

  it("dates and date-times in the forms Salesforce takes, and that exist", () => {
    assert.equal(verdict("2026-02-28", field("date")), "fits");
    assert.match(verdict("2026-02-30", field("date")), /not a real date/);
    assert.match(verdict("28/02/2026", field("date")), /YYYY-MM-DD/);
    assert.equal(verdict("2026-12-02T21:00:00Z", field("datetime")), "fits");
    assert.equal(verdict("2026-12-02T21:00:00.123+02:00", field("datetime")), "fits");
    assert.match(verdict("2026-12-02 21:00", field("datetime")), /YYYY-MM-DDThh:mm:ssZ/);
    assert.match(verdict("2026-12-02T25:00:00Z", field("datetime")), /does not exist/);
    assert.equal(verdict("09:30:00", field("time")), "fits");
  });

  it("e-mail and web addresses by shape", () => {
    assert.equal(verdict("ada@example.org", field("email")), "fits");
    assert.match(verdict("ada@example", field("email")), /not an e-mail address/);
    assert.equal(verdict("https://example.com/x", field("url")), "fits");
    assert.equal(verdict("www.example.com", field("url")), "fits");
    assert.match(verdict("not a url", field("url")), /not a web address/);
  });

  it("picklists: active values only, the case and the nearest value named; multi-select by item", () => {
    const rating = field("picklist", {
      picklist: { active: ["Hot", "Warm", "Cold"], inactive: ["Lukewarm"] },
    });
    assert.equal(verdict("Warm", rating), "fits");
    assert.match(verdict("warm", rating), /written 'Warm'/);
    assert.match(verdict("Lukewarm", rating), /inactive value/);
    const nearest = checkLiteral("Cole", rating, new Suggestions(5));
    assert.match(nearest.kind === "problem" ? nearest.problem : "", /did you mean 'Cold'\?/);
    const multi = field("multipicklist", { picklist: { active: ["A", "B"], inactive: [] } });
    assert.equal(verdict("A; B", multi), "fits");
    assert.match(verdict("A;C", multi), /^has the item 'C', which is not a value/);
  });

  it("text no longer than the field, and lookup fields a record ID", () => {
    assert.match(
      verdict("x".repeat(41), field("phone", { length: 40 })),
      /41 characters, and the field takes at most 40/,
    );
    assert.equal(verdict("x".repeat(40), field("phone", { length: 40 })), "fits");
    assert.match(verdict("Acme", field("reference")), /not a record ID/);
  });

  it("says unchecked where the metadata says too little: no type, a text type with no length, a picklist with no values", () => {
    assert.equal(verdict("anything", field(undefined)), "unchecked");
    assert.equal(verdict("anything", field("string")), "unchecked");
    assert.equal(verdict("anything", field("picklist")), "unchecked");
    assert.equal(verdict("x".repeat(300), field(undefined, { length: 255 })).startsWith("is 300"), true);
  });

  it("checks only literals given, and names the fields it could not check", () => {
    const fields = new Map([
      ["rating", field("picklist", { name: "Rating", picklist: { active: ["Hot"], inactive: [] } })],
      ["notes__c", { name: "Notes__c", label: "Notes" }],
    ]);
    const result = checkLiterals(
      [
        { name: "Rating", value: "{{input.rating}}", where: "[0]" },
        { name: "Rating", value: "", where: "[1]" },
        { name: "Notes__c", value: "x", where: "[2]" },
        { name: "rating", value: "Cold", where: "[3]" },
      ],
      fields,
      new Suggestions(5),
    );
    assert.deepEqual(result.unchecked, ["Notes__c"]);
    assert.match(result.problems.join(), /^\[3\]: value "Cold" is not a value of this picklist/);
    assert.match(uncheckedNote(result.unchecked) ?? "", /Notes__c/);
  });
});

describe("field metadata as Floqer lists it (key names inferred)", () => {
  it("reads Salesforce's describe spellings and their variants, and keeps only short text values", () => {
    assert.deepEqual(
      toField({
        value: "Rating",
        label: "Rating",
        extras: {
          fieldType: "picklist",
          maxLength: 40,
          picklist_values: [
            { value: "Hot", active: true },
            { value: "Old", active: false },
            "Warm",
            { value: "\u0007" },
          ],
        },
      }),
      {
        name: "Rating",
        label: "Rating",
        type: "picklist",
        length: 40,
        picklist: { active: ["Hot", "Warm"], inactive: ["Old"] },
      },
    );
    assert.deepEqual(
      toField({ value: "Amount", label: "Amount", extras: { type: "currency", precision: 18, scale: 0 } }),
      {
        name: "Amount",
        label: "Amount",
        type: "currency",
        precision: 18,
        scale: 0,
      },
    );
    assert.deepEqual(toField({ value: "X", label: "X", extras: { length: -1, precision: "9" } }), {
      name: "X",
      label: "X",
    });
  });
});
