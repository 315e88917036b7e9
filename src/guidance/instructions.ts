/**
 * What the server tells agents on its own: the initialize instructions. Tool names come from the
 * tool definitions, so a rename cannot leave the guidance behind.
 */
import { addSalesforceUpdateAction } from "../tools/addSalesforceUpdateAction.js";
import { configureSalesforceUpdate } from "../tools/configureSalesforceUpdate.js";
import { confirmSalesforceConnection } from "../tools/confirmSalesforceConnection.js";
import { getWorkflow } from "../tools/getWorkflow.js";
import { listReferences } from "../tools/listReferences.js";
import { listSalesforceFields } from "../tools/listSalesforceFields.js";
import { listSalesforceObjects } from "../tools/listSalesforceObjects.js";
import { listWorkflows } from "../tools/listWorkflows.js";

export const NEIGHBOURS =
  "The record to update usually comes from a salesforce_lookup_record action earlier in the chain: a column of its records_found list such as {{salesforce_lookup_record_1.records_found.Id}} is the record_id (list_references shows the exact tokens). To create-or-update by an external ID, Floqer's salesforce_upsert_record action needs no lookup.";

export function instructionsFor(readOnly: boolean): string {
  const find = `${listWorkflows.name} (find the workflow by name), ${getWorkflow.name} (its sheets and their salesforce_update_record_N action)`;
  const fields = `${listSalesforceObjects.name}, ${listSalesforceFields.name}`;
  if (readOnly) {
    return `This server runs READ-ONLY: it can look up Floqer workflows and the connected Salesforce org's objects and fields, but it cannot add or configure actions.
Order of work: ${find}, ${confirmSalesforceConnection.name} (asks the user whether Salesforce is connected), ${fields}, ${listReferences.name}.
${NEIGHBOURS}`;
  }
  return `This server configures Floqer's "Salesforce: Update a Record" action (salesforce_update_record).
Order of work: ${find}, ${confirmSalesforceConnection.name} (the user must have connected Salesforce in Floqer; it returns the token every change needs), ${addSalesforceUpdateAction.name} only if the sheet has no update action yet, ${fields}, ${listReferences.name} (the tokens the action can use), then ${configureSalesforceUpdate.name} with dry_run true, and again without.
${NEIGHBOURS}`;
}
