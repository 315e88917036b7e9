import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SharedFormValidator } from "../../src/mcp/formValidator.js";

const yesNo = (name: string) => ({
  type: "object" as const,
  properties: { [name]: { type: "boolean" as const } },
  required: [name],
});

describe("the shared form validator", () => {
  it("checks an answer against the form's schema", () => {
    const validate = new SharedFormValidator().getValidator(yesNo("connected"));
    assert.equal(validate({ connected: true }).valid, true);
    assert.equal(validate({ connected: "yes" }).valid, false);
    assert.equal(validate({}).valid, false);
  });

  it("compiles a shape once, whichever object carries it", () => {
    const validator = new SharedFormValidator();
    assert.equal(validator.getValidator(yesNo("connected")), validator.getValidator(yesNo("connected")));
    assert.notEqual(validator.getValidator(yesNo("connected")), validator.getValidator(yesNo("run")));
  });

  it("keeps validating past its limit of kept shapes", () => {
    const validator = new SharedFormValidator();
    for (let index = 0; index < 100; index++) {
      const validate = validator.getValidator(yesNo(`field_${index}`));
      assert.equal(validate({ [`field_${index}`]: false }).valid, true);
      assert.equal(validate({ [`field_${index}`]: 1 }).valid, false);
    }
  });
});
