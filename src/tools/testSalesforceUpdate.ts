import { z } from "zod";
import { addRowsRoute, PATH_ID, runRowsRoute, type SheetLocation, sheetOf } from "../floqer/endpoints.js";
import { cleanUpstreamValue } from "../floqer/envelope.js";
import type { RowView } from "../floqer/rows.js";
import { SHOWN_PROBLEMS } from "../limits.js";
import { Suggestions } from "../names.js";
import { UPDATE_ACTION_ID } from "../salesforce/updateAction.js";
import type { ActionGraph } from "../sheet/graph.js";
import {
  FINAL_CELL_STATUSES,
  planDigest,
  plannedActions,
  type RunPlan,
  runQuestion,
  stoppedBefore,
} from "../sheet/testRun.js";
import { TOOL } from "../toolNames.js";
import { requireConfirmation } from "./confirmation.js";
import { rowResultShape } from "./getRowResult.js";
import { faultOf, mayHaveLanded } from "./readBack.js";
import { chainOf, readRow, resultOf } from "./rowResults.js";
import { actionInstanceId, confirmationTokenInput, sheetId, workflowId } from "./schemas.js";
import { defineTool, type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

/** Below a client's default 60 s request timeout, with room for the reads around the wait. */
export const MAX_WAIT_SECONDS = 40;
const DEFAULT_WAIT_SECONDS = 30;
/** Between two reads of the row: from one second, backing off to three. */
const POLL_MS = 1_000;
const MAX_POLL_MS = 3_000;
/** Kept for the reads after the wait (the row, its stored outputs) and the answer. */
const READ_MARGIN_MS = 12_000;

const RUN_FIELD = {
  name: "run",
  title: "Run this one row now",
  description: "Yes runs exactly the row and actions described, once. It writes to Salesforce for real.",
} as const;

const STATUSES = [
  "needs_user_confirmation",
  "declined",
  "complete",
  "failed",
  "error",
  "condition_not_met",
  "stopped",
  "running",
] as const;

type Answer = {
  status: (typeof STATUSES)[number];
  question?: string;
  question_id?: string;
  next_step: string;
  warnings: string[];
} & Partial<z.output<z.ZodObject<typeof rowResultShape>>>;

/** A pause that ends early on cancellation, and leaves no listener behind either way. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

export const testSalesforceUpdate = defineTool({
  name: TOOL.testUpdate,
  title: "Test the update on one row",
  description: `Runs the sheet's chain on one row, after the user's own yes to that run, and reads back what the update did. Writes for real. Needs ${TOOL.confirmConnection}'s token. Without a form it returns a question: ask it, call again with question_id and user_confirmed.`,
  inputSchema: {
    workflow_id: workflowId,
    sheet_id: sheetId,
    action_instance_id: actionInstanceId,
    // A list of closed pairs, not a map: strict tool modes take only closed objects.
    row: z
      // Values the question shows in full, so each stays short enough to read.
      .array(z.strictObject({ column: z.string().min(1).max(128), value: z.string().max(1_000) }))
      .max(200)
      .optional()
      .describe("A new row: a value per input column."),
    row_id: z
      .string()
      .refine((value) => PATH_ID.test(value), "row_id is 1-128 letters, digits, '_' or '-'")
      .optional()
      .describe("Or an existing row to run again."),
    confirmation_token: confirmationTokenInput,
    question_id: z.string().max(1024).optional().describe("From this tool's question."),
    user_confirmed: z.boolean().optional().describe("The user's answer. Never guess it."),
    wait_seconds: z.number().int().min(0).max(MAX_WAIT_SECONDS).optional().describe("Default 30."),
  },
  outputSchema: {
    status: z.enum(STATUSES),
    question: z.string().optional(),
    question_id: z.string().optional(),
    ...rowResultShape,
    next_step: z.string(),
    warnings: z.array(z.string()),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Offer a test on one row with ${TOOL.testUpdate}: ask me its question word for word, and run it only on my yes.`,
    step: `then ${TOOL.testUpdate} on one row, with the user's yes`,
    manual: `A configured update is a guess until it has run. This runs the sheet's chain on exactly one row and
reads back what happened: give \`row\` (\`[{column, value}]\` for the sheet's input columns, checked
against them) to add a new row, or \`row_id\` to run an existing one again. It needs the connection guard's token, and
on top of it the user's own yes to this exact run: a client that shows forms asks in a form; otherwise
the first call adds nothing and returns \`needs_user_confirmation\` with a \`question\` (which row, every
action that runs on it in order, which of them write outside Floqer, that actions may cost credits,
that a run cannot be undone) and a \`question_id\` bound to that plan and answerable once. Any answer
that is not a clear yes is a no.

Then it sends Add Rows with that one row and \`run_after_add: "none"\` (nothing for \`row_id\`), Run Rows
with that one \`row_id\` (not after adding to an \`auto_run\` sheet, which runs the row already), and
reads the row by its id every second until the update's cell is final or \`wait_seconds\` (at most
${MAX_WAIT_SECONDS}, default ${DEFAULT_WAIT_SECONDS}) pass, sending progress notifications to a client that asks for them. Never
\`first_10\`, never \`all\`, never more than one row. Add Rows and Run Rows are sent once and never
repeated; when an answer is lost, the row is looked for before the tool answers, and the answer says
what could not be confirmed. The answer is the \`row_id\`, each cell's status in chain order, the
update's \`outputs\` (\`record_id\`, \`account_url\`) or Floqer's \`error\`, and a \`reading\`; \`stopped\` when an
earlier action stopped the chain (its cell failed, or its condition was not met, without its
continue flag: the update never runs on that row); \`running\` when time ran out (then
${TOOL.getRowResult} with the \`row_id\`). The wait is sized from what is left of the call's 50 s, so
the answer always comes from this server; once the row exists, every answer names it and none
invites a second run. The question binds the yes to the update's settings too: configuring it after
the question needs a new yes. Where the sheet's cache is on (Floqer's default), the question and
the answer say that a row repeating an earlier one's values may not run the update again.`,
  },
  async run(args, context, call): Promise<Answer> {
    // No dry run here: the plan it would show is the question the user answers.
    requireConfirmation(args.confirmation_token, undefined, context, call);
    if ((args.row === undefined) === (args.row_id === undefined)) {
      throw new ToolFailure(
        "Give either row (values for a new row) or row_id (an existing row), not both or neither. Nothing was run.",
      );
    }
    const sheet: SheetLocation = { workflow_id: args.workflow_id, sheet_id: sheetOf(args) };
    const workflow = await context.client.getWorkflow(args.workflow_id, call.upstream);
    const overview = workflow.sheets.find((candidate) => candidate.sheet_id === sheet.sheet_id);
    if (!overview) {
      throw new ToolFailure(
        `Workflow ${args.workflow_id} has no sheet ${sheet.sheet_id} (its sheets: ${workflow.sheets.map((candidate) => candidate.sheet_id).join(", ")}). Nothing was run.`,
      );
    }
    const graph = await chainOf(context, sheet, call);
    const update = graph.actions.find((action) => action.action_instance_id === args.action_instance_id);
    if (update?.action_id !== UPDATE_ACTION_ID) {
      throw new ToolFailure(
        `${args.action_instance_id} is not a ${UPDATE_ACTION_ID} action on sheet ${sheet.sheet_id}. Nothing was run.`,
      );
    }
    const row =
      args.row === undefined
        ? undefined
        : checkRow(
            args.row,
            graph.inputs.map((column) => column.name),
          );
    const plan: RunPlan = {
      workflow_id: args.workflow_id,
      sheet_id: sheet.sheet_id ?? args.workflow_id,
      row,
      row_id: args.row_id,
      actions: plannedActions(graph),
    };
    // Documented defaults: a sheet runs rows as they are added, and reuses a repeated row's outputs.
    const autoRun = overview.auto_run ?? true;
    const cached = overview.cache_enabled ?? true;
    const cacheNote = cached
      ? "This sheet reuses results for a row with the same values as an earlier one (its cache is on), so the update may not run again for such a row."
      : undefined;
    const question = runQuestion(plan, cacheNote ? [cacheNote] : []);
    const asked = await askToRun(question, planDigest(plan), args, context, call);
    if (asked) return asked;

    const warnings: string[] = cacheNote ? [cacheNote] : [];
    let rowId = args.row_id;
    let queued = false;
    if (rowId === undefined) {
      call.progress?.("Adding the row to the sheet, unrun.");
      const added = await addRow(context, sheet, row ?? {}, autoRun, call);
      rowId = added.rowId;
      // Floqer says whether the add queued it; where it does not, the sheet's auto_run does.
      queued = added.queuedForRun ?? autoRun;
    }
    // From here the row exists: whatever fails, the answer gives its id and never invites a rerun.
    try {
      if (!queued) await runRow(context, sheet, rowId, call);
      call.progress?.(`Row ${rowId} is queued; reading it until ${args.action_instance_id} is done.`);
      const left = (call.deadlineAt ?? Date.now() + context.callDeadlineMs) - Date.now() - READ_MARGIN_MS;
      const waitMs = Math.max(0, Math.min((args.wait_seconds ?? DEFAULT_WAIT_SECONDS) * 1000, left));
      const read = await pollRow(context, sheet, rowId, args.action_instance_id, graph, waitMs, call);
      const { result, warnings: resultWarnings } = await resultOf(
        context,
        read,
        graph,
        args.action_instance_id,
        call,
      );
      warnings.push(...resultWarnings);
      const status: Answer["status"] = FINAL_CELL_STATUSES.has(result.update.status)
        ? (result.update.status as Answer["status"])
        : result.update.stopped_at
          ? "stopped"
          : "running";
      return {
        status,
        row_id: result.row_id,
        cells: result.cells,
        update: result.update,
        next_step:
          status === "running"
            ? `Still running when the wait ended: call ${TOOL.getRowResult} with row_id ${rowId} in a few seconds. Do not run it again.`
            : `Tell the user what the run did (update.reading). Row ${rowId} stays on the sheet; to run it again, call ${TOOL.testUpdate} with row_id ${rowId} (a new question).`,
        warnings,
      };
    } catch (error) {
      if (call.signal.aborted && !(error instanceof ToolFailure)) throw error;
      const why = error instanceof Error ? error.message : String(error);
      return {
        status: "running",
        row_id: rowId,
        next_step: `Row ${rowId} was ${queued ? "added and queued to run" : "sent to run"}, but reading its result failed (${why}). Do not run it again: call ${TOOL.getRowResult} with row_id ${rowId} later, or look at the row in the Floqer app.`,
        warnings,
      };
    }
  },
});

/**
 * The row's values against the sheet's input columns: each one a column, given once, at least
 * one given. Returns them as the column-to-value map Add Rows takes.
 */
function checkRow(
  row: readonly { column: string; value: string }[],
  columns: readonly string[],
): Record<string, string> {
  const names = columns.map((name) => ({ name, label: name }));
  const suggestions = new Suggestions(SHOWN_PROBLEMS);
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const { column, value } of row) {
    if (!columns.includes(column)) {
      const nearest = suggestions.closest(column, names);
      problems.push(
        `row: the sheet has no input column '${column}'${nearest.length > 0 ? `; did you mean ${nearest.join(", ")}?` : ""}`,
      );
    } else if (Object.hasOwn(values, column)) problems.push(`row: column '${column}' is given twice`);
    else values[column] = value;
  }
  if (row.length === 0)
    problems.push(`row: give a value for at least one input column (${columns.join(", ")})`);
  if (problems.length > 0) throw new ToolFailure(`Refused; nothing was run:\n- ${problems.join("\n- ")}`);
  return values;
}

