import { z } from "zod";
import { addRowsRoute, runRowsRoute, type SheetLocation, sheetOf } from "../floqer/endpoints.js";
import { FINAL_CELL_STATUSES, type RowView } from "../floqer/rows.js";
import { SHOWN_PROBLEMS } from "../limits.js";
import { Suggestions } from "../names.js";
import { UPDATE_ACTION_ID } from "../salesforce/updateAction.js";
import { planDigest, plannedActions, type RunPlan, runQuestion } from "../sheet/testRun.js";
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
/** Between two reads of the row: one a second stays far inside Floqer's 200 requests a minute. */
const POLL_MS = 1_000;

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
  "running",
] as const;

type Answer = {
  status: (typeof STATUSES)[number];
  question?: string;
  question_id?: string;
  next_step: string;
  warnings: string[];
} & Partial<z.output<z.ZodObject<typeof rowResultShape>>>;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
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
      .array(z.strictObject({ column: z.string().min(1).max(128), value: z.string().max(10_000) }))
      .max(200)
      .optional()
      .describe("A new row: a value per input column."),
    row_id: z.string().min(1).max(128).optional().describe("Or an existing row to run again."),
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
update's \`outputs\` (\`record_id\`, \`account_url\`) or Floqer's \`error\`, and a \`reading\`; \`running\` when
time ran out (then ${TOOL.getRowResult} with the \`row_id\`).`,
  },
  async run(args, context, call): Promise<Answer> {
    requireConfirmation(args.confirmation_token, false, context, call);
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
    const question = runQuestion(plan);
    const asked = await askToRun(question, planDigest(plan), args, context, call);
    if (asked) return asked;

    const warnings: string[] = [];
    if (args.row_id === undefined) call.progress?.("Adding the row to the sheet, unrun.");
    const rowId = args.row_id ?? (await addRow(context, sheet, row ?? {}, call));
    // On an auto-run sheet the add has run the row already: a second run would run it twice.
    const added = args.row_id === undefined;
    if (!(added && overview.auto_run === true)) await runRow(context, sheet, rowId, call);
    call.progress?.(`Row ${rowId} is queued; reading it until ${args.action_instance_id} is done.`);
    const waitMs = Math.min(
      (args.wait_seconds ?? DEFAULT_WAIT_SECONDS) * 1000,
      context.callDeadlineMs - 5_000,
    );
    const read = await pollRow(context, sheet, rowId, args.action_instance_id, Math.max(0, waitMs), call);
    const { result, warnings: resultWarnings } = await resultOf(
      context,
      read,
      graph,
      args.action_instance_id,
      call,
    );
    warnings.push(...resultWarnings);
    const final = FINAL_CELL_STATUSES.has(result.update.status);
    return {
      status: final ? (result.update.status as Answer["status"]) : "running",
      row_id: result.row_id,
      cells: result.cells,
      update: result.update,
      next_step: final
        ? `Tell the user what the run did (update.reading). Row ${rowId} stays on the sheet; to run it again, call ${TOOL.testUpdate} with row_id ${rowId} (a new question).`
        : `Still running when the wait ended: call ${TOOL.getRowResult} with row_id ${rowId} in a few seconds. Do not run it again.`,
      warnings,
    };
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
  call: ToolCall,
): Promise<string> {
  const sentAt = Date.now();
  try {
    const added = await context.client.addRows(
      addRowsRoute(sheet, { rows: [row], run_after_add: "none" }),
      sheet,
      call.upstream,
    );
    const [rowId] = added.row_ids;
    if (rowId && added.row_ids.length === 1) return rowId;
    const why =
      added.rejected.length > 0
        ? `Floqer refused the row: ${added.rejected.map((text) => JSON.stringify(text)).join("; ")}`
        : `Floqer added ${added.row_ids.length} rows, not one`;
    throw new ToolFailure(`${why}. Nothing was run.`);
  } catch (error) {
    if (call.signal.aborted || !mayHaveLanded(error)) throw error;
    const found = await findAddedRow(context, sheet, row, sentAt, call);
    throw new ToolFailure(
      `Floqer's answer to Add Rows was lost (${faultOf(error)}), so it was not sent again and nothing was run. ${found}`,
    );
  }
}

/** After a lost Add Rows answer: the rows with these values added since it was sent, if any. */
async function findAddedRow(
  context: ToolContext,
  sheet: SheetLocation,
  row: Record<string, string>,
  sentAt: number,
  call: ToolCall,
): Promise<string> {
  try {
    const rows = await context.client.listRows(sheet, { page_no: 1, page_size: 50 }, call.upstream);
    const same = rows.filter(
      (candidate) =>
        Object.entries(row).every(([column, value]) => candidate.inputs[column] === value) &&
        (candidate.created_at === undefined || Date.parse(candidate.created_at) >= sentAt - 60_000),
    );
    if (same.length === 0)
      return "Read back just now, the sheet has no row with these values: it was not added.";
    const ids = same.map((candidate) => candidate.row_id).join(", ");
    return `Read back just now, the sheet has a row with these values (${ids}): it was added, and not run. To run it, call ${TOOL.testUpdate} with row_id ${same[0]?.row_id}.`;
  } catch (error) {
    return `Reading the sheet back failed too (${faultOf(error)}): whether the row was added is unknown. Check the sheet in the Floqer app before calling again.`;
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
      `Floqer's answer to Run Rows was lost (${faultOf(error)}), and row ${rowId} shows no cell started yet, so whether it was queued is unknown. It was not sent again. Call ${TOOL.getRowResult} with row_id ${rowId} in a few seconds; run it again only if nothing started.`,
    );
  }
}

/** Reads the row until the action's cell is final or the wait is over; the last reading. */
async function pollRow(
  context: ToolContext,
  sheet: SheetLocation,
  rowId: string,
  actionId: string,
  waitMs: number,
  call: ToolCall,
): Promise<RowView> {
  const until = Date.now() + waitMs;
  for (;;) {
    const row = await readRow(context, sheet, rowId, call);
    if (!row)
      throw new ToolFailure(`Row ${rowId} is not on the sheet any more. Check the sheet in the Floqer app.`);
    const status = row.cells[actionId]?.status ?? "queued";
    if (FINAL_CELL_STATUSES.has(status) || Date.now() + POLL_MS > until || call.signal.aborted) return row;
    call.progress?.(`Row ${rowId}: ${actionId} is ${status}.`);
    await sleep(POLL_MS, call.signal);
  }
}
