/**
 * The Floqer API as the sandbox answers it (docs/FLOQER_API.md): the routes, the shapes they take
 * and answer, and Fastify's own 404 for any method or path it has no route for.
 */

import { randomUUID } from "node:crypto";
import type { DemoObject, DemoRecord } from "./demoOrg.js";
import {
  ACTION_OUTPUTS,
  type ActionInstance,
  type DemoRow,
  type DemoSheet,
  type DemoWorkflow,
  DISPLAY_NAMES,
  instance,
  type OutputSpec,
} from "./demoWorkflows.js";
import { runRow } from "./rowRunner.js";

export const API_PREFIX = "/api/v1";

export type ConnectionState = "connected" | "not_connected" | "other_member" | "session_expired";

/** What the routes read and change: the emulator's live state. */
export interface EmulatorState {
  readonly objects: DemoObject[];
  readonly workflows: DemoWorkflow[];
  readonly records: Record<string, DemoRecord[]>;
  connection: ConnectionState;
  actionGraphRoute: boolean;
  /** How long each action of a run takes before its cell is final. */
  rowStepMs: number;
}

export function errorName(status: number): string {
  const names: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    424: "Failed Dependency",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
  };
  return names[status] ?? "Error";
}

function summarize(workflow: DemoWorkflow) {
  return {
    workflow_id: workflow.workflow_id,
    name: workflow.name,
    created_at: workflow.created_at,
    last_run_at: workflow.last_run_at,
  };
}

function overview(workflow: DemoWorkflow) {
  return {
    ...summarize(workflow),
    sheets: workflow.sheets.map((sheet, index) => ({
      sheet_id: sheet.sheet_id,
      name: sheet.name,
      is_main_sheet: index === 0,
      auto_run: sheet.auto_run ?? false,
      cache_enabled: false,
      cache_since: null,
      webhook_url: null,
    })),
  };
}

function describeOutputs(source: string, specs: readonly OutputSpec[]) {
  return specs.map((spec) => ({
    name: spec.name,
    type: spec.type,
    reference: `{{${source}.${spec.name}}}`,
    ...(spec.columns && {
      columns: spec.columns.map((column) => ({
        name: column.name,
        type: column.type,
        structured_array_reference: `{{${source}.${spec.name}.${column.name}}}`,
      })),
    }),
  }));
}

/** An action instance as Add Action describes it (schema ActionInstance). */
function describeAction(action: ActionInstance) {
  return {
    action_instance_id: action.action_instance_id,
    action_id: action.action_id,
    display_name: action.display_name,
    inputs: Object.keys(action.action_id === "salesforce_update_record" ? UPDATE_INPUT_TYPES : {}).map(
      (name) => ({
        name,
        type: UPDATE_INPUT_TYPES[name],
        required: UPDATE_REQUIRED.has(name),
        description: name,
      }),
    ),
    outputs: describeOutputs(action.action_instance_id, ACTION_OUTPUTS[action.action_id] ?? []),
  };
}

/**
 * The operators Floqer lists for a condition (ListRowsBody), written here apart from the server's
 * own list on purpose: an emulator that imported the server's guess could never disagree with it.
 */
const OPERATORS = new Set([
  "is equal to",
  "not equal to",
  "is empty",
  "not empty",
  "contains",
  "does not contain",
  "contains any of",
  "not contains any of",
  "greater than",
  "less than",
]);

