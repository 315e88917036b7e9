/**
 * A one-row test run: what it will do (the plan the user is asked about, and its digest, so the
 * answer counts for that exact run only), and what a row shows afterwards (each cell in chain
 * order, the update's outcome, and a plain reading). Pure: the tool reads and sends.
 */
import { createHash } from "node:crypto";
import type { ActionGraph } from "./graph.js";

/** Actions known to change nothing outside Floqer, by exact id: a pattern could take a writer in. */
const READS_ONLY = new Set(["salesforce_lookup_record", "workflow_if_else", "filter", "find_work_email"]);
/** Actions that write outside Floqer, by what their ids say. */
const WRITES_OUTSIDE =
  /(salesforce_(update|create|upsert|delete)|slack|email|gmail|outlook|webhook|http|hubspot|send|post|push|zapier|sheets_append|create|update|upsert|delete)/;

export interface PlannedAction {
  action_instance_id: string;
  action_id: string;
  display_name: string;
  effect: "reads only" | "writes outside Floqer" | "may write outside Floqer";
  /** What the action holds (inputs, run condition, flags) as text: the yes covers these settings. */
  settings: string;
}

export interface RunPlan {
  workflow_id: string;
  sheet_id: string;
  /** The values of the row to add, or the id of the row to run again. */
  row: Record<string, string> | undefined;
  row_id: string | undefined;
  actions: PlannedAction[];
}

/**
 * Known readers by exact id (find_work_email reads, though its name says email), then what an id
 * says it writes; anything else may write. Never "reads only" by a guess.
 */
export function effectOf(actionId: string): PlannedAction["effect"] {
  if (READS_ONLY.has(actionId)) return "reads only";
  if (WRITES_OUTSIDE.test(actionId)) return "writes outside Floqer";
  return "may write outside Floqer";
}

/** Every action of the sheet, in order: Run Rows runs the whole chain, never one action alone. */
export function plannedActions(graph: ActionGraph): PlannedAction[] {
  return graph.actions.map(({ action_instance_id, action_id, display_name, inputs, run }) => ({
    action_instance_id,
    action_id,
    display_name,
    effect: effectOf(action_id),
    settings: JSON.stringify([inputs, run ?? null]),
  }));
}

/** What the run question's answer is bound to: this workflow, sheet, row and chain, nothing else. */
export function planDigest(plan: RunPlan): string {
  const row = plan.row ? Object.entries(plan.row).sort(([a], [b]) => (a < b ? -1 : 1)) : null;
  const canonical = JSON.stringify([
    plan.workflow_id,
    plan.sheet_id,
    row,
    plan.row_id ?? null,
    // Each action with what it holds: a change to the update after the question needs a new yes.
    plan.actions.map((action) => [action.action_instance_id, action.action_id, action.settings]),
  ]);
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 32);
}

/** The question the user answers before anything is run: which row, what runs, what it touches. */
export function runQuestion(plan: RunPlan, notes: readonly string[] = []): string {
  // Every value in full (the yes covers all of it) and every name from Floqer, JSON-quoted as data.
  const which = plan.row_id
    ? `row ${plan.row_id} of sheet ${plan.sheet_id} again`
    : `one new row of sheet ${plan.sheet_id} with ${Object.entries(plan.row ?? {})
        .map(([column, value]) => `${column} = ${JSON.stringify(value)}`)
        .join(", ")}`;
  const name = (action: PlannedAction) => JSON.stringify(action.display_name);
  const steps = plan.actions
    .map((action, index) => `${index + 1}. ${name(action)} (${action.action_id}): ${action.effect}`)
    .join("; ");
  const named = (effect: PlannedAction["effect"]) =>
    plan.actions.filter((action) => action.effect === effect).map(name);
  const writes = named("writes outside Floqer");
  const unknown = named("may write outside Floqer");
  const writeNote =
    writes.length > 0
      ? `${writes.join(", ")} ${writes.length === 1 ? "changes" : "change"} real data outside Floqer for this row. `
      : "";
  const unknownNote =
    unknown.length > 0
      ? `${unknown.join(", ")} may too (this server does not know ${unknown.length === 1 ? "it" : "them"}). `
      : "";
  const extra = notes.map((note) => `${note} `).join("");
  return `Run ${which}, in workflow ${plan.workflow_id}? Every action of the sheet runs on it, in order: ${steps}. ${writeNote}${unknownNote}${extra}Some actions may cost Floqer credits. A run cannot be undone. Answer yes only to run exactly this.`;
}

