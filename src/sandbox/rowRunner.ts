/**
 * How the sandbox runs one row through a sheet's chain, as Floqer documents a run (schemas RowView
 * and RowCell): each action's cell ends `complete`, `failed` (with Floqer's error) or
 * `condition_not_met`; after a stop the cells further down stay `queued` unless the action says to
 * continue. The lookup searches the demo org's records; the update writes to them, failing as
 * Salesforce would. Written from the notes, apart from the server's own rules on purpose.
 */

import type { DemoObject, DemoRecord } from "./demoOrg.js";
import { ACTION_OUTPUTS, type ActionInstance, type DemoSheet } from "./demoWorkflows.js";

export interface FinalCell {
  status: "complete" | "failed" | "condition_not_met" | "queued";
  outputs?: Record<string, unknown>;
  error?: string;
}

/** What a row's tokens resolve against: its inputs, and each earlier action's outputs. */
type Context = Record<string, Record<string, unknown>>;

const TOKEN = /\{\{([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?\}\}/g;

function lookupToken(context: Context, source: string, output: string, column?: string): string {
  const value = context[source]?.[output];
  if (column === undefined) return value === undefined || value === null ? "" : String(value);
  // A list output read one column at a time: the first item's column.
  const first = Array.isArray(value) ? (value[0] as Record<string, unknown> | undefined) : undefined;
  const cell = first?.[column];
  return cell === undefined || cell === null ? "" : String(cell);
}

function resolve(text: unknown, context: Context): string {
  if (typeof text !== "string") return text === undefined || text === null ? "" : String(text);
  return text.replace(TOKEN, (_, source: string, output: string, column?: string) =>
    lookupToken(context, source, output, column),
  );
}

function conditionHolds(leaf: Record<string, unknown>, context: Context): boolean {
  const value = resolve(leaf.variable, context);
  const values = (Array.isArray(leaf.values) ? leaf.values : []).map((item) => resolve(item, context));
  const [first = ""] = values;
  switch (leaf.operator) {
    case "is empty":
      return value.trim() === "";
    case "not empty":
      return value.trim() !== "";
    case "is equal to":
      return value === first;
    case "not equal to":
      return value !== first;
    case "contains":
      return value.includes(first);
    case "does not contain":
      return !value.includes(first);
    case "contains any of":
      return values.some((item) => value.includes(item));
    case "not contains any of":
      return !values.some((item) => value.includes(item));
    case "greater than":
      return Number(value) > Number(first);
    case "less than":
      return Number(value) < Number(first);
    default:
      return false;
  }
}

/** Each group and leaf joins the one before by its combinator (AND where absent). */
function joined<T>(
  items: readonly T[],
  holds: (item: T) => boolean,
  combinatorOf: (item: T) => unknown,
): boolean {
  let result = true;
  for (const [index, item] of items.entries()) {
    const value = holds(item);
    result = index === 0 ? value : combinatorOf(item) === "OR" ? result || value : result && value;
  }
  return result;
}

function runIfHolds(runIf: Record<string, unknown> | undefined, context: Context): boolean {
  const groups = Array.isArray(runIf?.conditions) ? (runIf.conditions as Record<string, unknown>[]) : [];
  if (groups.length === 0) return true;
  return joined(
    groups,
    (group) =>
      joined(
        Array.isArray(group.conditions) ? (group.conditions as Record<string, unknown>[]) : [],
        (leaf) => conditionHolds(leaf, context),
        (leaf) => leaf.combinator,
      ),
    (group) => group.combinator,
  );
}

function lookup(action: ActionInstance, context: Context, records: Record<string, DemoRecord[]>): FinalCell {
  const object = String(action.inputs.salesforce_object ?? "");
  const filters = Array.isArray(action.inputs.add_fields_and_their_values)
    ? (action.inputs.add_fields_and_their_values as { name?: unknown; value?: unknown }[])
    : [];
  const exact = action.inputs.exact_match === true;
  const any = action.inputs.search_operator === "OR";
  const matches = (record: DemoRecord) => {
    const tests = filters.map((filter) => {
      const wanted = resolve(filter.value, context).toLowerCase();
      const held = String(record[String(filter.name)] ?? "").toLowerCase();
      return wanted !== "" && (exact ? held === wanted : held.includes(wanted));
    });
    return tests.length > 0 && (any ? tests.some(Boolean) : tests.every(Boolean));
  };
  const columns = ACTION_OUTPUTS[action.action_id]?.[0]?.columns ?? [];
  const found = (records[object] ?? [])
    .filter(matches)
    .map((record) => Object.fromEntries(columns.map((column) => [column.name, record[column.name] ?? ""])));
  return { status: "complete", outputs: { records_found: found } };
}

/** The update, as Salesforce answers it: the record must exist and each value fit its field. */
function update(
  action: ActionInstance,
  context: Context,
  objects: readonly DemoObject[],
  records: Record<string, DemoRecord[]>,
): FinalCell {
  const objectName = String(action.inputs.salesforce_object ?? "");
  const object = objects.find((candidate) => candidate.name === objectName);
  const id = resolve(action.inputs.record_id, context).trim();
  const fail = (error: string): FinalCell => ({ status: "failed", error });
  if (!object) return fail(`INVALID_TYPE: sObject type '${objectName}' is not supported.`);
  if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id)) {
    return fail(`MALFORMED_ID: ${objectName} ID: id value of incorrect type: ${id || "(empty)"}`);
  }
  const record = (records[objectName] ?? []).find(
    (candidate) => candidate.Id.slice(0, 15) === id.slice(0, 15),
  );
  if (!record) return fail("ENTITY_IS_DELETED or NOT_FOUND: The requested resource does not exist");
  const ignoreEmpty = action.inputs.ignore_empty_values !== false;
  const pairs = Array.isArray(action.inputs.add_fields_and_their_values)
    ? (action.inputs.add_fields_and_their_values as { name?: unknown; value?: unknown }[])
    : [];
  const changes: Record<string, string> = {};
  for (const pair of pairs) {
    const field = object.fields.find((candidate) => candidate.name === pair.name);
    const value = resolve(pair.value, context);
    if (!field)
      return fail(`INVALID_FIELD: No such column '${String(pair.name)}' on sobject of type ${objectName}`);
    if (!field.updateable) {
      return fail(`INVALID_FIELD_FOR_INSERT_UPDATE: Unable to create/update fields: ${field.name}.`);
    }
    if (value === "" && ignoreEmpty) continue;
    if (field.length !== undefined && value.length > field.length) {
      return fail(
        `STRING_TOO_LONG: ${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.length})`,
      );
    }
    const active = field.picklistValues?.filter((entry) => entry.active).map((entry) => entry.value);
    if (active && value !== "" && !active.includes(value)) {
      return fail(
        `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: ${field.label}: bad value for restricted picklist field: ${value}`,
      );
    }
    changes[field.name] = value;
  }
  Object.assign(record, changes);
  return {
    status: "complete",
    outputs: { record_id: record.Id, account_url: `https://sandbox.my.salesforce.com/${record.Id}` },
  };
}

