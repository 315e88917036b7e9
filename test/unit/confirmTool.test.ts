/**
 * The guard tool's run with plain objects: no SDK, no server, no network. The user is a stub
 * channel, Floqer a stub catalog; what comes back is what the agent would see.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AnsweredQuestions } from "../../src/guard/answeredQuestions.js";
import { Guard } from "../../src/guard/guard.js";
import type { FormOutcome } from "../../src/guard/userChannel.js";
import { confirmSalesforceConnection } from "../../src/tools/confirmSalesforceConnection.js";
import type { ToolCall, ToolContext } from "../../src/tools/tool.js";

const KEY = "floq_unit_key_0123456789abcdef";

const LOCATION = { workflow_id: "wf_1", action_instance_id: "salesforce_update_record_1" };

interface SetUp {
  /** The guard's secret: shared (the default here), or none, for one of its own. */
  secret?: string;
  /** The probe waits for this before it answers. */
  probe?: Promise<unknown>;
  answered?: AnsweredQuestions;
}

function setUp(form: FormOutcome | undefined, options: SetUp = {}) {
  const asked: string[] = [];
  const secret = "secret" in options ? options.secret : "unit-secret-".repeat(4);
  const context = {
    guard: new Guard(KEY, secret, 600, options.answered),
    catalog: {
      objects: async () => {
        await options.probe;
        return [];
      },
    },
  } as unknown as ToolContext;
  const callIn = (sessionId: string | undefined): ToolCall => ({
    signal: new AbortController().signal,
    upstream: {},
    sessionId,
    user: {
      canShowForm: form !== undefined,
      askYesNo: async (message) => {
        asked.push(message);
        return form as FormOutcome;
      },
      offerUrl: async () => false,
    },
  });
  const runIn = (sessionId: string | undefined, args: Record<string, unknown>) =>
    confirmSalesforceConnection.run(args as never, context, callIn(sessionId)) as Promise<
      Record<string, unknown>
    >;
  const run = (args: Record<string, unknown>) => runIn(undefined, args);
  return { run, runIn, asked, context };
}

describe("confirm_salesforce_connection, run directly", () => {
  for (const [name, form, reason] of [
    ["a yes", { kind: "answered", value: true }, undefined],
    ["a string 'true'", { kind: "answered", value: "true" }, /without a yes or no/],
    ["an empty answer", { kind: "answered", value: undefined }, /without a yes or no/],
    ["a no", { kind: "answered", value: false }, /answered no/],
    ["a cancel", { kind: "dismissed", action: "cancel" }, /chose to cancel/],
    ["a form left open", { kind: "timeout" }, /did not answer the question in time/],
    ["a form the client could not show", { kind: "failed" }, /could not show the question/],
  ] as const) {
    it(`with a form: ${name} ${reason ? "is a no" : "is the only yes"}, whatever the agent says`, async () => {
      const { run, asked } = setUp(form);
      const answer = await run({ user_confirmed: true });
      assert.equal(asked.length, 1);
      if (!reason) {
        assert.equal(answer.status, "confirmed");
        return;
      }
      assert.equal(answer.status, "declined");
      assert.equal(answer.confirmation_token, undefined);
      assert.match(String(answer.next_step), reason);
    });
  }

  it("without a form: the question first, then a token only for an answer with its question_id", async () => {
    const { run, context } = setUp(undefined);
    const first = await run({ user_confirmed: true });
    assert.equal(first.status, "needs_user_confirmation");
    const yes = await run({ question_id: first.question_id, user_confirmed: true });
    assert.equal(yes.status, "confirmed");
    assert.equal(context.guard.verify(String(yes.confirmation_token), undefined).ok, true);
  });

  it("without a form: a no retires the question id, so a later yes with it gets no token", async () => {
    const { run } = setUp(undefined);
    const first = await run({});
    const no = await run({ question_id: first.question_id, user_confirmed: false });
    assert.equal(no.status, "declined");
    const yes = await run({ question_id: first.question_id, user_confirmed: true });
    assert.equal(yes.status, "needs_user_confirmation");
    assert.equal(yes.confirmation_token, undefined);
    assert.match(String(yes.next_step), /question_id was already answered; ask the user the new question/);
    assert.ok(yes.question_id && yes.question_id !== first.question_id, "a fresh question is put");
  });

  it("without a form: one question id gives one token, however often it is answered yes", async () => {
    const { run } = setUp(undefined);
    const first = await run({});
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await run({ question_id: first.question_id, user_confirmed: true }));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      ["confirmed", ...Array(4).fill("needs_user_confirmation")],
    );
    assert.equal(answers.filter((answer) => answer.confirmation_token !== undefined).length, 1);
  });

  it("without a form: of answers racing with one question id, only one counts", async () => {
    let release = () => {};
    const probe = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { run } = setUp(undefined, { probe });
    const first = await run({});
    // Every call waits in the probe, past its own start, and all then answer at once.
    const racing = Array.from({ length: 4 }, (_, i) =>
      run({ ...LOCATION, question_id: first.question_id, user_confirmed: i % 2 === 0 }),
    );
    release();
    const answers = await Promise.all(racing);
    const counted = answers.filter((answer) => answer.status !== "needs_user_confirmation");
    assert.equal(counted.length, 1, JSON.stringify(answers.map((answer) => answer.status)));
    assert.equal(counted[0]?.status, "confirmed", "the first to arrive is the one that counts");
    for (const answer of answers.filter((one) => one.status === "needs_user_confirmation")) {
      assert.match(String(answer.next_step), /already answered/);
    }
  });

  it("without a form, with a secret of its own: a question id is answered in the session it was put in only", async () => {
    const { runIn } = setUp(undefined, { secret: undefined });
    const first = await runIn("session-a", {});
    const elsewhere = await runIn("session-b", { question_id: first.question_id, user_confirmed: true });
    assert.equal(elsewhere.status, "needs_user_confirmation");
    assert.match(String(elsewhere.next_step), /question_id belongs to another MCP session/);
    const here = await runIn("session-a", { question_id: first.question_id, user_confirmed: true });
    assert.equal(here.status, "confirmed");
  });

  it("without a form: while the record of answers is full, no question is put and no answer taken", async () => {
    const { run } = setUp(undefined, { answered: new AnsweredQuestions(1) });
    const first = await run({});
    const second = await run({});
    assert.equal((await run({ question_id: first.question_id, user_confirmed: true })).status, "confirmed");
    await assert.rejects(run({}), /Nothing was confirmed: .* the most it can remember/);
    await assert.rejects(
      run({ question_id: second.question_id, user_confirmed: true }),
      /Nothing was confirmed: .* the most it can remember/,
    );
  });
});