/** Cell states that will not change without another run (schema RowCell). */
export const FINAL_CELL_STATUSES: ReadonlySet<string> = new Set([
  "complete",
  "failed",
  "error",
  "condition_not_met",
]);

/** What a final state of the update cell means, in plain words. */
export const READINGS: Record<string, string> = {
  complete: "The update ran: Salesforce accepted it, and the record now holds the values.",
  failed:
    "The update ran and Salesforce (or Floqer) refused it; its error says why. Nothing was written to the record.",
  error: "The update could not run (an error in Floqer); its error says why.",
  condition_not_met: "The run condition stopped the update on this row: nothing was written to Salesforce.",
  queued: "The update has not started yet: an action before it is still running, or stopped the chain.",
  running: "The update is still running.",
};

/** What a row holds of each action, and of the update, as an answer shows it. */
export interface RowResult {
  row_id: string;
  row_status: string;
  cells: { action_instance_id: string; action_id: string; status: string }[];
  update: {
    action_instance_id: string;
    status: string;
    /** The earlier action that stopped the chain, when one did: the update will not run. */
    stopped_at?: string;
    outputs?: Record<string, unknown>;
    error?: string;
    reading: string;
  };
}

/** The row's cells in chain order, and the chosen action's cell with its reading. */
export function rowResult(
  row: {
    row_id: string;
    row_status: string;
    cells: Record<string, { status: string; outputs?: Record<string, unknown>; error?: string }>;
  },
  graph: ActionGraph,
  actionInstanceId: string,
): RowResult {
  const cells = graph.actions.map(({ action_instance_id, action_id }) => ({
    action_instance_id,
    action_id,
    status: row.cells[action_instance_id]?.status ?? "queued",
  }));
  const cell = row.cells[actionInstanceId];
  const status = cell?.status ?? "queued";
  const stopped = FINAL_CELL_STATUSES.has(status) ? undefined : stoppedBefore(row, graph, actionInstanceId);
  return {
    row_id: row.row_id,
    row_status: row.row_status,
    cells,
    update: {
      action_instance_id: actionInstanceId,
      status,
      ...(cell?.outputs && { outputs: cell.outputs }),
      ...(cell?.error !== undefined && { error: cell.error }),
      reading: stopped
        ? `The chain stopped before the update, at ${stopped.action_instance_id} (${stopped.status}): the update did not run on this row, and nothing was written to Salesforce.`
        : (READINGS[status] ?? `The update's cell is '${status}', a state this server does not know.`),
      ...(stopped && { stopped_at: stopped.action_instance_id }),
    },
  };
}

/** Cell states that end a chain unless the action says to continue. */
const STOPS: Record<
  string,
  "continue_workflow_if_action_fails" | "continue_workflow_if_run_condition_not_met"
> = {
  failed: "continue_workflow_if_action_fails",
  error: "continue_workflow_if_action_fails",
  condition_not_met: "continue_workflow_if_run_condition_not_met",
};

/**
 * The earlier action whose cell stopped the chain before `actionInstanceId` (failed, or its
 * condition not met, without its continue flag): the update then never runs on this row.
 */
export function stoppedBefore(
  row: { cells: Record<string, { status: string }> },
  graph: ActionGraph,
  actionInstanceId: string,
): { action_instance_id: string; status: string } | undefined {
  for (const action of graph.actions) {
    if (action.action_instance_id === actionInstanceId) return undefined;
    const status = row.cells[action.action_instance_id]?.status ?? "";
    const flag = STOPS[status];
    if (!flag) continue;
    const run = action.run === "unreadable" ? undefined : action.run;
    if (run?.[flag] !== true) return { action_instance_id: action.action_instance_id, status };
  }
  return undefined;
}
