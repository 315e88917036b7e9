/**
 * The guarded one-row test run, through a real client against the independent emulator, whose
 * rows advance one action per read: the run question (by form, or answered once in two steps and
 * bound to the exact run), exactly one row added and one run, progress while it waits, the three
 * final outcomes read back, refusals that add nothing, and lost answers that add nothing twice.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CallToolResult, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { MAX_ANSWER_BYTES } from "../../src/limits.js";
import { tokenByAgent } from "../support/guard.js";
import {
  confirmedToken,
  DEMO_LOCATION,
  startClientOn,
  structured,
  textOf,
  withHarness,
} from "../support/harness.js";
import {
  W42_FOUND_ID as FOUND_ID,
  type IndependentFloqer,
  W42_UPDATE as LOCATION,
  startIndependentFloqer,
} from "../support/independentFloqer.js";

/** The update as configured: Rating from the row's company column, gated on the lookup's Id. */
const CONFIGURED = {
  record_id: FOUND_ID,
  salesforce_object: "Lead",
  add_fields_and_their_values: [{ name: "Rating", label: "Rating", value: "{{input.company}}" }],
};
const GATED = {
  run_if: { conditions: [{ conditions: [{ variable: FOUND_ID, operator: "not empty", values: [] }] }] },
};
const ALAN = { company: "Warm", work_email: "alan@bletchley.example" };
/** A row as the tool takes it: one {column, value} pair per input column. */
const asRow = (values: Record<string, string>) =>
  Object.entries(values).map(([column, value]) => ({ column, value }));

interface TestAnswer {
  status: string;
  question?: string;
  question_id?: string;
  row_id?: string;
  cells?: { action_instance_id: string; status: string }[];
  update?: { status: string; outputs?: Record<string, unknown>; error?: string; reading: string };
  next_step: string;
}

type Client = Awaited<ReturnType<typeof startClientOn>>;

async function start(
  options: Parameters<typeof startIndependentFloqer>[0] = {},
  elicit?: Parameters<typeof startClientOn>[2],
) {
  const upstream = await startIndependentFloqer({
    updateInputs: structuredClone(CONFIGURED),
    updateRun: structuredClone(GATED),
    ...options,
  });
  const client = await startClientOn(upstream, {}, elicit);
  const token = await tokenByAgent(client.call, LOCATION);
  return { upstream, client, token };
}

async function withUpstream(
  test: (setup: { upstream: IndependentFloqer; client: Client; token: string }) => Promise<void>,
  options: Parameters<typeof startIndependentFloqer>[0] = {},
  elicit?: Parameters<typeof startClientOn>[2],
) {
  const setup = await start(options, elicit);
  try {
    await test(setup);
  } finally {
    await setup.client.close();
    await setup.upstream.close();
  }
}

/** The two steps of the agent path: the question, then the user's yes with its id. */
async function runWithYes(client: Client, args: Record<string, unknown>, progress: string[] = []) {
  const asked = structured<TestAnswer>(await client.call("test_salesforce_update", args));
  assert.equal(asked.status, "needs_user_confirmation");
  const result = (await client.client.callTool(
    {
      name: "test_salesforce_update",
      arguments: { ...args, question_id: asked.question_id, user_confirmed: true },
    },
    undefined,
    { onprogress: (note) => progress.push(note.message ?? "") },
  )) as CallToolResult;
  return { asked, answer: structured<TestAnswer>(result) };
}

