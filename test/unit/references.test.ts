import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSingleReference, outputReference, scanReferences } from "../../src/sheet/references.js";

describe("reference tokens", () => {
  it("accepts input, action output and list column tokens, alone or mixed with literals", () => {
    for (const value of [
      "{{input.email}}",
      "{{salesforce_lookup_record_1.record_id}}",
      "{{find_people_3.people.email}}",
      "Hi {{input.first_name}}, from {{input.company}}",
      "plain literal",
      "",
      '{"score": 5} is JSON, and {braces} alone are text',
      "{ {{input.email}} }",
    ]) {
      assert.equal(scanReferences(value).ok, true, value);
    }
    const scan = scanReferences("{{find_people_3.people.email}}");
    assert.deepEqual(scan.ok && scan.tokens, [
      { raw: "{{find_people_3.people.email}}", source: "find_people_3", path: ["people", "email"] },
    ]);
  });

  const refused: [string, RegExp][] = [
    ["{{input}}", /one column name/],
    ["{{input.a.b}}", /one column name/],
    ["{{record_id}}", /neither 'input' nor an action instance id/],
    ["{{salesforce_lookup_record.record_id}}", /neither 'input' nor an action instance id/],
    ["{{salesforce_lookup_record_1}}", /action reference is/],
    ["{{a_1.b.c.d}}", /action reference is/],
    ["{{ input.email }}", /remove the spaces/],
    ["{{input.first-name}}", /letters, digits and underscores/],
    ["{{}}", /letters, digits and underscores/],
    ["{{input.email", /unbalanced/],
    ["input.email}}", /unbalanced/],
    ["{{input.a}}}", /stray brace/],
    ["{{{input.a}}", /stray brace|unbalanced|letters, digits and underscores/],
    ["x{{{input.a}}}", /stray brace|unbalanced/],
    ["{{input.{{x}}}}", /./],
  ];
  for (const [value, problem] of refused) {
    it(`refuses ${value}`, () => {
      const scan = scanReferences(value);
      assert.equal(scan.ok, false);
      assert.match(!scan.ok ? scan.problems.join(" ") : "", problem);
    });
  }

  it("tells a single token from a mix", () => {
    assert.equal(isSingleReference("{{input.id}}"), true);
    assert.equal(isSingleReference(" {{input.id}} "), true);
    assert.equal(isSingleReference("x{{input.id}}"), false);
    assert.equal(isSingleReference("{{input.a}}{{input.b}}"), false);
  });

  it("builds the token downstream actions use for an output", () => {
    assert.equal(
      outputReference("salesforce_update_record_2", "account_url"),
      "{{salesforce_update_record_2.account_url}}",
    );
  });
});