/**
 * The user's yes to this exact run: by form where the client shows one, else in two steps, a
 * question id bound to the plan's digest and answerable once. Returns the answer to give instead
 * of running (a question, or a decline); undefined when the user said yes.
 */
async function askToRun(
  question: string,
  digest: string,
  args: { question_id?: string | undefined; user_confirmed?: boolean | undefined },
  context: ToolContext,
  call: ToolCall,
): Promise<Answer | undefined> {
  const declined = (why: string): Answer => ({
    status: "declined",
    next_step: `${why} Nothing was run. Ask the user what to change, or leave it.`,
    warnings: [],
  });
  if (call.user.canShowForm) {
    const outcome = await call.user.askYesNo(question, RUN_FIELD);
    if (outcome.kind === "answered" && outcome.value === true) return undefined;
    return declined("The user did not say yes to the run in the form.");
  }
  const ask = (why: string): Answer => ({
    status: "needs_user_confirmation",
    question,
    question_id: context.guard.issueQuestion(call.sessionId, digest),
    next_step: `${why}Ask the user this question word for word, then call again with the same arguments plus question_id and user_confirmed set to their answer.`,
    warnings: [],
  });
  if (args.question_id === undefined) return ask("");
  if (args.user_confirmed === undefined) return ask("The user's answer is missing. ");
  // Checked against this plan and retired in one step: a second answer, yes or no, is refused.
  const answered = context.guard.answerQuestion(args.question_id, call.sessionId, digest);
  if (!answered.ok) return ask(`${answered.problem}. `);
  return args.user_confirmed ? undefined : declined("The user said no.");
}

