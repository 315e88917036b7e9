/**
 * Workflows, sheets and action instances as Floqer describes them, read tolerantly: the summaries'
 * field names are only partly documented, so each reader accepts the documented name and the
 * obvious alternatives, and anything it cannot read is left out rather than guessed.
 */

import { OUTPUT_NAME } from "../sheet/graph.js";
import { soleReference } from "../sheet/references.js";
import { PATH_ID } from "./endpoints.js";
import { cleanName } from "./envelope.js";
import { isObject, type Json, listIn } from "./json.js";

export interface WorkflowSummary {
  workflow_id: string;
  name: string;
  last_run_at?: string;
}

export interface SheetSummary {
  sheet_id: string;
  name: string;
  is_main_sheet: boolean;
  /** True when Floqer runs rows as they are added (schema WorkflowOverviewSheet; default true). */
  auto_run?: boolean;
  /** True when a row with the same inputs as an earlier one reuses its outputs (default true). */
  cache_enabled?: boolean;
}

/** Who owns the API key (Get User). */
export interface UserSummary {
  email?: string;
  name?: string;
  role?: string;
}

export interface WorkflowOverview {
  workflow_id: string;
  name: string;
  sheets: SheetSummary[];
}

/** The first of the keys that holds text, cleaned: upstream names are data, never instructions. */
function text(record: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "") return cleanName(value);
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/** An id that goes back into a URL path: held to the same rule as the ids agents send. */
function id(record: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && PATH_ID.test(value)) return value;
  }
  return undefined;
}

/** `data` is the array of summaries, or `{workflows: [...]}`. */
export function readWorkflowList(data: unknown): WorkflowSummary[] | undefined {
  const list = listIn(data, "workflows");
  if (!list) return undefined;
  const workflows: WorkflowSummary[] = [];
  for (const entry of list.filter(isObject)) {
    const workflow_id = id(entry, "workflow_id", "id");
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

/** The overview's sheets; the first is the main sheet unless one says otherwise. */
export function readWorkflowOverview(data: unknown, workflowId: string): WorkflowOverview | undefined {
  // The overview does not list a sheet's actions (schema WorkflowOverviewSheet): the action graph does.
  const workflow = isObject(data) && isObject(data.workflow) ? { ...data.workflow, ...data } : data;
  if (!isObject(workflow)) return undefined;
  const sheetList = listIn(workflow.sheets, "sheets");
  if (!sheetList) return undefined;
  const flagged = sheetList.some((sheet) => isObject(sheet) && typeof sheet.is_main_sheet === "boolean");
  const sheets = sheetList.filter(isObject).flatMap((sheet, index) => {
    const sheet_id = id(sheet, "sheet_id", "id");
    if (!sheet_id) return [];
    const summary: SheetSummary = {
      sheet_id,
      name: text(sheet, "name", "sheet_name") ?? sheet_id,
      is_main_sheet: flagged ? sheet.is_main_sheet === true : index === 0,
    };
    if (typeof sheet.auto_run === "boolean") summary.auto_run = sheet.auto_run;
    if (typeof sheet.cache_enabled === "boolean") summary.cache_enabled = sheet.cache_enabled;
    return [summary];
  });
  return {
    workflow_id: id(workflow, "workflow_id", "id") ?? workflowId,
    name: text(workflow, "name", "workflow_name") ?? workflowId,
    sheets,
  };
}

/** The new action instance's id from an Add Action answer. */
export function readAddedActionId(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  const instance = isObject(data.action) ? data.action : data;
  return id(instance, "action_instance_id", "id");
}

/** The key's owner from Get User, `{email, first_name, last_name, role}`, cleaned for display. */
export function readUser(data: unknown): UserSummary | undefined {
  const user = isObject(data) && isObject(data.user) ? data.user : data;
  if (!isObject(user)) return undefined;
  const name =
    [text(user, "first_name"), text(user, "last_name")].filter(Boolean).join(" ") || text(user, "name");
  const email = text(user, "email");
  const role = text(user, "role");
  return {
    ...(email !== undefined && { email }),
    ...(name && { name }),
    ...(role !== undefined && { role }),
  };
}

/** The action instance as Configure Action describes it (read tolerantly: only what we use). */
export interface ConfiguredAction {
  outputs?: { name: string; reference: string }[];
}

/**
 * Configure Action's answer, read tolerantly: the outputs the action declares for itself, each a
 * plain name and one well-formed token naming this action (anything else is left out).
 */
export function readConfiguredAction(data: unknown, actionInstanceId: string): ConfiguredAction {
  if (!isObject(data)) return {};
  const outputs = listIn(data, "outputs")
    ?.filter(isObject)
    .flatMap((output) => {
      const { name, reference } = output;
      if (typeof name !== "string" || !OUTPUT_NAME.test(name) || typeof reference !== "string") {
        return [];
      }
      const token = soleReference(reference);
      return token?.source === actionInstanceId ? [{ name, reference: token.raw }] : [];
    });
  return outputs ? { outputs } : {};
}
