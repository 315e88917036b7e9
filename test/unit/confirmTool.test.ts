/**
 * The guard tool's run with plain objects: no SDK, no server, no network. The user is a stub
 * channel, Floqer a stub catalog; what comes back is what the agent would see.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Guard } from "../../src/guard/guard.js";
import { confirmSalesforceConnection } from "../../src/tools/confirmSalesforceConnection.js";
import type { FormOutcome, ToolCall, ToolContext } from "../../src/tools/tool.js";

const KEY = "floq_unit_key_0123456789abcdef";

function setUp(form: FormOutcome | undefined) {
  const asked: string[] = [];
  const context = {
    guard: new Guard(KEY, "unit-secret-".repeat(4), 600),
    catalog: { objects: async () => [] },
  } as unknown as ToolContext;
  const call: ToolCall = {
    signal: new AbortController().signal,
    upstream: {},
    user: {
      canShowForm: form !== undefined,
      askYesNo: async (message) => {
        asked.push(message);
        return form as FormOutcome;
      },
      offerUrl: async () => false,
    },
  };
  const run = (args: Record<string, unknown>) =>
    confirmSalesforceConnection.run(args as never, context, call) as Promise<Record<string, unknown>>;
  return { run, asked, context };
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
    assert.equal(context.guard.verify(String(yes.confirmation_token)).ok, true);
  });
});