/** What is wrong with a run_if sent to Configure Action: null removes it; else nested groups of leaves. */
function runIfErrors(runIf: unknown): { field: string; message: string }[] {
  if (runIf === undefined || runIf === null) return [];
  const groups = (runIf as { conditions?: unknown }).conditions;
  if (typeof runIf !== "object" || Array.isArray(runIf) || !Array.isArray(groups) || groups.length === 0) {
    return [{ field: "run_if", message: "Must be {conditions: [groups]} or null." }];
  }
  const flag = (runIf as Record<string, unknown>).continue_workflow_if_run_condition_not_met;
  const errors: { field: string; message: string }[] = [];
  if (flag !== undefined && typeof flag !== "boolean") {
    errors.push({
      field: "run_if.continue_workflow_if_run_condition_not_met",
      message: "Must be a boolean.",
    });
  }
  for (const [g, group] of groups.entries()) {
    const leaves = (group as { conditions?: unknown } | null)?.conditions;
    if (!Array.isArray(leaves) || leaves.length === 0) {
      errors.push({ field: `run_if.conditions[${g}]`, message: "Must hold a non-empty conditions array." });
      continue;
    }
    for (const [c, leaf] of leaves.entries()) {
      const { variable, operator, values } = (leaf ?? {}) as Record<string, unknown>;
      const where = `run_if.conditions[${g}].conditions[${c}]`;
      if (typeof variable !== "string")
        errors.push({ field: `${where}.variable`, message: "Required string." });
      if (typeof operator !== "string" || !OPERATORS.has(operator))
        errors.push({ field: `${where}.operator`, message: `Unknown operator ${String(operator)}.` });
      if (!Array.isArray(values)) errors.push({ field: `${where}.values`, message: "Required array." });
    }
  }
  return errors;
}

/**
 * A row as List Rows shows it (schemas RowView, RowCell) at this moment: each action takes one
 * step, so a cell is queued, then running, then its final state.
 */
function rowView(sheet: DemoSheet, row: DemoRow, stepMs: number) {
  const elapsed = row.run ? Date.now() - row.run.startedAt : -1;
  const cells = Object.fromEntries(
    sheet.actions.map((action, index) => {
      const final = row.run?.cells[index];
      if (!final || elapsed < index * stepMs) return [action.action_instance_id, { status: "queued" }];
      if (elapsed < (index + 1) * stepMs) return [action.action_instance_id, { status: "running" }];
      return [action.action_instance_id, final];
    }),
  );
  const statuses = Object.values(cells).map((cell) => cell.status);
  const rowStatus = !row.run
    ? "pending"
    : statuses.some((status) => status === "queued" || status === "running")
      ? "running"
      : statuses.includes("failed")
        ? "has_failures"
        : "complete";
  return { row_id: row.row_id, row_status: rowStatus, created_at: row.created_at, inputs: row.inputs, cells };
}

/** A sheet's action graph (schema ActionGraphNode): the input node, then the chain in order. */
function actionGraph(sheet: DemoSheet) {
  const inputNode = {
    action_instance_id: "input",
    action_id: "input",
    display_name: "Input",
    outputs: sheet.inputs.map((column) => ({
      name: column.name,
      type: column.type,
      reference: `{{input.${column.name}}}`,
    })),
    next: sheet.actions.slice(0, 1).map((action) => action.action_instance_id),
  };
  return [
    inputNode,
    ...sheet.actions.map((action, index) => {
      const outputs = ACTION_OUTPUTS[action.action_id] ?? [];
      return {
        action_instance_id: action.action_instance_id,
        action_id: action.action_id,
        display_name: action.display_name,
        inputs: structuredClone(action.inputs),
        ...(outputs.length > 0 && { outputs: describeOutputs(action.action_instance_id, outputs) }),
        ...(action.run_if && { run_if: structuredClone(action.run_if) }),
        ...(action.continue_workflow_if_action_fails !== undefined && {
          continue_workflow_if_action_fails: action.continue_workflow_if_action_fails,
        }),
        next: sheet.actions.slice(index + 1, index + 2).map((next) => next.action_instance_id),
      };
    }),
  ];
}