/** Adds the one row, unrun. Sent once; a lost answer is looked for, never sent again. */
async function addRow(
  context: ToolContext,
  sheet: SheetLocation,
  row: Record<string, string>,
  autoRun: boolean,
  call: ToolCall,
): Promise<{ rowId: string; queuedForRun: boolean | undefined }> {
  const sentAt = Date.now();
  let added: Awaited<ReturnType<typeof context.client.addRows>>;
  try {
    added = await context.client.addRows(
      addRowsRoute(sheet, { rows: [row], run_after_add: "none" }),
      sheet,
      call.upstream,
    );
  } catch (error) {
    if (call.signal.aborted || !mayHaveLanded(error)) throw error;
    const found = await findAddedRow(context, sheet, row, sentAt, autoRun, call);
    throw new ToolFailure(
      `Floqer's answer to Add Rows was lost (${faultOf(error)}), so it was not sent again. ${found}`,
    );
  }
  const [rowId] = added.row_ids;
  if (rowId && added.row_ids.length === 1) {
    const queued = added.rows_queued_for_run;
    return { rowId, queuedForRun: queued === undefined ? undefined : queued > 0 };
  }
  const why =
    added.rejected.length > 0
      ? `Floqer refused the row: ${added.rejected.map((text) => JSON.stringify(text)).join("; ")}`
      : `Floqer added ${added.row_ids.length} rows, not one (${added.row_ids.join(", ") || "no id given"})`;
  throw new ToolFailure(`${why}. Nothing was run by this call.`);
}

