/**
 * Every rule a configuration of "Salesforce: Update a Record" must pass before it is sent. Pure:
 * the caller fetches the object and field lists; nothing here does I/O.
 */

import { isDeepStrictEqual } from "node:util";
import { SHOWN_PROBLEMS } from "../limits.js";
import { indexByName, Suggestions } from "../names.js";
import { isSingleReference, type ReferenceToken, scanReferences } from "../sheet/references.js";
import { CONTINUE_IF_FAILS, CONTINUE_IF_NOT_MET, type GivenCondition } from "../sheet/runCondition.js";
import { TOOL } from "../toolNames.js";
import { givenWhere } from "./fieldList.js";
import { isWritable, type SalesforceField, type SalesforceObject, writableFields } from "./fields.js";
import { checkRecordId } from "./recordId.js";
import {
  type FieldValuePair,
  type HeldValue,
  type InputChange,
  type LabelledFieldValue,
  UPDATE_DEFAULTS,
  UPDATE_FLAGS,
  UPDATE_LIMITS,
  type UpdateActionInputs,
  type UpdateFlag,
} from "./updateAction.js";

/**
 * What an agent asks for. Each input left out keeps what the action holds; the fields given are
 * merged into the action's list unless `replace_fields` says they are the whole list.
 */
export interface UpdateRequest {
  record_id?: string | undefined;
  salesforce_object?: string | undefined;
  add_fields_and_their_values?: FieldValuePair[] | undefined;
  remove_fields?: string[] | undefined;
  replace_fields?: boolean | undefined;
  ignore_empty_values?: boolean | undefined;
  run_salesforce_assignment_rules?: boolean | undefined;
  /**
   * Groups of conditions: any group may hold, and within one, all. Left out: the action keeps its
   * own; [] removes it (null means "not given" in this server, so it cannot mean "none").
   */
  run_if?: GivenCondition | undefined;
  continue_workflow_if_run_condition_not_met?: boolean | undefined;
  continue_workflow_if_action_fails?: boolean | undefined;
}

/** The request as checked: names trimmed, a literal ID in its canonical case, lists present. */
export interface CheckedRequest {
  record_id: string | undefined;
  salesforce_object: string | undefined;
  add_fields_and_their_values: FieldValuePair[];
  remove_fields: string[];
  replace_fields: boolean;
  ignore_empty_values: boolean | undefined;
  run_salesforce_assignment_rules: boolean | undefined;
  run_if: GivenCondition | undefined;
  remove_run_if: boolean;
  continue_workflow_if_run_condition_not_met: boolean | undefined;
  continue_workflow_if_action_fails: boolean | undefined;
}

/** Control characters other than tab and line breaks: invisible in the Floqer app, never meant. */
const CONTROL_CHARACTERS = /(?![\t\n\r])\p{Cc}|\r(?!\n)/u;

function controlProblem(where: string, value: string): string | undefined {
  const found = CONTROL_CHARACTERS.exec(value)?.[0];
  if (found === undefined) return undefined;
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return `${where}: contains the control character ${code}; remove it (tabs and line breaks are fine)`;
}

export type Validation<T> = { ok: true; value: T; warnings: string[] } | { ok: false; problems: string[] };

function describeSuggestions(suggestions: string[], listTool: string): string {
  return suggestions.length > 0
    ? `did you mean ${suggestions.join(", ")}? (${listTool} shows them all)`
    : `call ${listTool} to see the valid names`;
}