/** The reference tokens an action at `index` of the sheet can read. */
function visibleTokens(sheet: DemoSheet, index: number): Set<string> {
  const tokens = new Set(sheet.inputs.map((column) => `{{input.${column.name}}}`));
  for (const action of sheet.actions.slice(0, index)) {
    for (const output of describeOutputs(action.action_instance_id, ACTION_OUTPUTS[action.action_id] ?? [])) {
      tokens.add(output.reference);
      for (const column of output.columns ?? []) tokens.add(column.structured_array_reference);
    }
  }
  return tokens;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const UPDATE_INPUT_TYPES: Record<string, string> = {
  record_id: "string",
  salesforce_object: "dropdown",
  add_fields_and_their_values: "jsonArray",
  ignore_empty_values: "boolean",
  run_salesforce_assignment_rules: "boolean",
};
const UPDATE_REQUIRED = new Set(["record_id", "salesforce_object", "add_fields_and_their_values"]);

interface Warning {
  field: string;
  code: "unknown_field" | "unresolved_reference";
  message: string;
}

/** A 200 whose envelope carries warnings beside the data (schema ConfigureActionWarning). */
export class Warned {
  constructor(
    readonly data: unknown,
    readonly warnings: Warning[],
  ) {}
}

/** Fastify's own answer for a method or path it has no route for: not the API's envelope. */
export class RouteNotFound extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(`Route ${method}:${path} not found`);
  }
}

export class FloqerRoutes {
  readonly #state: EmulatorState;

  constructor(state: EmulatorState) {
    this.#state = state;
  }