describe("a test run on one row", () => {
  it("completes: one row added, one run, progress while it waits, the record id and URL shown, and read back", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const args = { ...LOCATION, row: asRow(ALAN), confirmation_token: token };
      const progress: string[] = [];
      const { asked, answer } = await runWithYes(client, args, progress);
      assert.match(
        asked.question ?? "",
        /Run one new row of sheet w42 with company = "Warm", work_email = "alan@bletchley\.example"/,
      );
      assert.match(asked.question ?? "", /3\. "Tell sales" \(slack_send_message\): writes outside Floqer/);
      assert.match(asked.question ?? "", /A run cannot be undone/);
      assert.equal(answer.status, "complete");
      assert.deepEqual(answer.update?.outputs, {
        record_id: "00Q5g00000LmNoPEAV",
        account_url: "https://independent.example/lightning/r/Lead/00Q5g00000LmNoPEAV/view",
      });
      assert.deepEqual(
        answer.cells?.map((cell) => cell.status),
        ["complete", "complete", "running"],
        "each cell in chain order, read when the update was final",
      );
      assert.equal(upstream.rows.length, 1, "exactly one row added");
      assert.deepEqual(upstream.runs, [{ row_ids: [answer.row_id] }], "exactly one run, of that row");
      assert.equal(upstream.leads[0]?.Rating, "Warm");
      assert.ok(progress.length >= 2, `progress notes: ${JSON.stringify(progress)}`);
      assert.ok(progress.some((note) => /salesforce_update_record_3 is (queued|running)/.test(note)));

      const again = structured<TestAnswer>(
        await client.call("get_row_result", { workflow_id: "w42", row_id: answer.row_id }),
      );
      assert.equal(again.row_id, answer.row_id);
      assert.equal(again.update?.status, "complete");
      assert.equal(upstream.runs.length, 1, "reading it back runs nothing");
    });
  });

  it("fails as Salesforce refuses the value, with its error quoted and what it means", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const { answer } = await runWithYes(client, {
        ...LOCATION,
        row: asRow({ ...ALAN, company: "Lukewarm" }),
        confirmation_token: token,
      });
      assert.equal(answer.status, "failed");
      assert.match(
        answer.update?.error ?? "",
        /INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Rating: bad value for restricted picklist field: Lukewarm/,
      );
      assert.match(answer.update?.reading ?? "", /Nothing was written to the record/);
      assert.equal(upstream.rows.length, 1);
      assert.equal(upstream.runs.length, 1);
      assert.equal(upstream.leads[0]?.Rating, "Cold", "nothing written");
    });
  });

  it("is stopped by its condition where the lookup finds nothing: nothing written", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const { answer } = await runWithYes(client, {
        ...LOCATION,
        row: asRow({ company: "Hot", work_email: "nobody@example.org" }),
        confirmation_token: token,
      });
      assert.equal(answer.status, "condition_not_met");
      assert.match(
        answer.update?.reading ?? "",
        /condition stopped the update on this row: nothing was written to Salesforce/,
      );
      assert.equal(upstream.leads[0]?.Rating, "Cold");
      assert.equal(upstream.rows.length, 1);
      assert.equal(upstream.runs.length, 1);
    });
  });

  it("on an auto-run sheet, the add runs the row: no second run", async () => {
    await withUpstream(
      async ({ upstream, client, token }) => {
        const { answer } = await runWithYes(client, {
          ...LOCATION,
          row: asRow(ALAN),
          confirmation_token: token,
        });
        assert.equal(answer.status, "complete");
        assert.equal(upstream.rows.length, 1);
        assert.deepEqual(upstream.runs, []);
      },
      { autoRun: true },
    );
  });
});

describe("the run question", () => {
  it("without forms, the first call adds nothing; a no adds nothing; the same question cannot be answered twice", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const args = { ...LOCATION, row: asRow(ALAN), confirmation_token: token };
      const asked = structured<TestAnswer>(await client.call("test_salesforce_update", args));
      assert.equal(asked.status, "needs_user_confirmation");
      assert.equal(upstream.rows.length, 0);
      const no = structured<TestAnswer>(
        await client.call("test_salesforce_update", {
          ...args,
          question_id: asked.question_id,
          user_confirmed: false,
        }),
      );
      assert.equal(no.status, "declined");
      const twice = structured<TestAnswer>(
        await client.call("test_salesforce_update", {
          ...args,
          question_id: asked.question_id,
          user_confirmed: true,
        }),
      );
      assert.equal(twice.status, "needs_user_confirmation");
      assert.match(twice.next_step, /already answered/);
      assert.equal(upstream.rows.length, 0);
    });
  });

  it("is bound to the exact run: its answer does not count for another row", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const args = { ...LOCATION, row: asRow(ALAN), confirmation_token: token };
      const asked = structured<TestAnswer>(await client.call("test_salesforce_update", args));
      const other = structured<TestAnswer>(
        await client.call("test_salesforce_update", {
          ...args,
          row: asRow({ ...ALAN, company: "Hot" }),
          question_id: asked.question_id,
          user_confirmed: true,
        }),
      );
      assert.equal(other.status, "needs_user_confirmation");
      assert.match(other.next_step, /issued for another question/);
      assert.equal(upstream.rows.length, 0);
    });
  });

  it("by form: a decline adds no row, and the agent's own yes does not count", async () => {
    await withUpstream(
      async ({ upstream, client, token }) => {
        const answer = structured<TestAnswer>(
          await client.call("test_salesforce_update", {
            ...LOCATION,
            row: asRow(ALAN),
            confirmation_token: token,
            user_confirmed: true,
          }),
        );
        assert.equal(answer.status, "declined");
        assert.equal(upstream.rows.length, 0);
      },
      {},
      (request) =>
        /Run one new row/.test(String((request.params as { message: string }).message))
          ? { action: "decline" }
          : { action: "accept", content: { connected: true } },
    );
  });
});

