/** Facts about Floqer's `salesforce_lookup_record` action ("Salesforce: Lookup Record"), documented on its action page. */

import type { GraphAction } from "../sheet/graph.js";

export const LOOKUP_ACTION_ID = "salesforce_lookup_record";

/** Its one output: a list whose columns are the fields it queried, read one column at a time. */
export const LOOKUP_RESULTS = "records_found";

/** The column of a found record that holds the record's own ID. */
export const RECORD_ID_COLUMN = "Id";

export function isLookup(action: GraphAction): boolean {
  return action.action_id === LOOKUP_ACTION_ID;
}

/** The object a lookup searches, as it holds it; undefined where it holds none. */
export function lookupObject(action: GraphAction): string | undefined {
  const object = action.inputs.salesforce_object;
  return typeof object === "string" && object.trim() !== "" ? object : undefined;
}

/** The token for the ID of the record a lookup found. */
export function foundIdReference(actionInstanceId: string): string {
  return `{{${actionInstanceId}.${LOOKUP_RESULTS}.${RECORD_ID_COLUMN}}}`;
}