/** The most rows read back, a page at a time, when looking for a row whose add lost its answer. */
const LOOK_BACK_ROWS = 1_000;

/**
 * After a lost Add Rows answer: a row with these values, added since it was sent, if one is
 * found. Values are compared as Floqer's rows are read (cleaned); not finding one is "unknown",
 * never "not added": the add may land after the read, or the row sit past what was read.
 */
async function findAddedRow(
  context: ToolContext,
  sheet: SheetLocation,
  row: Record<string, string>,
  sentAt: number,
  autoRun: boolean,
  call: ToolCall,
): Promise<string> {
  const wanted = cleanUpstreamValue(row) as Record<string, unknown>;
  const check = `Look at the sheet in the Floqer app before calling again: calling again would add a second row${autoRun ? ", and this sheet runs rows as they are added" : ""}.`;
  try {
    const same: string[] = [];
    for (let page = 1; page <= LOOK_BACK_ROWS / 200; page++) {
      const rows = await context.client.listRows(sheet, { page_no: page, page_size: 200 }, call.upstream);
      for (const candidate of rows) {
        const created = candidate.created_at === undefined ? Number.NaN : Date.parse(candidate.created_at);
        const recent = Number.isNaN(created) || created >= sentAt - 5 * 60_000;
        const equal = Object.entries(wanted).every(([column, value]) => candidate.inputs[column] === value);
        if (recent && equal) same.push(candidate.row_id);
      }
      if (rows.length < 200) break;
    }
    if (same.length === 0)
      return `Read back just now, no row with these values was found, which does not prove it was not added. ${check}`;
    const run = autoRun
      ? "This sheet runs rows as they are added, so it may be running already"
      : "It was added unrun";
    return `Read back just now, the sheet has a row with these values (${same.join(", ")}). ${run}: call ${TOOL.getRowResult} with row_id ${same[0]} to see it; do not add it again.`;
  } catch (error) {
    return `Reading the sheet back failed too (${faultOf(error)}): whether the row was added is unknown. ${check}`;
  }
}

/** Runs the one row. Sent once; a lost answer is checked on the row itself. */
async function runRow(
  context: ToolContext,
  sheet: SheetLocation,
  rowId: string,
  call: ToolCall,
): Promise<void> {
  try {
    await context.client.runRows(runRowsRoute(sheet, { row_ids: [rowId] }), sheet, call.upstream);
  } catch (error) {
    if (call.signal.aborted || !mayHaveLanded(error)) throw error;
    const row = await readRow(context, sheet, rowId, call).catch(() => undefined);
    const started = row && Object.values(row.cells).some((cell) => cell.status !== "queued");
    if (started) return;
    throw new ToolFailure(
      `Floqer's answer to Run Rows was lost (${faultOf(error)}), and row ${rowId} shows no cell started yet; a row queued to run looks the same, so whether it will run is unknown. It was not sent again, and should not be: call ${TOOL.getRowResult} with row_id ${rowId} in a minute, or look at the row in the Floqer app.`,
    );
  }
}

/**
 * Reads the row until the action's cell is final, an earlier action stopped the chain, or the
 * wait is over; the last reading. Reads back off (1 s, then up to 3 s apart), far inside Floqer's
 * 200 requests a minute even with several runs at once.
 */
async function pollRow(
  context: ToolContext,
  sheet: SheetLocation,
  rowId: string,
  actionId: string,
  graph: ActionGraph,
  waitMs: number,
  call: ToolCall,
): Promise<RowView> {
  const until = Date.now() + waitMs;
  for (let pause = POLL_MS; ; pause = Math.min(MAX_POLL_MS, pause * 1.5)) {
    const row = await readRow(context, sheet, rowId, call);
    if (!row)
      throw new ToolFailure(`Row ${rowId} is not on the sheet any more. Check the sheet in the Floqer app.`);
    const status = row.cells[actionId]?.status ?? "queued";
    const done = FINAL_CELL_STATUSES.has(status) || stoppedBefore(row, graph, actionId) !== undefined;
    if (done || Date.now() + pause > until || call.signal.aborted) return row;
    call.progress?.(`Row ${rowId}: ${actionId} is ${status}.`);
    await sleep(pause, call.signal);
  }
}
