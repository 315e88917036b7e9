/** The guard, through a real client: no path hands out a token without the user's yes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { ConfirmationSigner } from "../../src/guard/token.js";
import { confirmByAgent } from "../support/guard.js";
import {
  confirmedToken,
  DEMO_LOCATION,
  type Harness,
  structured,
  textOf,
  withHarness,
} from "../support/harness.js";

interface GuardAnswer {
  status: string;
  confirmation_token?: string;
  question?: string;
  question_id?: string;
  connection_checked: boolean;
  next_step: string;
}

const guard = async (harness: Harness, args: Record<string, unknown> = {}) =>
  structured<GuardAnswer>(await harness.call("confirm_salesforce_connection", args));

describe("guard with form elicitation", () => {
  it("asks the user and issues a token only on accept + yes", async () => {
    await withHarness(
      { elicit: () => ({ action: "accept", content: { connected: true } }) },
      async (harness) => {
        const answer = await guard(harness);
        assert.equal(answer.status, "confirmed");
        assert.match(answer.confirmation_token ?? "", /^fsc1\./);
        const until = /good until (\S+)\./.exec(answer.next_step)?.[1] ?? "";
        assert.ok(Date.parse(until) > Date.now() + 29 * 60_000, answer.next_step);
        assert.equal(answer.connection_checked, false);
        assert.match(answer.next_step, /first list_salesforce_objects call/);
        assert.equal(harness.elicitations.length, 1);
        const params = harness.elicitations[0]?.params as { message: string; requestedSchema: unknown };
        assert.match(params.message, /Connections.*Salesforce.*OAuth/);
        const check = harness.dependencies.guard.signer.verify(
          answer.confirmation_token ?? "",
          harness.emulator.apiKey,
        );
        assert.equal(check.ok && check.claims.via, "elicitation");
      },
    );
  });

  for (const [name, reply] of [
    ["accept + no", { action: "accept", content: { connected: false } }],
    ["decline", { action: "decline" }],
    ["cancel", { action: "cancel" }],
  ] as const) {
    it(`gives no token on ${name}, even if the agent claims the user said yes`, async () => {
      await withHarness({ elicit: () => reply }, async (harness) => {
        const answer = await guard(harness, { user_confirmed: true });
        assert.equal(answer.status, "declined");
        assert.equal(answer.confirmation_token, undefined);
        assert.match(answer.next_step, /Connections, then Salesforce/);
      });
    });
  }

  // Every way a form can fail is a no, and user_confirmed from the same call is never read.
  for (const [name, elicit, pattern] of [
    [
      "a client handler that throws",
      () => {
        throw new Error("no UI");
      },
      /could not show the question/,
    ],
    ["an accept with no content", () => ({ action: "accept" }), /without a yes or no/],
    [
      "an accept with an empty answer",
      () => ({ action: "accept", content: {} }),
      /could not show the question|without a yes or no/,
    ],
    [
      "an accept whose answer is a string",
      () => ({ action: "accept", content: { connected: "true" } }),
      /could not show the question|without a yes or no/,
    ],
  ] as const) {
    it(`gives no token on ${name}, whatever the agent says`, async () => {
      await withHarness({ elicit: elicit as () => ElicitResult }, async (harness) => {
        for (const args of [
          {},
          { user_confirmed: true },
          { user_confirmed: true, question_id: "fsq1.x.y" },
        ]) {
          const answer = await guard(harness, args);
          assert.equal(answer.status, "declined", JSON.stringify(args));
          assert.equal(answer.confirmation_token, undefined);
          assert.match(answer.next_step, pattern);
        }
        assert.equal(harness.elicitations.length, 3, "the user is asked every time");
      });
    });
  }

  it("says the user did not answer when the form stays open past the deadline", async () => {
    await withHarness(
      { elicit: () => new Promise<ElicitResult>(() => {}), overrides: { callDeadlineMs: 300 } },
      async (harness) => {
        const answer = await guard(harness, { user_confirmed: true });
        assert.equal(answer.status, "declined");
        assert.match(answer.next_step, /did not answer the question in time/);
        assert.doesNotMatch(answer.next_step, /Floqer did not finish/);
      },
    );
  });
});

describe("guard without elicitation", () => {
  it("puts the question first and gives a token only for an answer carrying its question_id", async () => {
    await withHarness({}, async (harness) => {
      // One call cannot mint a token, even one that claims the user said yes.
      const first = await guard(harness, { user_confirmed: true });
      assert.equal(first.status, "needs_user_confirmation");
      assert.equal(first.confirmation_token, undefined);
      assert.match(first.question ?? "", /Have you connected your Salesforce account to Floqer/);
      assert.match(first.next_step, /counts only with the question_id/);
      const questionId = first.question_id ?? "";
      assert.match(questionId, /^fsq1\./);

      // A question_id without an answer is not an answer: it stays open.
      const missing = await guard(harness, { question_id: questionId });
      assert.equal(missing.status, "needs_user_confirmation");
      const no = await guard(harness, { question_id: questionId, user_confirmed: false });
      assert.equal(no.status, "declined");
      assert.equal(no.confirmation_token, undefined);
      // The no retired the question: a yes with the same id is refused, and a new question put.
      const yesAfterNo = await guard(harness, { question_id: questionId, user_confirmed: true });
      assert.equal(yesAfterNo.status, "needs_user_confirmation");
      assert.equal(yesAfterNo.confirmation_token, undefined);
      assert.match(yesAfterNo.next_step, /question_id was already answered; ask the user the new question/);
      assert.notEqual(yesAfterNo.question_id, questionId);
      const yes = await guard(harness, { question_id: yesAfterNo.question_id, user_confirmed: true });
      assert.equal(yes.status, "confirmed");
      const check = harness.dependencies.guard.signer.verify(
        yes.confirmation_token ?? "",
        harness.emulator.apiKey,
      );
      assert.equal(check.ok && check.claims.via, "agent");
    });
  });

  it("gives one token per question_id: a second yes with it gets none", async () => {
    await withHarness({}, async (harness) => {
      const { question_id } = await guard(harness);
      const first = await guard(harness, { question_id, user_confirmed: true });
      assert.equal(first.status, "confirmed");
      const second = await guard(harness, { question_id, user_confirmed: true });
      assert.equal(second.status, "needs_user_confirmation");
      assert.equal(second.confirmation_token, undefined);
      assert.match(second.next_step, /already answered/);
    });
  });

  it("counts one of several answers sent at once with one question_id", async () => {
    await withHarness({}, async (harness) => {
      const { question_id } = await guard(harness, { ...DEMO_LOCATION });
      // With ids, every call waits on Floqer's answer before it reads the user's: they overlap.
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          guard(harness, { ...DEMO_LOCATION, question_id, user_confirmed: true }),
        ),
      );
      assert.equal(answers.filter((answer) => answer.confirmation_token !== undefined).length, 1);
      assert.equal(answers.filter((answer) => /already answered/.test(answer.next_step)).length, 5);
    });
  });

  it("refuses forged, altered, expired and swapped question ids", async () => {
    await withHarness({}, async (harness) => {
      const { signer } = harness.dependencies.guard;
      const key = harness.emulator.apiKey;
      const real = signer.issueQuestion(key);
      const token = signer.issue(key, "agent").token;
      for (const [questionId, pattern] of [
        ["yes", /question_id is not one from this server/],
        [`${real}A`, /invalid signature/],
        [signer.issueQuestion(key, Date.now() - 3_600_000), /question_id has expired/],
        [signer.issueQuestion("floq_someone_else"), /another Floqer API key/],
        [new ConfirmationSigner("another-secret-".repeat(3), 60).issueQuestion(key), /invalid signature/],
        [token, /question_id is not one from this server/],
      ] as const) {
        const answer = await guard(harness, { question_id: questionId, user_confirmed: true });
        assert.equal(answer.status, "needs_user_confirmation", questionId);
        assert.equal(answer.confirmation_token, undefined);
        assert.match(answer.next_step, pattern);
      }
      // Nor does a question id pass for a confirmation token.
      assert.equal(signer.verify(real, key).ok, false);
    });
  });

  it("remembers a refused connection, so a later call without ids gets no token", async () => {
    await withHarness({ emulator: { connection: "not_connected" } }, async (harness) => {
      const probed = await guard(harness, { ...DEMO_LOCATION });
      assert.equal(probed.status, "not_connected");
      const later = await guard(harness, {});
      assert.equal(later.status, "not_connected");
      assert.match(later.next_step, /checked a moment ago/);
      assert.equal(later.question_id, undefined);
      // Once the user has connected it, a probe clears the memory.
      harness.emulator.connection = "connected";
      const again = await guard(harness, { ...DEMO_LOCATION });
      assert.equal(again.status, "needs_user_confirmation");
      assert.equal((await guard(harness, {})).status, "needs_user_confirmation");
    });
  });
});

describe("guard probing Floqer", () => {
  it("checks the connection when ids are given and says so", async () => {
    await withHarness({}, async (harness) => {
      const answer = structured<GuardAnswer>(await confirmByAgent(harness.call, { ...DEMO_LOCATION }));
      assert.equal(answer.status, "confirmed");
      assert.equal(answer.connection_checked, true);
      assert.equal(
        harness.emulator.countRequests("POST", "/options/salesforce_object"),
        2,
        "probed at each step",
      );
    });
  });

  for (const [connection, pattern] of [
    ["not_connected", /403.*Connections/],
    ["other_member", /another team member/],
  ] as const) {
    it(`answers not_connected with no token when Floqer says ${connection}, whatever the user said`, async () => {
      let asked = 0;
      const elicit = () => {
        asked++;
        return { action: "accept" as const, content: { connected: true } };
      };
      await withHarness({ emulator: { connection }, elicit }, async (harness) => {
        const answer = await guard(harness, { ...DEMO_LOCATION, user_confirmed: true });
        assert.equal(answer.status, "not_connected");
        assert.equal(answer.confirmation_token, undefined);
        assert.match(answer.next_step, pattern);
        assert.equal(asked, 0, "the user is not asked about a connection Floqer already refused");
      });
    });
  }

  it("answers not_connected when the key itself is refused", async () => {
    await withHarness({ settings: { apiKey: "floq_wrong_key_123" } }, async (harness) => {
      const answer = await guard(harness, { ...DEMO_LOCATION, user_confirmed: true });
      assert.equal(answer.status, "not_connected");
      assert.match(answer.next_step, /401.*FLOQER_API_KEY/);
      assert.ok(!JSON.stringify(answer).includes("floq_wrong_key_123"));
    });
  });

  it("reports wrong ids as an error, with no token", async () => {
    await withHarness({}, async (harness) => {
      const result = await harness.call("confirm_salesforce_connection", {
        workflow_id: "wf_missing",
        action_instance_id: "salesforce_update_record_1",
        user_confirmed: true,
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /404.*Workflow wf_missing not found/);
    });
  });

  it("refuses half a location", async () => {
    await withHarness({}, async (harness) => {
      const result = await harness.call("confirm_salesforce_connection", {
        workflow_id: "wf_demo_enrich_contacts",
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /both workflow_id and action_instance_id/);
    });
  });

  it("refuses to run without an API key, naming FLOQER_API_KEY", async () => {
    await withHarness({ noApiKey: true }, async (harness) => {
      const result = await harness.call("confirm_salesforce_connection", { user_confirmed: true });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /FLOQER_API_KEY is not set.*Settings, API keys/);
    });
  });
});

describe("tokens across instances", () => {
  it("verify where the secret is shared and nowhere else", async () => {
    const secret = "shared-secret-".repeat(3);
    await withHarness({ settings: { confirmationSecret: secret } }, async (harness) => {
      const token = await confirmedToken(harness);
      assert.equal(new ConfirmationSigner(secret, 60).verify(token, harness.emulator.apiKey).ok, true);
      assert.equal(
        new ConfirmationSigner("another-secret-".repeat(3), 60).verify(token, harness.emulator.apiKey).ok,
        false,
      );
    });
  });
});