function runAction(
  action: ActionInstance,
  context: Context,
  objects: readonly DemoObject[],
  records: Record<string, DemoRecord[]>,
): FinalCell {
  switch (action.action_id) {
    case "salesforce_lookup_record":
      return lookup(action, context, records);
    case "salesforce_update_record":
      return update(action, context, objects, records);
    case "find_work_email": {
      const email = String(context.input?.email ?? "");
      return { status: "complete", outputs: { email, email_status: email ? "valid" : "not_found" } };
    }
    default:
      return { status: "complete", outputs: {} };
  }
}

/**
 * The final cell of every action for one row, in chain order. A cell whose condition does not
 * hold ends `condition_not_met`; a failed one ends `failed`; after either, the rest stay
 * `queued` unless that action says to continue.
 */
export function runRow(
  sheet: DemoSheet,
  inputs: Record<string, unknown>,
  objects: readonly DemoObject[],
  records: Record<string, DemoRecord[]>,
): FinalCell[] {
  const context: Context = { input: inputs };
  const cells: FinalCell[] = [];
  let stopped = false;
  for (const action of sheet.actions) {
    if (stopped) {
      cells.push({ status: "queued" });
      continue;
    }
    if (!runIfHolds(action.run_if, context)) {
      cells.push({ status: "condition_not_met" });
      stopped = action.run_if?.continue_workflow_if_run_condition_not_met !== true;
      continue;
    }
    const cell = runAction(action, context, objects, records);
    cells.push(cell);
    if (cell.outputs) context[action.action_instance_id] = cell.outputs;
    if (cell.status === "failed") stopped = action.continue_workflow_if_action_fails !== true;
  }
  return cells;
}