describe("refusals add nothing", () => {
  for (const [name, change, expected] of [
    [
      "a column the sheet does not have",
      { row: [{ column: "compnay", value: "x" }] },
      /no input column 'compnay'; did you mean company\?/,
    ],
    ["both row and row_id", { row: asRow(ALAN), row_id: "r1" }, /either row .* or row_id/],
    ["no token", { confirmation_token: undefined }, /Refused: no confirmation_token/],
    [
      "an action that is not the update",
      { action_instance_id: "slack_send_message_1" },
      /is not a salesforce_update_record action/,
    ],
  ] as const) {
    it(name, async () => {
      await withUpstream(async ({ upstream, client, token }) => {
        const result = await client.call("test_salesforce_update", {
          ...LOCATION,
          row: asRow(ALAN),
          confirmation_token: token,
          ...change,
        });
        assert.equal(result.isError, true);
        assert.match(textOf(result), expected);
        assert.equal(upstream.rows.length, 0);
        assert.deepEqual(upstream.runs, []);
      });
    });
  }
});

describe("a lost answer is looked into, never sent again", () => {
  it("Add Rows: the row is found, not run, and its id given; no second row", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      upstream.loseAnswer.rows = true;
      const args = { ...LOCATION, row: asRow(ALAN), confirmation_token: token };
      const asked = structured<TestAnswer>(await client.call("test_salesforce_update", args));
      const result = await client.call("test_salesforce_update", {
        ...args,
        question_id: asked.question_id,
        user_confirmed: true,
      });
      assert.equal(result.isError, true);
      assert.match(
        textOf(result),
        /answer to Add Rows was lost .* not sent again\. Read back just now, the sheet has a row with these values \(r1-[a-z0-9]+\)\. It was added unrun: call get_row_result with row_id r1-[a-z0-9]+ to see it; do not add it again/,
      );
      assert.equal(upstream.rows.length, 1);
      assert.deepEqual(upstream.runs, []);
    });
  });

  it("Run Rows: the row shows it started, so the run is read to its end; no second run", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      upstream.loseAnswer.run = true;
      const { answer } = await runWithYes(client, {
        ...LOCATION,
        row: asRow(ALAN),
        confirmation_token: token,
      });
      assert.equal(answer.status, "complete");
      assert.equal(upstream.runs.length, 1);
    });
  });
});

describe("a row's answer", () => {
  it("stays within the answer ceiling however much a cell's outputs hold", async () => {
    await withHarness({}, async (harness) => {
      const huge = Object.fromEntries(
        Array.from({ length: 400 }, (_, index) => [`field_${index}`, "x".repeat(1_900)]),
      );
      harness.emulator.faults.push({
        method: "POST",
        path: "/rows/list",
        status: 200,
        body: JSON.stringify({
          status: 200,
          data: {
            rows: [
              {
                row_id: "r1",
                row_status: "complete",
                cells: { salesforce_update_record_1: { status: "complete", outputs: huge } },
              },
            ],
          },
        }),
      });
      const result = await harness.call("get_row_result", {
        workflow_id: DEMO_LOCATION.workflow_id,
        row_id: "r1",
      });
      assert.equal(result.isError, undefined, textOf(result));
      assert.ok(Buffer.byteLength(JSON.stringify(result)) <= 2 * MAX_ANSWER_BYTES + 4_096);
      assert.ok(Buffer.byteLength(textOf(result)) <= MAX_ANSWER_BYTES);
    });
  });
});

