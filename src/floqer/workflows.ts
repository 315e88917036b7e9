/**
 * Workflows, sheets and action instances as Floqer describes them, read tolerantly: the summaries'
 * field names are only partly documented, so each reader accepts the documented name and the
 * obvious alternatives, and anything it cannot read is left out rather than guessed.
 */
import { isObject, type Json, listIn } from "./json.js";

export interface WorkflowSummary {
  workflow_id: string;
  name: string;
  last_run_at?: string;
}

export interface SheetAction {
  action_instance_id: string;
  action_id: string;
}

export interface SheetSummary {
  sheet_id: string;
  name: string;
  is_main_sheet: boolean;
  /** The sheet's action chain, in order, when Floqer includes it (**inferred**: undocumented). */
  actions?: SheetAction[];
}

export interface WorkflowOverview {
  workflow_id: string;
  name: string;
  sheets: SheetSummary[];
}

function text(record: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/** `data` is the array of summaries, or `{workflows: [...]}`. */
export function readWorkflowList(data: unknown): WorkflowSummary[] | undefined {
  const list = listIn(data, "workflows");
  if (!list) return undefined;
  const workflows: WorkflowSummary[] = [];
  for (const entry of list.filter(isObject)) {
    const workflow_id = text(entry, "workflow_id", "id");
    if (!workflow_id) continue;
    const summary: WorkflowSummary = {
      workflow_id,
      name: text(entry, "name", "workflow_name", "title") ?? workflow_id,
    };
    const lastRun = text(entry, "last_run_at", "lastRunAt");
    if (lastRun) summary.last_run_at = lastRun;
    workflows.push(summary);
  }
  return workflows;
}

function readActions(sheet: Json): SheetAction[] | undefined {
  const list = listIn(sheet.actions ?? sheet.action_instances, "actions");
  if (!list) return undefined;
  return list.filter(isObject).flatMap((action) => {
    const action_instance_id = text(action, "action_instance_id", "id");
    const action_id = text(action, "action_id", "type") ?? action_instance_id?.replace(/_\d+$/, "");
    return action_instance_id && action_id ? [{ action_instance_id, action_id }] : [];
  });
}

/** The overview's sheets; the first is the main sheet unless one says otherwise. */
export function readWorkflowOverview(data: unknown, workflowId: string): WorkflowOverview | undefined {
  const workflow = isObject(data) && isObject(data.workflow) ? { ...data.workflow, ...data } : data;
  if (!isObject(workflow)) return undefined;
  const sheetList = listIn(workflow.sheets, "sheets");
  if (!sheetList) return undefined;
  const flagged = sheetList.some((sheet) => isObject(sheet) && typeof sheet.is_main_sheet === "boolean");
  const sheets = sheetList.filter(isObject).flatMap((sheet, index) => {
    const sheet_id = text(sheet, "sheet_id", "id");
    if (!sheet_id) return [];
    const summary: SheetSummary = {
      sheet_id,
      name: text(sheet, "name", "sheet_name") ?? sheet_id,
      is_main_sheet: flagged ? sheet.is_main_sheet === true : index === 0,
    };
    const actions = readActions(sheet);
    if (actions) summary.actions = actions;
    return [summary];
  });
  return {
    workflow_id: text(workflow, "workflow_id", "id") ?? workflowId,
    name: text(workflow, "name", "workflow_name") ?? workflowId,
    sheets,
  };
}

/** The new action instance's id from an Add Action answer. */
export function readAddedActionId(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  const instance = isObject(data.action) ? data.action : data;
  return text(instance, "action_instance_id", "id");
}
