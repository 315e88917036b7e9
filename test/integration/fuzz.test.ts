/**
 * Thousands of random and hostile tool calls to every tool through a real MCP client against the
 * emulator: nothing crashes, nothing is left unhandled, every answer is a valid tool result, and no
 * write of any method reaches Floqer unless the call was valid and said so. Then the same against
 * an upstream that is itself hostile: answers stay bounded and never carry the key.
 */
import "../support/seed.js";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { MAX_ANSWER_BYTES } from "../../src/limits.js";
import type { EmulatorOptions, Fault } from "../../src/sandbox/emulator.js";
import { TOOLS } from "../../src/tools/catalog.js";
import { confirmedToken, DEMO_LOCATION, type Harness, startHarness } from "../support/harness.js";
import { hostileEmulatorOptions, hostileFaults, keyForms } from "../support/hostileUpstream.js";
import { SEED } from "../support/seed.js";

const CALLS = Number(process.env.FUZZ_CALLS ?? 2000);

/** Every tool the server offers, and one it does not. */
const TOOL_NAMES = [...TOOLS.map((tool) => tool.name), "no_such_tool"];
const WRITE_TOOLS = new Set(["configure_salesforce_update", "add_salesforce_update_action"]);

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "../../etc/passwd",
    "wf_demo_enrich_contacts/../x",
    "%2e%2e%2f",
    "salesforce_update_record_1?x=1",
    "'; DROP TABLE workflows; --",
    "<script>alert(1)</script>",
    "{{input.email}}",
    "{{input.{{x}}}}",
    "{{salesforce_lookup_record_1.records_found.Id}}",
    "0035g00000XyZaBAAV",
    "0035g00000XyZaBAAA",
    "Title",
    "TITLE",
    "CreatedDate",
    "Contact",
    "wf_demo_enrich_contacts",
    "salesforce_update_record_1",
    "\u0000\u202e\ud83d\ude00",
    "",
  ),
  fc.nat(5).map((n) => "x".repeat(10 ** n)),
);

const deep: fc.Arbitrary<unknown> = fc.nat(200).map((depth) => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
});

const anyValue = fc.oneof(hostileString, fc.anything(), deep, fc.boolean(), fc.integer(), fc.constant(null));

function argumentsFor(
  token: string,
  location: { workflow_id: string; action_instance_id: string } = DEMO_LOCATION,
) {
  const pair = fc.record(
    { name: fc.oneof(hostileString, anyValue), value: fc.oneof(hostileString, anyValue) },
    { requiredKeys: [] },
  );
  const nearlyValid = fc.record(
    {
      workflow_id: fc.oneof(fc.constant(location.workflow_id), hostileString, anyValue),
      sheet_id: fc.oneof(hostileString, anyValue),
      action_instance_id: fc.oneof(fc.constant(location.action_instance_id), hostileString, anyValue),
      salesforce_object: fc.oneof(
        fc.constantFrom("Contact", "contact", "Account", "Nope"),
        hostileString,
        anyValue,
      ),
      record_id: fc.oneof(hostileString, anyValue),
      add_fields_and_their_values: fc.oneof(fc.array(pair, { maxLength: 4 }), anyValue),
      confirmation_token: fc.oneof(fc.constant(token), hostileString, anyValue),
      user_confirmed: fc.oneof(fc.boolean(), anyValue),
      dry_run: fc.oneof(fc.boolean(), anyValue),
      query: fc.oneof(hostileString, anyValue),
      limit: fc.oneof(fc.integer({ min: -5, max: 500 }), anyValue),
      cursor: fc.oneof(hostileString, anyValue),
      refresh: fc.oneof(fc.boolean(), anyValue),
      updateable_only: fc.oneof(fc.boolean(), anyValue),
      ignore_empty_values: fc.oneof(fc.boolean(), anyValue),
      after: fc.oneof(
        fc.constantFrom("salesforce_lookup_record_1", "workflow_if_else_1"),
        hostileString,
        anyValue,
      ),
      name: fc.oneof(hostileString, anyValue),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 4, arbitrary: nearlyValid },
    { weight: 1, arbitrary: fc.dictionary(hostileString, anyValue, { maxKeys: 6 }) },
  );
}

/** A valid configuration with, most of the time, one argument replaced by something hostile. */
function mutatedConfiguration(token: string) {
  const valid: Record<string, unknown> = {
    ...DEMO_LOCATION,
    confirmation_token: token,
    record_id: "0035g00000XyZaBAAV",
    salesforce_object: "Contact",
    add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
  };
  return fc
    .option(fc.tuple(fc.constantFrom(...Object.keys(valid), "ignore_empty_values", "dry_run"), anyValue), {
      freq: 4,
    })
    .map((mutation) => (mutation ? { ...valid, [mutation[0]]: mutation[1] } : valid));
}