  /** The answer to one request; throws HttpError or RouteNotFound. */
  route(method: string, path: string, body: unknown): unknown {
    const parts = path.split("/").filter(Boolean);
    if (parts[0] === "user" && parts.length === 1 && method === "GET") {
      return { email: "sandbox@example.com", first_name: "Sandbox", last_name: "User", role: "admin" };
    }
    if (parts[0] === "workflows") {
      if (parts.length === 1 && method === "GET") return this.#state.workflows.map(summarize);
      const workflow = this.#workflow(parts[1] ?? "");
      if (parts.length === 2 && method === "GET") return overview(workflow);
      if (parts[2] === "sheets" && method === "POST" && (parts[4] === "rows" || parts[4] === "run")) {
        const sheet = this.#sheet(workflow, parts[3] ?? "");
        if (parts.length === 5 && parts[4] === "rows") return this.#addRows(sheet, body);
        if (parts.length === 5 && parts[4] === "run") return this.#runRows(sheet, body);
        if (parts.length === 6 && parts[5] === "list") return this.#listRows(sheet, body);
      }
      if (parts[2] === "sheets" && parts.length === 5 && parts[4] === "actions") {
        const sheet = this.#sheet(workflow, parts[3] ?? "");
        if (method === "POST") return this.#addAction(sheet, body);
        if (method === "GET" && this.#state.actionGraphRoute) return actionGraph(sheet);
      }
      if (parts[2] === "sheets" && parts[4] === "actions" && parts[5]) {
        if (parts.length === 8 && parts[6] === "options" && method === "POST") {
          const action = this.#action(workflow.workflow_id, parts[3] ?? "", parts[5]);
          return this.#options(action, parts[7] ?? "", body);
        }
        if (parts.length === 6 && method === "PATCH") {
          const sheet = this.#sheet(workflow, parts[3] ?? "");
          return this.#configure(sheet, this.#action(workflow.workflow_id, sheet.sheet_id, parts[5]), body);
        }
      }
    }
    throw new RouteNotFound(method, `${API_PREFIX}${path}`);
  }

  /** Add Rows (schema AddRowsBody): rows of input column values; unknown columns are rejected. */
  #addRows(sheet: DemoSheet, body: unknown): unknown {
    const { rows, run_after_add: runAfterAdd = "none" } = (body ?? {}) as Record<string, unknown>;
    if (!Array.isArray(rows) || rows.length === 0 || rows.length > 1_000) {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "rows", message: "Must be an array of 1 to 1000 rows." }],
      });
    }
    if (!["none", "first_10", "all"].includes(String(runAfterAdd))) {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "run_after_add", message: "Must be none, first_10 or all." }],
      });
    }
    const columns = new Set(sheet.inputs.map((column) => column.name));
    const added: DemoRow[] = [];
    const rejected: unknown[] = [];
    for (const [index, row] of rows.entries()) {
      const entries = typeof row === "object" && row !== null ? Object.entries(row) : [];
      const unknown = entries.filter(([name]) => !columns.has(name));
      if (entries.length === 0 || unknown.length > 0) {
        rejected.push({
          row: index,
          errors: unknown.map(([name]) => ({
            field: name,
            code: "unknown_column",
            message: `No input column ${name}.`,
          })),
        });
        continue;
      }
      added.push({
        row_id: randomUUID(),
        created_at: new Date().toISOString(),
        inputs: Object.fromEntries(entries.map(([name, value]) => [name, String(value ?? "")])),
      });
    }
    sheet.rows = [...(sheet.rows ?? []), ...added];
    // An auto-run sheet runs every row it is given; otherwise run_after_add says which.
    const toRun =
      sheet.auto_run || runAfterAdd === "all" ? added : runAfterAdd === "first_10" ? added.slice(0, 10) : [];
    for (const row of toRun) this.#startRun(sheet, row);
    return {
      row_count: added.length,
      row_ids: added.map((row) => row.row_id),
      rejected,
      rows_queued_for_run: toRun.length,
    };
  }

  /** Run Rows (schema RunRowsBody): exactly one of row_ids and first_10. */
  #runRows(sheet: DemoSheet, body: unknown): unknown {
    const { row_ids: rowIds, first_10: first10 } = (body ?? {}) as Record<string, unknown>;
    if ((rowIds === undefined) === (first10 === undefined)) {
      throw new HttpError(400, "Give exactly one of row_ids and first_10.");
    }
    const rows = sheet.rows ?? [];
    const chosen = Array.isArray(rowIds)
      ? rowIds.map((id) => {
          const row = rows.find((candidate) => candidate.row_id === id);
          if (!row) throw new HttpError(404, `Row ${String(id)} not found.`);
          return row;
        })
      : rows.slice(0, 10);
    for (const row of chosen) this.#startRun(sheet, row);
    return { rows_queued: chosen.length };
  }

  #startRun(sheet: DemoSheet, row: DemoRow): void {
    this.#checkConnection();
    row.run = {
      startedAt: Date.now(),
      cells: runRow(sheet, row.inputs, this.#state.objects, this.#state.records),
    };
  }

  /** List Rows (schemas ListRowsBody, RowView): by row_ids, or a page. */
  #listRows(sheet: DemoSheet, body: unknown): unknown {
    const {
      row_ids: rowIds,
      page_no: pageNo = 1,
      page_size: pageSize = 20,
    } = (body ?? {}) as Record<string, unknown>;
    if (Array.isArray(rowIds) && rowIds.length > 200) {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "row_ids", message: "At most 200." }],
      });
    }
    const all = sheet.rows ?? [];
    const size = Math.min(200, Math.max(1, Number(pageSize) || 20));
    const page = Math.max(1, Number(pageNo) || 1);
    const matching = Array.isArray(rowIds) ? all.filter((row) => rowIds.includes(row.row_id)) : all;
    const shown = matching.slice((page - 1) * size, page * size);
    return {
      rows: shown.map((row) => rowView(sheet, row, this.#state.rowStepMs)),
      total_count: matching.length,
      page_no: page,
      page_size: size,
    };
  }

  #workflow(workflowId: string): DemoWorkflow {
    const workflow = this.#state.workflows.find((candidate) => candidate.workflow_id === workflowId);
    if (!workflow) throw new HttpError(404, `Workflow ${workflowId} not found.`);
    return workflow;
  }

  #sheet(workflow: DemoWorkflow, sheetId: string): DemoSheet {
    const sheet = workflow.sheets.find((candidate) => candidate.sheet_id === sheetId);
    if (!sheet) throw new HttpError(404, `Sheet ${sheetId} not found in workflow ${workflow.workflow_id}.`);
    return sheet;
  }

  #addAction(sheet: DemoSheet, body: unknown): unknown {
    const request = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const { action_id: actionId, after, name } = request;
    if (typeof actionId !== "string" || !DISPLAY_NAMES[actionId]) {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "action_id", message: "Unknown action." }],
      });
    }
    if (name !== undefined && typeof name !== "string") {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "name", message: "Must be a string." }],
      });
    }
    let position = sheet.actions.length;
    if (after !== undefined) {
      const index = sheet.actions.findIndex((action) => action.action_instance_id === after);
      if (index < 0) {
        throw new HttpError(400, "Validation failed.", {
          errors: [{ field: "after", message: `No action ${String(after)} in this sheet.` }],
        });
      }
      position = index + 1;
    }
    // Instance ids are unique within a sheet, so numbering is per sheet.
    const taken = sheet.actions
      .filter((action) => action.action_id === actionId)
      .map((action) => Number(action.action_instance_id.slice(actionId.length + 1)));
    const added = instance(actionId, Math.max(0, ...taken) + 1);
    if (typeof name === "string") added.display_name = name;
    sheet.actions.splice(position, 0, added);
    return describeAction(added);
  }

  #action(workflowId: string, sheetId: string, actionInstanceId: string): ActionInstance {
    const sheet = this.#sheet(this.#workflow(workflowId), sheetId);
    const action = sheet.actions.find((candidate) => candidate.action_instance_id === actionInstanceId);
    if (!action) throw new HttpError(404, `Action ${actionInstanceId} not found in sheet ${sheetId}.`);
    return action;
  }

  #checkConnection(): void {
    switch (this.#state.connection) {
      case "not_connected":
        throw new HttpError(
          403,
          "Salesforce is not connected. Connect it in Floqer: Connections > Salesforce.",
        );
      case "other_member":
        throw new HttpError(424, "The Salesforce connection belongs to another team member.");
      case "session_expired":
        throw new HttpError(502, "Salesforce session could not be refreshed (INVALID_SESSION_ID).");
      default:
    }
  }

  #object(name: unknown): DemoObject {
    const object = this.#state.objects.find((candidate) => candidate.name === name);
    if (!object)
      throw new HttpError(400, "Invalid salesforce_object.", {
        errors: [{ field: "salesforce_object", message: `Unknown object ${String(name)}` }],
      });
    return object;
  }

  #options(action: ActionInstance, field: string, body: unknown): unknown {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'Body must be a JSON object: {} or {"context": {...}}.');
    }
    if (action.action_id !== "salesforce_update_record") {
      throw new HttpError(400, `Field ${field} has no options for action ${action.action_id}.`);
    }
    this.#checkConnection();
    if (field === "salesforce_object") {
      return this.#state.objects.map((object) => ({ value: object.name, label: object.label }));
    }
    if (field === "add_fields_and_their_values") {
      const context = (body as { context?: { salesforce_object?: unknown } }).context;
      if (!context?.salesforce_object) {
        throw new HttpError(
          400,
          'This field depends on salesforce_object: send {"context": {"salesforce_object": ...}}.',
        );
      }
      return this.#object(context.salesforce_object).fields.map((entry) => ({
        value: entry.name,
        label: entry.label,
        extras: {
          type: entry.type,
          updateable: entry.updateable,
          custom: entry.name.endsWith("__c"),
          ...(entry.length !== undefined && { length: entry.length }),
          ...(entry.precision !== undefined && { precision: entry.precision, scale: entry.scale }),
          ...(entry.picklistValues && { picklistValues: entry.picklistValues }),
        },
      }));
    }
    throw new HttpError(400, `Field ${field} has no dynamic options.`);
  }

  /**
   * Configure Action: sets only the inputs sent. Like Floqer, it keeps an unknown input out and a
   * token that matches nothing on the sheet in, and says so in `warnings` beside a 200.
   */
  #configure(sheet: DemoSheet, action: ActionInstance, body: unknown): Warned {
    const sent = (body as { inputs?: unknown } | null)?.inputs;
    const { run_if: runIf, continue_workflow_if_action_fails: continueIfFails } = (body ?? {}) as Record<
      string,
      unknown
    >;
    if (typeof sent !== "object" || sent === null || Array.isArray(sent)) {
      throw new HttpError(400, 'Body must be {"inputs": {...}}.');
    }
    if (action.action_id !== "salesforce_update_record") {
      throw new HttpError(
        400,
        `This emulator configures only salesforce_update_record, not ${action.action_id}.`,
      );
    }
    const warnings: Warning[] = [];
    const inputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(sent)) {
      if (Object.hasOwn(UPDATE_INPUT_TYPES, name)) inputs[name] = value;
      else
        warnings.push({
          field: name,
          code: "unknown_field",
          message: `Input '${name}' is not a field of this action; ignored.`,
        });
    }
    const errors = [...this.#inputErrors({ ...action.inputs, ...inputs }), ...runIfErrors(runIf)];
    if (continueIfFails !== undefined && typeof continueIfFails !== "boolean") {
      errors.push({ field: "continue_workflow_if_action_fails", message: "Must be a boolean." });
    }
    if (errors.length > 0) throw new HttpError(400, "Validation failed.", { errors });
    this.#checkConnection();
    if (Array.isArray(inputs.add_fields_and_their_values)) {
      // Without a label Floqer stores the name as the label.
      inputs.add_fields_and_their_values = inputs.add_fields_and_their_values.map(
        (pair: Record<string, unknown>) => ({
          ...pair,
          label: typeof pair.label === "string" ? pair.label : pair.name,
        }),
      );
    }
    const visible = visibleTokens(sheet, sheet.actions.indexOf(action));
    for (const [name, value] of Object.entries(inputs)) {
      for (const token of JSON.stringify(value).match(/\{\{[^{}]*\}\}/g) ?? []) {
        if (!visible.has(token)) {
          warnings.push({
            field: name,
            code: "unresolved_reference",
            message: `${token} matches nothing on this sheet before this action.`,
          });
        }
      }
    }
    for (const token of JSON.stringify(runIf ?? null).match(/\{\{[^{}]*\}\}/g) ?? []) {
      if (!visible.has(token)) {
        warnings.push({
          field: "run_if",
          code: "unresolved_reference",
          message: `${token} matches nothing on this sheet before this action.`,
        });
      }
    }
    Object.assign(action.inputs, inputs);
    if (runIf === null) delete action.run_if;
    else if (runIf !== undefined) action.run_if = structuredClone(runIf as Record<string, unknown>);
    if (typeof continueIfFails === "boolean") action.continue_workflow_if_action_fails = continueIfFails;
    return new Warned(describeAction(action), warnings);
  }

  #inputErrors(inputs: Record<string, unknown>): { field: string; message: string }[] {
    const errors: { field: string; message: string }[] = [];
    if (typeof inputs.record_id !== "string" || inputs.record_id === "") {
      errors.push({ field: "record_id", message: "Required string." });
    }
    const object = this.#state.objects.find((candidate) => candidate.name === inputs.salesforce_object);
    if (!object)
      errors.push({ field: "salesforce_object", message: "Must be one of the salesforce_object options." });
    const pairs = inputs.add_fields_and_their_values;
    if (!Array.isArray(pairs) || pairs.length === 0) {
      errors.push({
        field: "add_fields_and_their_values",
        message: "Required non-empty array of {name, value}.",
      });
    } else if (object) {
      for (const [index, pair] of pairs.entries()) {
        const field = object.fields.find((candidate) => candidate.name === pair?.name);
        const where = `add_fields_and_their_values[${index}]`;
        if (typeof pair?.value !== "string")
          errors.push({ field: where, message: "value must be a string." });
        if (!field)
          errors.push({ field: where, message: `Unknown field ${String(pair?.name)} on ${object.name}.` });
        else if (!field.updateable)
          errors.push({ field: where, message: `Field ${field.name} is not updateable.` });
      }
    }
    for (const flag of ["ignore_empty_values", "run_salesforce_assignment_rules"]) {
      if (flag in inputs && typeof inputs[flag] !== "boolean")
        errors.push({ field: flag, message: "Must be a boolean." });
    }
    return errors;
  }
}