describe("what the yes covers", () => {
  it("a change to the update after the question needs a new yes: nothing runs on the old one", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const args = { ...LOCATION, row: asRow(ALAN), confirmation_token: token };
      const asked = structured<TestAnswer>(await client.call("test_salesforce_update", args));
      structured(
        await client.call("configure_salesforce_update", {
          ...LOCATION,
          add_fields_and_their_values: [{ name: "Company", value: "{{input.company}}" }],
          confirmation_token: token,
        }),
      );
      const stale = structured<TestAnswer>(
        await client.call("test_salesforce_update", {
          ...args,
          question_id: asked.question_id,
          user_confirmed: true,
        }),
      );
      assert.equal(stale.status, "needs_user_confirmation");
      assert.match(stale.next_step, /issued for another question/);
      assert.equal(upstream.rows.length, 0);
    });
  });

  it("by form, only an accepted yes runs: a no, or an answer without the field, adds no row", async () => {
    const replies: ElicitResult[] = [
      { action: "accept", content: { run: false } },
      { action: "accept", content: {} },
    ];
    for (const reply of replies) {
      await withUpstream(
        async ({ upstream, client, token }) => {
          const answer = structured<TestAnswer>(
            await client.call("test_salesforce_update", {
              ...LOCATION,
              row: asRow(ALAN),
              confirmation_token: token,
            }),
          );
          assert.equal(answer.status, "declined");
          assert.equal(upstream.rows.length, 0);
        },
        {},
        (request): ElicitResult =>
          /Run one new row/.test(String((request.params as { message: string }).message))
            ? reply
            : { action: "accept", content: { connected: true } },
      );
    }
  });
});

describe("a sheet as Floqer leaves it", () => {
  it("with auto_run unsaid, the documented default (true) holds: the add runs the row, no Run Rows", async () => {
    await withUpstream(
      async ({ upstream, client, token }) => {
        const { answer } = await runWithYes(client, {
          ...LOCATION,
          row: asRow(ALAN),
          confirmation_token: token,
        });
        assert.equal(answer.status, "complete");
        assert.equal(upstream.rows.length, 1);
        assert.deepEqual(upstream.runs, []);
      },
      { autoRun: "unsaid" },
    );
  });

  it("says its cache may reuse a repeated row's results, in the question and the answer", async () => {
    await withUpstream(async ({ client, token }) => {
      const { asked, answer } = await runWithYes(client, {
        ...LOCATION,
        row: asRow(ALAN),
        confirmation_token: token,
      });
      assert.match(asked.question ?? "", /its cache is on/);
      assert.match(JSON.stringify(answer), /its cache is on/);
    });
  });

  it("a lost Add Rows answer on a long sheet still finds the row, past the first page", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      for (let index = 0; index < 250; index++) {
        upstream.rows.push({
          row_id: `old${index}`,
          created_at: new Date().toISOString(),
          inputs: { company: "x" },
          reads: 0,
        });
      }
      upstream.loseAnswer.rows = true;
      const args = { ...LOCATION, row: asRow(ALAN), confirmation_token: token };
      const asked = structured<TestAnswer>(await client.call("test_salesforce_update", args));
      const result = await client.call("test_salesforce_update", {
        ...args,
        question_id: asked.question_id,
        user_confirmed: true,
      });
      assert.match(textOf(result), /the sheet has a row with these values \(r251-/);
      assert.equal(upstream.rows.length, 251);
    });
  });
});

describe("after the row exists", () => {
  it("a failing read still answers with the row id, and never invites a second run", async () => {
    await withHarness({ emulator: { rowStepMs: 50 } }, async (harness) => {
      const token = await confirmedToken(harness);
      const args = {
        ...DEMO_LOCATION,
        row: [{ column: "email", value: "ada@analytical.example" }],
        confirmation_token: token,
      };
      const asked = structured<TestAnswer>(await harness.call("test_salesforce_update", args));
      // Floqer stops answering List Rows once the row was added and run.
      harness.emulator.faults.push({ method: "POST", path: "/rows/list", status: 500, times: 20 });
      const answer = structured<TestAnswer>(
        await harness.call("test_salesforce_update", {
          ...args,
          question_id: asked.question_id,
          user_confirmed: true,
        }),
      );
      assert.equal(answer.status, "running");
      assert.ok(answer.row_id);
      assert.match(
        answer.next_step,
        /reading its result failed .* Do not run it again: call get_row_result with row_id/,
      );
      assert.equal(harness.emulator.countRequests("POST", "/run"), 1);
    });
  });

  it("refuses a row_id that is not an id, by name, with nothing run", async () => {
    await withUpstream(async ({ upstream, client, token }) => {
      const result = await client.call("test_salesforce_update", {
        ...LOCATION,
        row_id: "../rows",
        confirmation_token: token,
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /row_id is 1-128 letters, digits, '_' or '-'/);
      assert.deepEqual(upstream.runs, []);
    });
  });
});
