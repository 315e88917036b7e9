/**
 * Whether the token in `record_id` is likely to hold a Salesforce record ID on every row. The
 * reference rules only say a token exists and runs before; this says what it holds: the found
 * record's Id column of a lookup, an output named as an ID (a create's `record_id`), or an input
 * column whose name says so. Anything else (a domain, an e-mail, the lookup's Email column) would
 * send a value Salesforce rejects as an ID on every row, so it gets a warning that says what to use
 * instead, or what the user must add in the Floqer app. Pure: the caller reads the graph.
 */

import type { ActionGraph, RunCondition } from "../sheet/graph.js";
import { soleReference } from "../sheet/references.js";
import { conditionVariables } from "../sheet/runCondition.js";
import { TOOL } from "../toolNames.js";
import {
  foundIdReference,
  isLookup,
  LOOKUP_ACTION_ID,
  LOOKUP_RESULTS,
  lookupObject,
  RECORD_ID_COLUMN,
} from "./lookupAction.js";

/** Names that say they hold a record ID: id, record_id, contact_id, sfdc_id (any case), ContactId. */
const SNAKE_ID = /(^|_)id$/i;
/** Case matters here: "ContactId" names an ID, "valid" does not. */
const CAMEL_ID = /[a-z0-9]Id$/;

export function namesAnId(name: string): boolean {
  return SNAKE_ID.test(name) || CAMEL_ID.test(name);
}

/** What the user adds in the Floqer app when no lookup finds the record: this server cannot add one. */
export function noLookupAdvice(objectName: string | undefined): string {
  const searching = objectName ? ` that searches ${objectName}` : "";
  return `The sheet has no ${LOOKUP_ACTION_ID} action before the update, and this server cannot add one: the user adds a "Salesforce: Lookup Record" action${searching} before it in the Floqer app, then record_id is ${foundIdReference(`${LOOKUP_ACTION_ID}_N`)} (${TOOL.listReferences} shows the exact token).`;
}

/**
 * Warnings about what `record_id` holds, for the update at `index` in the graph. None for a
 * literal ID (its form is checked elsewhere) or for a token the reference rules refuse.
 */
export function recordIdWarnings(
  recordId: string,
  graph: ActionGraph,
  index: number,
  objectName: string | undefined,
): string[] {
  const token = soleReference(recordId.trim());
  if (!token) return [];
  const before = graph.actions.slice(0, Math.max(0, index));
  const lookups = before.filter(isLookup);
  const useInstead =
    lookups.length > 0
      ? ` Use the ID a lookup found: ${lookups.map((lookup) => foundIdReference(lookup.action_instance_id)).join(" or ")}.`
      : ` ${noLookupAdvice(objectName)}`;
  const notAnId = (what: string) =>
    `record_id ${token.raw} is ${what}, whose name does not say it holds a Salesforce record ID: every row whose value is not one fails in Salesforce.${useInstead}`;

  if (token.source === "input") {
    const [column = ""] = token.path;
    return namesAnId(column) ? [] : [notAnId(`the input column ${column}`)];
  }
  const source = before.find((action) => action.action_instance_id === token.source);
  if (!source) return [];
  const [output = "", column] = token.path;
  if (!isLookup(source)) {
    const last = column ?? output;
    return namesAnId(last) ? [] : [notAnId(`${source.action_instance_id}'s ${token.path.join(".")}`)];
  }
  const idToken = foundIdReference(source.action_instance_id);
  const hasIdColumn = source.outputs.some(
    (listed) =>
      listed.name === LOOKUP_RESULTS &&
      listed.columns.some((candidate) => candidate.name.toLowerCase() === RECORD_ID_COLUMN.toLowerCase()),
  );
  const addId = hasIdColumn
    ? ""
    : ` ${source.action_instance_id}'s ${LOOKUP_RESULTS} has no ${RECORD_ID_COLUMN} column yet: the user adds ${RECORD_ID_COLUMN} to the lookup's fields in the Floqer app.`;
  const warnings: string[] = [];
  if (column === undefined || column.toLowerCase() !== RECORD_ID_COLUMN.toLowerCase()) {
    const what = column === undefined ? `the whole ${output} list` : `the ${column} column`;
    warnings.push(
      `record_id ${token.raw} is ${what} of what ${source.action_instance_id} found, not the found record's ID: use ${idToken}.${addId}`,
    );
  }
  const searched = lookupObject(source);
  if (searched && objectName && searched.toLowerCase() !== objectName.toLowerCase()) {
    warnings.push(
      `record_id comes from ${source.action_instance_id}, which searches ${searched}, but salesforce_object is ${objectName}: the ID of a ${searched} record does not update a ${objectName}. Pick the object the lookup searches, or ask the user to change the lookup in the Floqer app.`,
    );
  }
  return warnings;
}

/**
 * A record_id read from an earlier action's output is empty on the rows where that action found or
 * made nothing, and the update then fails on each of them. A condition on that output skips those
 * rows instead: warn where none reads it, and show the one that would.
 */
export function unguardedRecordIdWarning(
  recordId: string,
  condition: RunCondition | undefined,
): string | undefined {
  const token = soleReference(recordId.trim());
  if (!token || token.source === "input") return undefined;
  const guarded = conditionVariables(condition).some((variable) => {
    const read = soleReference(variable);
    return read?.source === token.source;
  });
  if (guarded) return undefined;
  const suggestion = JSON.stringify([[{ variable: token.raw, operator: "not empty" }]]);
  return `record_id comes from ${token.source}, and no run condition guards it: on rows where ${token.raw} is empty the update fails. To skip those rows instead, give run_if ${suggestion}.`;
}
