import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { ConfirmationSigner } from "../../src/guard/token.js";
import { MAX_ANSWER_BYTES, SHOWN_PROBLEMS } from "../../src/limits.js";
import {
  type Configured,
  confirmedToken,
  DEMO_LOCATION,
  type Harness,
  startHarness,
  structured,
  textOf,
} from "../support/harness.js";

const SECRET = "configure-test-secret-0123456789abcdef";

const update = {
  ...DEMO_LOCATION,
  record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
  salesforce_object: "Contact",
  add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
};

describe("configure_salesforce_update", () => {
  let harness: Harness;
  let token: string;
  before(async () => {
    harness = await startHarness({ settings: { confirmationSecret: SECRET } });
    token = await confirmedToken(harness);
  });
  after(() => harness.close());
  beforeEach(() => {
    harness.emulator.requests.length = 0;
    harness.emulator.faults.length = 0;
  });

  const configure = (args: Record<string, unknown>) => harness.call("configure_salesforce_update", args);
  const writes = () => harness.emulator.changeAttempts.length;

  async function refused(args: Record<string, unknown>, pattern: RegExp): Promise<void> {
    const result = await configure(args);
    assert.equal(result.isError, true, `expected a refusal for ${JSON.stringify(args)}`);
    assert.match(textOf(result), pattern);
    assert.equal(writes(), 0, "nothing may be written");
  }

  describe("the guard", () => {
    it("refuses without a token and says to confirm first", async () => {
      await refused(update, /no confirmation_token\. Call confirm_salesforce_connection first/);
      assert.equal(harness.emulator.requests.length, 0, "not even a read happens");
    });

    it("refuses forged, altered, expired and other-key tokens", async () => {
      const other = new ConfirmationSigner("a-different-secret-0123456789abcdef", 1800);
      const sameSecret = new ConfirmationSigner(SECRET, 60);
      const cases: [string, RegExp][] = [
        ["yes-the-user-confirmed", /not one from this server/],
        [other.issue(harness.emulator.apiKey, "agent").token, /invalid signature/],
        [`${token.slice(0, -3)}abc`, /invalid signature/],
        [sameSecret.issue(harness.emulator.apiKey, "agent", Date.now() - 120_000).token, /expired/],
        [sameSecret.issue("floq_someone_else", "agent").token, /another Floqer API key/],
      ];
      for (const [candidate, pattern] of cases) {
        await refused({ ...update, confirmation_token: candidate }, pattern);
      }
    });

    it("dry-runs without a token, and sends nothing", async () => {
      const answer = structured<Configured>(await configure({ ...update, dry_run: true }));
      assert.equal(answer.status, "dry_run");
      assert.match(answer.warnings.join(), /No confirmation_token passed \(a dry run needs none\)/);
      assert.equal(writes(), 0);
      const withBadToken = structured<Configured>(
        await configure({ ...update, dry_run: true, confirmation_token: "x" }),
      );
      assert.match(
        withBadToken.warnings.join(),
        /would be refused: confirmation_token is not one from this server/,
      );
    });
  });

  describe("a valid configuration", () => {
    it("sends exactly one PATCH with canonical names, labels, and every input filled in", async () => {
      const answer = structured<Configured>(
        await configure({
          ...update,
          salesforce_object: "contact",
          add_fields_and_their_values: [
            { name: "title", value: "{{input.job_title}}" },
            { name: "contact_score__c", value: 87 },
            { name: "DoNotCall", value: false },
          ],
          confirmation_token: token,
        }),
      );
      const inputs = {
        record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
        salesforce_object: "Contact",
        add_fields_and_their_values: [
          { name: "Title", label: "Title", value: "{{input.job_title}}" },
          { name: "Contact_Score__c", label: "Contact Score", value: "87" },
          { name: "DoNotCall", label: "Do Not Call", value: "false" },
        ],
        ignore_empty_values: true,
        run_salesforce_assignment_rules: true,
      };
      assert.equal(answer.status, "configured");
      // The demo action held nothing: every input is a change from null.
      assert.deepEqual(answer.current_inputs, {});
      // Each field of the list is a change of its own.
      assert.deepEqual(
        answer.changes.map((change) => [change.field ?? change.input, change.from]),
        [
          "record_id",
          "salesforce_object",
          ...inputs.add_fields_and_their_values.map((pair) => pair.name),
          "ignore_empty_values",
          "run_salesforce_assignment_rules",
        ].map((name) => [name, undefined]),
      );
      assert.deepEqual(answer.request, {
        method: "PATCH",
        path: "/workflows/wf_demo_enrich_contacts/sheets/wf_demo_enrich_contacts/actions/salesforce_update_record_1",
        body: { inputs },
      });
      assert.deepEqual(answer.outputs, {
        record_id: "{{salesforce_update_record_1.record_id}}",
        account_url: "{{salesforce_update_record_1.account_url}}",
      });
      // The lookup's Id is empty on rows where it found nothing, and no condition skips them.
      assert.deepEqual(answer.warnings, [
        'record_id comes from salesforce_lookup_record_1, and no run condition guards it: on rows where {{salesforce_lookup_record_1.records_found.Id}} is empty the update fails. To skip those rows instead, give run_if [[{"variable":"{{salesforce_lookup_record_1.records_found.Id}}","operator":"not empty"}]].',
      ]);
      assert.equal(writes(), 1);
      assert.deepEqual(harness.emulator.writes[0]?.body, { inputs });
      const action = harness.emulator.findAction(
        "wf_demo_enrich_contacts",
        "wf_demo_enrich_contacts",
        "salesforce_update_record_1",
      );
      assert.deepEqual(action?.inputs, inputs);
    });

    it("passes the flags through, and a dry run shows the same request it would send", async () => {
      const args = {
        ...update,
        record_id: "0035g00000XyZaBAAV",
        ignore_empty_values: false,
        run_salesforce_assignment_rules: false,
        add_fields_and_their_values: [{ name: "MobilePhone", value: "" }],
      };
      const dry = structured<Configured>(await configure({ ...args, dry_run: true }));
      const real = structured<Configured>(await configure({ ...args, confirmation_token: token }));
      assert.deepEqual(dry.request, real.request);
      assert.equal(real.request.body.inputs.ignore_empty_values, false);
      assert.equal(real.request.body.inputs.run_salesforce_assignment_rules, false);
      assert.deepEqual(real.warnings, []);
      assert.equal(writes(), 1);
    });

    it("warns about an ID of another object and an empty value that will be ignored", async () => {
      const answer = structured<Configured>(
        await configure({
          ...update,
          record_id: "00Q5g00000LmNoPEAV",
          add_fields_and_their_values: [{ name: "Title", value: "" }],
          ignore_empty_values: true,
          confirmation_token: token,
        }),
      );
      assert.equal(answer.warnings.length, 2);
      assert.match(answer.warnings.join("\n"), /prefix of Lead records/);
      assert.match(answer.warnings.join("\n"), /empty value and ignore_empty_values is true/);
    });
  });

  describe("bad input is refused before anything is written", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        "an unknown object",
        { salesforce_object: "Contacts" },
        /'Contacts' is not an object.*did you mean Contact\?/,
      ],
      [
        "an unknown field",
        { add_fields_and_their_values: [{ name: "Titel", value: "x" }] },
        /'Titel' does not exist on Contact; did you mean Title\?/,
      ],
      [
        "a read-only field",
        { add_fields_and_their_values: [{ name: "CreatedDate", value: "x" }] },
        /CreatedDate on Contact cannot be written/,
      ],
      [
        "a formula field",
        { add_fields_and_their_values: [{ name: "Engagement_Tier__c", value: "x" }] },
        /cannot be written \(formula\)/,
      ],
      [
        "a duplicate field",
        {
          add_fields_and_their_values: [
            { name: "Title", value: "a" },
            { name: "TITLE", value: "b" },
          ],
        },
        /duplicate of Title/,
      ],
      [
        "a replacement with no fields",
        { add_fields_and_their_values: [], replace_fields: true },
        /replace_fields true needs the action's whole new list/,
      ],
      [
        "a malformed token in a value",
        { add_fields_and_their_values: [{ name: "Title", value: "{{input.title}" }] },
        /unbalanced braces/,
      ],
      [
        "a token with no instance number",
        { record_id: "{{salesforce_lookup_record.record_id}}" },
        /neither 'input' nor an action instance id/,
      ],
      ["a record id that is too short", { record_id: "0035g00000XyZa" }, /15 or 18 characters/],
      ["a record id with a bad checksum", { record_id: "0035g00000XyZaBAAA" }, /checksum does not match/],
      ["a record id mixing text and a token", { record_id: "003{{input.id}}" }, /not a mix/],
      [
        "a value of the wrong type",
        { add_fields_and_their_values: [{ name: "Title", value: { nested: true } }] },
        /Invalid/i,
      ],
      ["a path id with a slash", { action_instance_id: "a/../b" }, /action_instance_id/],
      [
        "a value with a control character",
        { add_fields_and_their_values: [{ name: "Title", value: "a\u0000b" }] },
        /contains the control character U\+0000/,
      ],
      [
        "a value with an escape sequence",
        { add_fields_and_their_values: [{ name: "Title", value: "\u001b[2Jx" }] },
        /control character U\+001B/,
      ],
      [
        "a stray brace against a token",
        { add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}}" }] },
        /stray brace touches a reference/,
      ],
      [
        "a record id with a control character",
        { record_id: "0035g00000XyZaBAAV\u0007" },
        /record_id: contains the control character U\+0007/,
      ],
    ];
    for (const [name, change, pattern] of cases) {
      it(`refuses ${name}`, async () => {
        await refused({ ...update, ...change, confirmation_token: token }, pattern);
      });
    }

    it("lists every problem at once", async () => {
      const result = await configure({
        ...update,
        add_fields_and_their_values: [
          { name: "Titel", value: "x" },
          { name: "Name", value: "y" },
        ],
        confirmation_token: token,
      });
      const text = textOf(result);
      assert.match(text, /Titel/);
      assert.match(text, /Name on Contact cannot be written/);
    });

    it("refuses thousands of unknown tokens and fields within the answer ceiling, and keeps serving", async () => {
      const tokens = (from: number) =>
        Array.from({ length: 1_500 }, (_, index) => `{{input.col_${from + index}}}`).join(" ");
      const pairs = [
        ...["Title", "FirstName", "LastName"].map((name, index) => ({ name, value: tokens(index * 1_500) })),
        ...Array.from({ length: 150 }, (_, index) => ({ name: `Unknown_Field_${index}__c`, value: "x" })),
      ];
      const result = await configure({ ...update, add_fields_and_their_values: pairs, dry_run: true });
      assert.equal(result.isError, true);
      const size = Buffer.byteLength(JSON.stringify(result));
      assert.ok(size <= MAX_ANSWER_BYTES, `the refusal is ${size} bytes`);
      const lines = textOf(result).split("\n");
      const listed = lines.filter((line) => line.startsWith("- add_fields_and_their_values"));
      assert.equal(listed.length, SHOWN_PROBLEMS);
      assert.match(listed[0] ?? "", /\{\{input\.col_0\}\}: the sheet has no input column 'col_0'/);
      assert.ok(
        lines.includes(`- and ${4_500 + 150 - SHOWN_PROBLEMS} more problems, listed once these are fixed`),
      );
      assert.equal(writes(), 0);
      const next = structured<Configured>(await configure({ ...update, dry_run: true }));
      assert.equal(next.status, "dry_run", "the server keeps serving");
    });
  });

  describe("arguments the tool does not have", () => {
    it("refuses a misspelt flag, naming the one it resembles, and sends nothing", async () => {
      const result = await configure({ ...update, ignore_empty_value: false, confirmation_token: token });
      assert.equal(result.isError, true);
      assert.match(
        textOf(result),
        /unknown argument "ignore_empty_value"; did you mean "ignore_empty_values"\?/,
      );
      assert.deepEqual(harness.emulator.requests, [], "not even a read");
    });

    it("refuses an argument of a later version, listing the ones it takes, and sends nothing", async () => {
      const result = await configure({ ...update, schedule: "daily", confirmation_token: token });
      assert.equal(result.isError, true);
      assert.match(
        textOf(result),
        /unknown argument "schedule"; configure_salesforce_update takes workflow_id, /,
      );
      assert.deepEqual(harness.emulator.requests, [], "not even a read");
    });

    it("refuses a misspelt key inside a field pair, and sends nothing", async () => {
      const result = await configure({
        ...update,
        add_fields_and_their_values: [{ name: "Title", value: "x", vaule: "y" }],
        confirmation_token: token,
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /add_fields_and_their_values\[0\]: Unrecognized key: "vaule"/);
      assert.deepEqual(harness.emulator.requests, [], "not even a read");
    });

    it("refuses every problem with the arguments at once, bounded", async () => {
      const junk = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`extra_${index}`, index]));
      const result = await configure({ ...update, ...junk, record_id: 7, confirmation_token: token });
      const text = textOf(result);
      assert.match(
        text,
        /unknown arguments "extra_0", "extra_1", "extra_2", "extra_3", "extra_4" and 495 more; configure_salesforce_update takes workflow_id, /,
      );
      assert.match(text, /record_id: Invalid input: expected string, received number/);
      assert.ok(!text.includes("extra_499"));
      assert.equal(harness.emulator.requests.length, 0);
    });
  });

  describe("upstream failures while configuring", () => {
    it("does not repeat a 503 or a 500 on the write: reads back, and says it was not applied", async () => {
      for (const status of [503, 500]) {
        const before = writes();
        harness.emulator.faults.push({ method: "PATCH", status, body: "<html>busy</html>" });
        const result = await configure({ ...update, confirmation_token: token });
        assert.equal(result.isError, true);
        assert.match(
          textOf(result),
          new RegExp(
            `lost \\(Floqer answered ${status}\\)\\. Read back just now, .*the change was not applied`,
          ),
        );
        assert.equal(writes() - before, 1, `one PATCH for the ${status}`);
      }
    });

    it("maps a failed Salesforce session refresh to reconnecting", async () => {
      harness.emulator.connection = "session_expired";
      try {
        const result = await configure({ ...update, confirmation_token: token });
        assert.match(textOf(result), /not applied\..*502.*reconnect Salesforce/);
      } finally {
        harness.emulator.connection = "connected";
      }
    });

    it("answers a long rate-limit wait at once with when to retry", async () => {
      harness.emulator.faults.push({
        method: "PATCH",
        status: 429,
        headers: { "retry-after": "120" },
        body: JSON.stringify({
          status: 429,
          error: "Too Many Requests",
          message: "Rate limit exceeded.",
          retryAfter: 120,
        }),
      });
      const result = await configure({ ...update, confirmation_token: token });
      assert.match(textOf(result), /Try again in 120 seconds/);
      assert.equal(writes(), 1);
    });

    it("shows Floqer's own validation problems", async () => {
      harness.emulator.faults.push({
        method: "PATCH",
        status: 400,
        body: JSON.stringify({
          status: 400,
          message: "Validation failed",
          errors: [{ field: "record_id", message: "Record not found" }],
        }),
      });
      const result = await configure({ ...update, confirmation_token: token });
      assert.match(
        textOf(result),
        /refused the request \(400\)\. Problems Floqer listed: "record_id: Record not found"/,
      );
    });
  });
});
