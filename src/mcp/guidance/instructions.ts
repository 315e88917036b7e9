/**
 * What the server tells agents on its own: the initialize instructions, written from the tools the
 * server offers, with the names from their one home.
 */

import { TOOL } from "../../toolNames.js";
import { DRY_RUN_LIMITS } from "../../tools/configureSalesforceUpdate.js";
import type { AnyToolDefinition } from "../../tools/tool.js";

export const NEIGHBOURS = `The record to update usually comes from a salesforce_lookup_record action earlier in the chain: its records_found Id column, such as {{salesforce_lookup_record_1.records_found.Id}}, is the record_id (${TOOL.listReferences} shows the exact tokens). This server cannot add a lookup: where a sheet has none, the user adds one in the Floqer app. To create-or-update by an external ID, Floqer's salesforce_upsert_record action needs no lookup.`;

/** What an agent must know before it writes, said where every client reads it. */
const WRITE_FACTS = `${TOOL.getWorkflow} shows what each update action holds now, read-only. ${TOOL.configureUpdate} merges the fields given into the action's list (remove_fields drops fields, replace_fields true replaces the list) and keeps every input left out. ${DRY_RUN_LIMITS}`;

/**
 * The initialize instructions for the tools actually offered: each tool's own step, in the
 * catalog's order (the order of work); read-only mode falls out of the list.
 */
export function instructionsFor(offered: readonly AnyToolDefinition[]): string {
  const writes = offered.some((tool) => !tool.annotations.readOnlyHint);
  const steps = offered.map(({ guide }) => (writes ? guide.step : (guide.readOnlyStep ?? guide.step)));
  const intro = writes
    ? `This server configures Floqer's "Salesforce: Update a Record" action (salesforce_update_record).`
    : "This server runs READ-ONLY: it can look up Floqer workflows and the connected Salesforce org's objects and fields, but it cannot add or configure actions.";
  return `${intro}
Order of work: ${steps.join(", ")}.
${writes ? `${WRITE_FACTS}\n` : ""}${NEIGHBOURS}`;
}
