import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SharedFormValidator } from "../../src/mcp/formValidator.js";

const yesNo = (name: string) => ({
  type: "object" as const,
  properties: { [name]: { type: "boolean" as const } },
  required: [name],
});

async function prepared(): Promise<SharedFormValidator> {
  const validator = new SharedFormValidator();
  await validator.prepare();
  return validator;
}

describe("the shared form validator", () => {
  it("takes no answer before it is prepared", () => {
    assert.throws(() => new SharedFormValidator().getValidator(yesNo("connected")), /before it was prepared/);
  });

  it("checks an answer against the form's schema", async () => {
    const validate = (await prepared()).getValidator(yesNo("connected"));
    assert.equal(validate({ connected: true }).valid, true);
    assert.equal(validate({ connected: "yes" }).valid, false);
    assert.equal(validate({}).valid, false);
  });

  it("compiles a shape once, whichever object carries it", async () => {
    const validator = await prepared();
    assert.equal(validator.getValidator(yesNo("connected")), validator.getValidator(yesNo("connected")));
    assert.notEqual(validator.getValidator(yesNo("connected")), validator.getValidator(yesNo("run")));
  });

  it("loads once for forms that open together, and checks each", async () => {
    const validator = new SharedFormValidator();
    await Promise.all([validator.prepare(), validator.prepare(), validator.prepare()]);
    assert.equal(validator.getValidator(yesNo("connected"))({ connected: true }).valid, true);
    assert.equal(validator.getValidator(yesNo("run"))({ run: "no" }).valid, false);
  });

  it("keeps validating past its limit of kept shapes", async () => {
    const validator = await prepared();
    for (let index = 0; index < 100; index++) {
      const validate = validator.getValidator(yesNo(`field_${index}`));
      assert.equal(validate({ [`field_${index}`]: false }).valid, true);
      assert.equal(validate({ [`field_${index}`]: 1 }).valid, false);
    }
  });
});
