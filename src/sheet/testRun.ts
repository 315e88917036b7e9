/**
 * A one-row test run: what it will do (the plan the user is asked about, and its digest, so the
 * answer counts for that exact run only), and what a row shows afterwards (each cell in chain
 * order, the update's outcome, and a plain reading). Pure: the tool reads and sends.
 */
import { createHash } from "node:crypto";
import type { ActionGraph } from "./graph.js";

/** Actions known to change nothing outside Floqer: lookups, branches, enrichment reads. */
const READS_ONLY =
  /^(salesforce_lookup_record|workflow_if_else|filter|find_work_email|.*_lookup.*|.*_search.*|.*_find.*)$/;
/** Actions known to write outside Floqer. */
const WRITES_OUTSIDE =
  /(salesforce_(update|create|upsert|delete)|slack|email|gmail|outlook|webhook|http|hubspot|send|post|push|zapier|sheets_append)/;

export interface PlannedAction {
  action_instance_id: string;
  action_id: string;
  display_name: string;
  effect: "reads only" | "writes outside Floqer" | "may write outside Floqer";
}

export interface RunPlan {
  workflow_id: string;
  sheet_id: string;
  /** The values of the row to add, or the id of the row to run again. */
  row: Record<string, string> | undefined;
  row_id: string | undefined;
  actions: PlannedAction[];
}

/** Known readers first (find_work_email reads, though its name says email), then known writers. */
export function effectOf(actionId: string): PlannedAction["effect"] {
  if (READS_ONLY.test(actionId)) return "reads only";
  if (WRITES_OUTSIDE.test(actionId)) return "writes outside Floqer";
  return "may write outside Floqer";
}

/** Every action of the sheet, in order: Run Rows runs the whole chain, never one action alone. */
export function plannedActions(graph: ActionGraph): PlannedAction[] {
  return graph.actions.map(({ action_instance_id, action_id, display_name }) => ({
    action_instance_id,
    action_id,
    display_name,
    effect: effectOf(action_id),
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
    plan.actions.map((action) => action.action_instance_id),
  ]);
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 32);
}

/** The question the user answers before anything is run: which row, what runs, what it touches. */
export function runQuestion(plan: RunPlan): string {
  const which = plan.row_id
    ? `row ${plan.row_id} of sheet ${plan.sheet_id} again`
    : `one new row of sheet ${plan.sheet_id} with ${Object.entries(plan.row ?? {})
        .map(
          ([column, value]) =>
            `${column} = ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`,
        )
        .join(", ")}`;
  const steps = plan.actions
    .map((action, index) => `${index + 1}. ${action.display_name} (${action.action_id}): ${action.effect}`)
    .join("; ");
  const named = (effect: PlannedAction["effect"]) =>
    plan.actions.filter((action) => action.effect === effect).map((action) => action.display_name);
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
  return `Run ${which}, in workflow ${plan.workflow_id}? Every action of the sheet runs on it, in order: ${steps}. ${writeNote}${unknownNote}Some actions may cost Floqer credits. A run cannot be undone. Answer yes only to run exactly this.`;
}

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
  return {
    row_id: row.row_id,
    row_status: row.row_status,
    cells,
    update: {
      action_instance_id: actionInstanceId,
      status,
      ...(cell?.outputs && { outputs: cell.outputs }),
      ...(cell?.error !== undefined && { error: cell.error }),
      reading: READINGS[status] ?? `The update's cell is '${status}', a state this server does not know.`,
    },
  };
}
