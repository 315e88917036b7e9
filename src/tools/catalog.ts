/**
 * The catalog: every tool, in the order of work (the instructions and the README follow it), and
 * the read-only selection, which falls out of each tool's own annotations.
 */
import { addSalesforceUpdateAction } from "./addSalesforceUpdateAction.js";
import { configureSalesforceUpdate } from "./configureSalesforceUpdate.js";
import { confirmSalesforceConnection } from "./confirmSalesforceConnection.js";
import { getWorkflow } from "./getWorkflow.js";
import { listReferences } from "./listReferences.js";
import { listSalesforceFields } from "./listSalesforceFields.js";
import { listSalesforceObjects } from "./listSalesforceObjects.js";
import { listWorkflows } from "./listWorkflows.js";
import type { AnyToolDefinition } from "./tool.js";

export const TOOLS: readonly AnyToolDefinition[] = [
  listWorkflows,
  getWorkflow,
  confirmSalesforceConnection,
  addSalesforceUpdateAction,
  listSalesforceObjects,
  listSalesforceFields,
  listReferences,
  configureSalesforceUpdate,
];

const READ_ONLY_TOOLS = TOOLS.filter((tool) => tool.annotations.readOnlyHint === true);

/** The tools to offer: in read-only mode, those whose own annotations say they change nothing. */
export function toolsFor(readOnly: boolean): readonly AnyToolDefinition[] {
  return readOnly ? READ_ONLY_TOOLS : TOOLS;
}