/** Checks what needs no Salesforce metadata: record ID, reference tokens, duplicates, sizes. */
export function checkUpdateShape(request: UpdateRequest): Validation<CheckedRequest> {
  const problems: string[] = [];
  const recordId = request.record_id?.trim();
  let normalizedRecordId = recordId;
  if (recordId !== undefined) {
    const recordControl = controlProblem("record_id", recordId);
    if (recordControl) problems.push(recordControl);
    if (recordId.includes("{{")) {
      if (!isSingleReference(recordId)) {
        problems.push(
          `record_id: give either one reference token such as {{salesforce_lookup_record_1.records_found.Id}} (from ${TOOL.listReferences}) or a literal 15/18-character ID, not a mix`,
        );
      } else {
        const scan = scanReferences(recordId);
        if (!scan.ok) problems.push(...scan.problems.map((problem) => `record_id: ${problem}`));
      }
    } else {
      const check = checkRecordId(recordId);
      if (!check.ok) problems.push(`record_id: ${check.problem}`);
      else normalizedRecordId = check.id;
    }
  }

  const pairs = request.add_fields_and_their_values ?? [];
  const remove = (request.remove_fields ?? []).map((name) => name.trim());
  const replace = request.replace_fields ?? false;
  if (replace && remove.length > 0) {
    problems.push(
      "remove_fields: leave it out when replace_fields is true: the fields given are then the whole list, and every other field is dropped",
    );
  }
  if (replace && pairs.length === 0) {
    problems.push(
      "add_fields_and_their_values: replace_fields true needs the action's whole new list here (at least one field)",
    );
  }
  const removeRunIf = request.run_if !== undefined && request.run_if.length === 0;
  if (removeRunIf && request[CONTINUE_IF_NOT_MET] !== undefined) {
    problems.push(`${CONTINUE_IF_NOT_MET}: means nothing once run_if [] removes the condition; leave it out`);
  }
  const nothingGiven =
    recordId === undefined &&
    request.salesforce_object === undefined &&
    pairs.length === 0 &&
    remove.length === 0 &&
    [...UPDATE_FLAGS, "run_if", CONTINUE_IF_NOT_MET, CONTINUE_IF_FAILS].every(
      (name) => request[name as keyof UpdateRequest] === undefined,
    );
  if (nothingGiven) {
    problems.push(
      `nothing to configure: give fields in add_fields_and_their_values, remove_fields, record_id, salesforce_object, run_if or a flag (${TOOL.getWorkflow} shows what the action holds)`,
    );
  }
  if (remove.length > UPDATE_LIMITS.maxFieldPairs) {
    problems.push(`remove_fields: at most ${UPDATE_LIMITS.maxFieldPairs} names, got ${remove.length}`);
  }
  if (pairs.length > UPDATE_LIMITS.maxFieldPairs) {
    problems.push(
      `add_fields_and_their_values: at most ${UPDATE_LIMITS.maxFieldPairs} pairs, got ${pairs.length}`,
    );
  }
  const seen = new Map<string, string>();
  for (const [index, pair] of pairs.entries()) {
    const where = givenWhere(index, pair.name);
    const key = pair.name.trim().toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(`${where}: duplicate of ${earlier}; give each field once`);
    else seen.set(key, pair.name);
    if (pair.value.length > UPDATE_LIMITS.maxValueLength) {
      problems.push(
        `${where}: value is ${pair.value.length} characters, at most ${UPDATE_LIMITS.maxValueLength}`,
      );
    }
    const control = controlProblem(where, pair.value);
    if (control) problems.push(control);
    const scan = scanReferences(pair.value);
    if (!scan.ok) problems.push(...scan.problems.map((problem) => `${where}: ${problem}`));
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      record_id: normalizedRecordId,
      salesforce_object: request.salesforce_object?.trim(),
      add_fields_and_their_values: pairs.map((pair) => ({ name: pair.name.trim(), value: pair.value })),
      remove_fields: remove,
      replace_fields: replace,
      ignore_empty_values: request.ignore_empty_values,
      run_salesforce_assignment_rules: request.run_salesforce_assignment_rules,
      run_if: removeRunIf ? undefined : request.run_if,
      remove_run_if: removeRunIf,
      [CONTINUE_IF_NOT_MET]: request[CONTINUE_IF_NOT_MET],
      [CONTINUE_IF_FAILS]: request[CONTINUE_IF_FAILS],
    },
    warnings: [],
  };
}

/** A literal ID whose key prefix belongs to another standard object than the one updated. */
export function recordIdPrefixWarning(recordId: string, objectName: string): string | undefined {
  if (recordId.includes("{{")) return undefined;
  const check = checkRecordId(recordId);
  if (!check.ok || !check.standardObject) return undefined;
  if (check.standardObject.toLowerCase() === objectName.toLowerCase()) return undefined;
  return `record_id ${check.id} starts with ${check.id.slice(0, 3)}, the prefix of ${check.standardObject} records, but salesforce_object is ${objectName}: check that the ID and the object belong together`;
}

/** Each field given an empty value while empty values are ignored: it would leave the field as it is. */
export function emptyValueWarnings(pairs: readonly FieldValuePair[], ignoreEmpty: boolean): string[] {
  if (!ignoreEmpty) return [];
  return pairs
    .filter((pair) => pair.value.trim() === "")
    .map(
      (pair) =>
        `${pair.name} has an empty value and ignore_empty_values is true, so it will leave the field as it is; set ignore_empty_values to false to blank it`,
    );
}

