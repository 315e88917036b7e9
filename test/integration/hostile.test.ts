/**
 * A hostile upstream, through a real client: every tool runs against data that echoes the key in
 * every form, carries control characters and injected instructions, holds huge strings and comes
 * with absurd headers. No answer, log line or notification may carry the key; upstream text
 * reaches the agent cleaned, bounded and as data; the server keeps serving.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type CallToolResult, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { MAX_ANSWER_BYTES } from "../../src/limits.js";
import { tokenByAgent } from "../support/guard.js";
import {
  DEMO_LOCATION,
  type Harness,
  startHarness,
  structured,
  textOf,
  withHarness,
} from "../support/harness.js";
import { HOSTILE_KEY, hostileEmulatorOptions, hostileFaults, keyForms } from "../support/hostileUpstream.js";
import { captureStderr } from "../support/stderr.js";

const LOCATION = { workflow_id: "wf_hostile", action_instance_id: "salesforce_update_record_1" };
const CONTROL = /(?![\t\n])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      found.push(key);
      stringsIn(item, found);
    }
  }
  return found;
}

describe("a hostile upstream", () => {
  let harness: Harness;
  const results: { name: string; result: CallToolResult }[] = [];
  const notifications: string[] = [];
  let stderr: ReturnType<typeof captureStderr>;

  before(async () => {
    stderr = captureStderr();
    harness = await startHarness({ emulator: hostileEmulatorOptions() });
    harness.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      notifications.push(JSON.stringify(notification.params));
    });
    await harness.client.setLoggingLevel("debug");
  });
  after(async () => {
    stderr.restore();
    await harness.close();
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await harness.call(name, args);
    results.push({ name, result });
    return result;
  };

  it("runs every tool against it, and the answers are data, not the upstream's words", async () => {
    const [listFault, patchFault, errorFault] = hostileFaults();
    harness.emulator.faults.push(listFault as never);
    const workflows = await call("list_workflows", {});
    assert.deepEqual(
      (workflows.structuredContent as { workflows: { workflow_id: string }[] }).workflows.map(
        (w) => w.workflow_id,
      ),
      ["wf_hostile"],
      "an id that could not go back into a path is left out",
    );
    const workflow = await call("get_workflow", { workflow_id: "wf_hostile" });
    assert.equal(workflow.isError, undefined, textOf(workflow));
    assert.equal(
      JSON.stringify(workflow.structuredContent).includes("__proto__"),
      false,
      "a __proto__ key in the action's settings is not passed on",
    );
    const token = await tokenByAgent(call, LOCATION);

    const objects = await call("list_salesforce_objects", LOCATION);
    assert.deepEqual(
      (objects.structuredContent as { objects: { name: string }[] }).objects.map((object) => object.name),
      ["Contact"],
      "an object whose name is not a Salesforce API name is not passed on",
    );
    const fields = await call("list_salesforce_fields", {
      ...LOCATION,
      salesforce_object: "Contact",
      limit: 200,
    });
    const names = (fields.structuredContent as { fields: { name: string; type?: string }[] }).fields;
    assert.ok(!names.some((field) => field.name.startsWith("Evil")));
    assert.equal(
      names.find((field) => field.name === "Title")?.type,
      undefined,
      "a type that is not a type is left out",
    );
    await call("list_salesforce_fields", {
      ...LOCATION,
      salesforce_object: "Contact",
      updateable_only: false,
    });
    await call("list_references", LOCATION);

    const update = {
      ...LOCATION,
      record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
      salesforce_object: "Contact",
      add_fields_and_their_values: [
        { name: "Title", value: "{{input.email}}" },
        { name: "constructor", value: "x" },
      ],
    };
    const dry = await call("configure_salesforce_update", { ...update, dry_run: true });
    assert.equal(dry.isError, undefined, textOf(dry));
    harness.emulator.faults.push(patchFault as never);
    const done = await call("configure_salesforce_update", { ...update, confirmation_token: token });
    const answer = done.structuredContent as { outputs: Record<string, string>; warnings: string[] };
    assert.deepEqual(answer.outputs, {
      record_id: "{{salesforce_update_record_1.record_id}}",
      account_url: "{{salesforce_update_record_1.account_url}}",
    });
    const floqerWarning = answer.warnings.find((warning) => warning.startsWith("Floqer warned"));
    assert.match(
      floqerWarning ?? "",
      /^Floqer warned \(warning\): ".*"$/s,
      "code and field that are not names are dropped; the message is quoted",
    );
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);

    await call("add_salesforce_update_action", { workflow_id: "wf_hostile", dry_run: true });
    harness.emulator.faults.push(errorFault as never);
    const refused = await call("list_salesforce_objects", { ...LOCATION, refresh: true });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /Problems Floqer listed: "[^"]*IGNORE ALL PREVIOUS INSTRUCTIONS/);

    // And the server still serves a normal call.
    const again = await call("list_salesforce_objects", { ...LOCATION, refresh: true });
    assert.equal(again.isError, undefined);
  });

  it("never lets the key out, in any form, in any answer, log line or notification", () => {
    assert.ok(results.length >= 12);
    const outputs = [
      ...results.map(({ result }) => JSON.stringify(result)),
      ...notifications,
      ...stderr.lines,
    ];
    for (const output of outputs) {
      for (const form of keyForms()) {
        assert.ok(
          !output.includes(form),
          `a form of the key got out: ${JSON.stringify(form)} in ${output.slice(0, 200)}`,
        );
      }
      assert.ok(!output.toLowerCase().includes(HOSTILE_KEY.toLowerCase().slice(5)));
    }
  });

  it("passes on no control characters, and no answer past the ceiling", () => {
    for (const { name, result } of results) {
      for (const text of stringsIn(result.structuredContent)) {
        assert.ok(
          !CONTROL.test(text),
          `${name}: a control character in ${JSON.stringify(text.slice(0, 80))}`,
        );
      }
      for (const block of result.content) {
        if (block.type === "text") assert.ok(Buffer.byteLength(block.text) <= MAX_ANSWER_BYTES, name);
      }
    }
  });
});

/** A node of the demo sheet's graph as an upstream might send it, declaring whatever outputs it likes. */
function node(id: string, outputs: { name: string; reference: string }[]) {
  return {
    action_instance_id: id,
    action_id: id === "input" ? "input" : id.replace(/_\d+$/, ""),
    display_name: id,
    inputs: {},
    outputs: outputs.map((output) => ({ ...output, type: "string" })),
  };
}

