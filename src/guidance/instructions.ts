/**
 * What the server tells agents on its own: the initialize instructions, written from the tools the
 * server offers, with the names from their one home.
 */

import { TOOL } from "../toolNames.js";

export const NEIGHBOURS = `The record to update usually comes from a salesforce_lookup_record action earlier in the chain: a column of its records_found list such as {{salesforce_lookup_record_1.records_found.Id}} is the record_id (${TOOL.listReferences} shows the exact tokens). To create-or-update by an external ID, Floqer's salesforce_upsert_record action needs no lookup.`;

/** The initialize instructions for the tools actually offered: read-only mode falls out of the list. */
export function instructionsFor(offered: readonly { name: string }[]): string {
  const names = new Set(offered.map((tool) => tool.name));
  const writes = names.has(TOOL.configureUpdate);
  // Each step names its tool; a step whose tool is not offered is left out.
  const steps: [string, string][] = [
    [TOOL.listWorkflows, `${TOOL.listWorkflows} (find the workflow by name)`],
    [TOOL.getWorkflow, `${TOOL.getWorkflow} (its sheets and their salesforce_update_record_N action)`],
    [
      TOOL.confirmConnection,
      writes
        ? `${TOOL.confirmConnection} (the user must have connected Salesforce in Floqer; it returns the token every change needs)`
        : `${TOOL.confirmConnection} (asks the user whether Salesforce is connected)`,
    ],
    [TOOL.addUpdateAction, `${TOOL.addUpdateAction} only if the sheet has no update action yet`],
    [TOOL.listObjects, TOOL.listObjects],
    [TOOL.listFields, TOOL.listFields],
    [TOOL.listReferences, `${TOOL.listReferences} (the tokens the action can use)`],
    [TOOL.configureUpdate, `then ${TOOL.configureUpdate} with dry_run true, and again without`],
  ];
  const intro = writes
    ? `This server configures Floqer's "Salesforce: Update a Record" action (salesforce_update_record).`
    : "This server runs READ-ONLY: it can look up Floqer workflows and the connected Salesforce org's objects and fields, but it cannot add or configure actions.";
  return `${intro}
Order of work: ${steps
    .filter(([tool]) => names.has(tool))
    .map(([, step]) => step)
    .join(", ")}.
${NEIGHBOURS}`;
}