/**
 * A harness for a fuzz run: an emulator that never rate-limits, a valid token, and every
 * unhandled rejection collected while the suite runs.
 */
function fuzzSetUp(emulator: EmulatorOptions = {}) {
  const state = { harness: undefined as unknown as Harness, token: "", unhandled: [] as unknown[] };
  const onUnhandled = (reason: unknown) => state.unhandled.push(reason);
  before(async () => {
    process.on("unhandledRejection", onUnhandled);
    state.harness = await startHarness({ emulator: { ...emulator, rateLimitPerMinute: 1_000_000 } });
    state.token = await confirmedToken(state.harness);
  });
  after(async () => {
    process.off("unhandledRejection", onUnhandled);
    await state.harness.close();
  });
  return state;
}

describe(`fuzzing tool calls (seed ${SEED}, ${CALLS} calls)`, () => {
  const run = fuzzSetUp();

  it("answers every call with a valid result and writes only for valid configurations", async () => {
    const { harness, token, unhandled } = run;
    const call = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...TOOL_NAMES), argumentsFor(token)) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constant("configure_salesforce_update"), mutatedConfiguration(token)),
      },
    );
    const calls = fc.sample(call, { seed: SEED, numRuns: CALLS });
    let writes = 0;
    let refusals = 0;
    for (const [name, args] of calls) {
      // Every method that could change something counts, not only the configure PATCH.
      const before = harness.emulator.changeAttempts.length;
      let result: unknown;
      try {
        result = await harness.client.callTool({ name, arguments: args as Record<string, unknown> });
      } catch (error) {
        assert.fail(`seed ${SEED}: ${name} ${JSON.stringify(args)?.slice(0, 300)} threw ${String(error)}`);
      }
      const parsed = CallToolResultSchema.parse(result);
      const wrote = harness.emulator.changeAttempts.length - before;
      if (wrote > 0) {
        writes++;
        assert.ok(WRITE_TOOLS.has(name), `seed ${SEED}: ${name} sent a write`);
        assert.equal(wrote, 1, `seed ${SEED}: one call, one write`);
        assert.equal(parsed.isError, undefined, `seed ${SEED}: a write happened for a refused call`);
        assert.match(
          String((parsed.structuredContent as { status?: string }).status),
          /^(configured|added)$/,
        );
      }
      if (parsed.isError) refusals++;
    }
    assert.deepEqual(unhandled, []);
    assert.ok(refusals > CALLS / 2, `most random calls are refused (${refusals})`);
    assert.ok(writes > 0, "some calls were valid and wrote");
    assert.equal(harness.emulator.changeAttempts.filter((request) => request.status === 200).length, writes);
    // The server still serves a normal call after all of that.
    const objects = await harness.call("list_salesforce_objects", { ...DEMO_LOCATION });
    assert.equal(objects.isError, undefined);
  });
});

const HOSTILE_CALLS = Math.min(CALLS, 300);

describe(`fuzzing tool calls against a hostile upstream (seed ${SEED}, ${HOSTILE_CALLS} calls)`, () => {
  const run = fuzzSetUp(hostileEmulatorOptions());

  it("answers every call with a valid, bounded result that never carries the key", async () => {
    const { harness, token, unhandled } = run;
    const location = { workflow_id: "wf_hostile", action_instance_id: "salesforce_update_record_1" };
    const calls = fc.sample(fc.tuple(fc.constantFrom(...TOOL_NAMES), argumentsFor(token, location)), {
      seed: SEED,
      numRuns: HOSTILE_CALLS,
    });
    const faults = hostileFaults();
    for (const [index, [name, args]] of calls.entries()) {
      // Every so often the upstream also answers with absurd headers or an echoing error.
      if (index % 10 === 0)
        harness.emulator.faults.push({ ...(faults[index % faults.length] as Fault), times: 1 });
      const result = CallToolResultSchema.parse(
        await harness.client.callTool({ name, arguments: args as Record<string, unknown> }),
      );
      const text = JSON.stringify(result);
      assert.ok(
        Buffer.byteLength(text) < 2 * MAX_ANSWER_BYTES + 4096,
        `seed ${SEED}: ${name} answered ${text.length} bytes`,
      );
      for (const form of keyForms()) assert.ok(!text.includes(form), `seed ${SEED}: ${name} let the key out`);
    }
    assert.deepEqual(unhandled, []);
    harness.emulator.faults.length = 0;
    const objects = await harness.call("list_salesforce_objects", location);
    assert.equal(objects.isError, undefined);
  });
});