describe("an action graph whose outputs name other actions", () => {
  it("is not believed: a token of the action itself or of a later one is refused", async () => {
    await withHarness({}, async (harness) => {
      const own = "{{salesforce_update_record_1.record_id}}";
      const later = "{{find_work_email_1.email}}";
      const nodes = [
        node("input", [{ name: "job_title", reference: "{{input.job_title}}" }]),
        // An earlier action declares, as its own outputs, the target's output and a later one's.
        node("salesforce_lookup_record_1", [
          { name: "record_id", reference: own },
          { name: "email", reference: later },
        ]),
        node("salesforce_update_record_1", [{ name: "record_id", reference: own }]),
        node("find_work_email_1", [{ name: "email", reference: later }]),
      ];
      harness.emulator.faults.push({
        method: "GET",
        path: "/sheets/wf_demo_enrich_contacts/actions",
        status: 200,
        times: 10,
        body: JSON.stringify({ status: 200, data: nodes }),
      });
      const result = await harness.call("configure_salesforce_update", {
        ...DEMO_LOCATION,
        record_id: own,
        salesforce_object: "Contact",
        add_fields_and_their_values: [{ name: "Email", value: later }],
        dry_run: true,
      });
      assert.equal(result.isError, true, textOf(result));
      assert.match(
        textOf(result),
        /record_id: \{\{salesforce_update_record_1\.record_id\}\}: an action cannot read its own outputs/,
      );
      assert.match(
        textOf(result),
        /\{\{find_work_email_1\.email\}\}: find_work_email_1 runs after this action/,
      );
      const listed = structured<{ references: { token: string }[] }>(
        await harness.call("list_references", DEMO_LOCATION),
      );
      assert.deepEqual(
        listed.references.map((reference) => reference.token),
        [
          "{{input.job_title}}",
          "{{salesforce_lookup_record_1.record_id}}",
          "{{salesforce_lookup_record_1.email}}",
        ],
      );
      assert.deepEqual(harness.emulator.changeAttempts, []);
    });
  });
});

describe("an action graph nested 100,000 levels deep", () => {
  it("is refused as Floqer's unexpected answer, and the server keeps serving", async () => {
    await withHarness({}, async (harness) => {
      const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      const update = `{"action_instance_id":"salesforce_update_record_1","action_id":"salesforce_update_record","display_name":"Update","inputs":{"record_id":${deep}}}`;
      harness.emulator.faults.push({
        method: "GET",
        path: "/sheets/wf_demo_enrich_contacts/actions",
        status: 200,
        body: `{"status":200,"data":[${update}]}`,
      });
      const args = {
        ...DEMO_LOCATION,
        record_id: "0035g00000XyZaBAAV",
        salesforce_object: "Contact",
        add_fields_and_their_values: [{ name: "Title", value: "x" }],
        dry_run: true,
      };
      const result = await harness.call("configure_salesforce_update", args);
      assert.equal(result.isError, true);
      assert.match(textOf(result), /^Floqer's action graph nests deeper than 64 levels/);
      const next = structured<{ status: string }>(await harness.call("configure_salesforce_update", args));
      assert.equal(next.status, "dry_run");
    });
  });
});
