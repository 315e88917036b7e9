/** The guard, through a real client: no path hands out a token without the user's yes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfirmationSigner } from "../../src/guard/token.js";
import { DEMO_LOCATION, type Harness, structured, textOf, withHarness } from "../support/harness.js";

interface GuardAnswer {
  status: string;
  confirmation_token?: string;
  expires_at?: string;
  question?: string;
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
        assert.ok(Date.parse(answer.expires_at ?? "") > Date.now() + 29 * 60_000);
        assert.equal(answer.connection_checked, false);
        assert.match(answer.next_step, /first list_salesforce_objects call/);
        assert.equal(harness.elicitations.length, 1);
        const params = harness.elicitations[0]?.params as { message: string; requestedSchema: unknown };
        assert.match(params.message, /Connections.*Salesforce.*OAuth/);
        const check = harness.dependencies.signer.verify(
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

  it("falls back to asking through the agent when the client fails to show the form", async () => {
    await withHarness(
      {
        elicit: () => {
          throw new Error("no UI");
        },
      },
      async (harness) => {
        assert.equal((await guard(harness)).status, "needs_user_confirmation");
        assert.equal((await guard(harness, { user_confirmed: true })).status, "confirmed");
      },
    );
  });
});

describe("guard without elicitation", () => {
  it("returns the question and no token until the agent reports the user's answer", async () => {
    await withHarness({}, async (harness) => {
      const first = await guard(harness);
      assert.equal(first.status, "needs_user_confirmation");
      assert.equal(first.confirmation_token, undefined);
      assert.match(first.question ?? "", /Have you connected your Salesforce account to Floqer/);
      const no = await guard(harness, { user_confirmed: false });
      assert.equal(no.status, "declined");
      assert.equal(no.confirmation_token, undefined);
      const yes = await guard(harness, { user_confirmed: true });
      assert.equal(yes.status, "confirmed");
      const check = harness.dependencies.signer.verify(yes.confirmation_token ?? "", harness.emulator.apiKey);
      assert.equal(check.ok && check.claims.via, "agent");
    });
  });
});

describe("guard probing Floqer", () => {
  it("checks the connection when ids are given and says so", async () => {
    await withHarness({}, async (harness) => {
      const answer = await guard(harness, { ...DEMO_LOCATION, user_confirmed: true });
      assert.equal(answer.status, "confirmed");
      assert.equal(answer.connection_checked, true);
      assert.equal(harness.emulator.countRequests("POST", "/options/salesforce_object"), 1);
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
      const token = (await guard(harness, { user_confirmed: true })).confirmation_token ?? "";
      assert.equal(new ConfirmationSigner(secret, 60).verify(token, harness.emulator.apiKey).ok, true);
      assert.equal(
        new ConfirmationSigner("another-secret-".repeat(3), 60).verify(token, harness.emulator.apiKey).ok,
        false,
      );
    });
  });
});