/** Resolves an object name against Floqer's list, case-insensitively, to its canonical name. */
export function resolveObject(
  wanted: string,
  objects: readonly SalesforceObject[],
  suggestions = new Suggestions(SHOWN_PROBLEMS),
): Validation<SalesforceObject> {
  const found = indexByName(objects).get(wanted.trim().toLowerCase());
  if (found) return { ok: true, value: found, warnings: [] };
  return {
    ok: false,
    problems: [
      `salesforce_object: '${wanted}' is not an object of the connected org; ${describeSuggestions(suggestions.closest(wanted, objects), TOOL.listObjects)}`,
    ],
  };
}

/** Resolves every field name to its canonical API name and checks that each can be written. */
export function resolveFields(
  objectName: string,
  pairs: readonly (FieldValuePair & { held?: boolean })[],
  fields: readonly SalesforceField[],
  suggestions = new Suggestions(SHOWN_PROBLEMS),
): Validation<LabelledFieldValue[]> {
  const index = indexByName(fields);
  const problems: string[] = [];
  const resolved: LabelledFieldValue[] = [];
  const writable = writableFields(fields);
  for (const pair of pairs) {
    const field = index.get(pair.name.toLowerCase());
    // A field the action already held is named as such: the agent did not give it, and removes it.
    const held = pair.held ? " (held by the action: drop it with remove_fields)" : "";
    if (!field) {
      problems.push(
        `field '${pair.name}'${held} does not exist on ${objectName}; ${describeSuggestions(suggestions.closest(pair.name, writable), TOOL.listFields)}`,
      );
    } else if (!isWritable(field)) {
      problems.push(
        `field ${field.name}${held} on ${objectName} cannot be written${field.type ? ` (${field.type})` : ""}; remove it or pick a writable field with ${TOOL.listFields}`,
      );
    } else {
      resolved.push({ name: field.name, label: field.label, value: pair.value });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: resolved, warnings: [] };
}

/** The reference tokens in what is to be sent, grouped by where they stand, for checking against the sheet. */
export function referencesIn(
  recordId: string,
  pairs: readonly { value: string; where: string }[],
): { where: string; tokens: ReferenceToken[] }[] {
  const found: { where: string; tokens: ReferenceToken[] }[] = [];
  const collect = (where: string, value: string) => {
    const scan = scanReferences(value);
    if (scan.ok && scan.tokens.length > 0) found.push({ where, tokens: scan.tokens });
  };
  collect("record_id", recordId);
  for (const pair of pairs) collect(pair.where, pair.value);
  return found;
}

/**
 * The flag to send: what the agent gave, else what the action holds, else the documented default
 * where the action is known to hold none. Undefined when the action could not be read: left out of
 * the PATCH, Floqer keeps what it holds.
 */
export function resolveFlag(
  flag: UpdateFlag,
  given: boolean | undefined,
  current: Record<string, unknown> | undefined,
): boolean | undefined {
  if (given !== undefined) return given;
  if (current === undefined) return undefined;
  const held = current[flag];
  return typeof held === "boolean" ? held : UPDATE_DEFAULTS[flag];
}

/** The pairs as Floqer compares them: the label is display only. */
function comparable(input: string, value: unknown): unknown {
  if (input !== "add_fields_and_their_values" || !Array.isArray(value)) return value;
  return value.map((pair) =>
    typeof pair === "object" && pair !== null ? { name: pair.name, value: pair.value } : pair,
  );
}

/** Whether two values of one input are the same to Floqer (absent and null alike: nothing held). */
export function sameInput(input: string, a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(comparable(input, a ?? null), comparable(input, b ?? null));
}

/** Each input the write sets to something other than what the action holds now. */
export function changesFrom(current: Record<string, unknown>, next: UpdateActionInputs): InputChange[] {
  const changes: InputChange[] = [];
  for (const [input, to] of Object.entries(next)) {
    if (to === undefined) continue;
    // The action's inputs come parsed from Floqer's JSON answer, so each is a JSON value.
    const from = Object.hasOwn(current, input) ? (current[input] as HeldValue) : null;
    if (!sameInput(input, from, to)) changes.push({ input, from, to });
  }
  return changes;
}
