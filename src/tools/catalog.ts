/**
 * The catalog: every tool, in the order of work (the instructions and the README follow it), and
 * the read-only selection, which falls out of each tool's own annotations.
 */
import { addSalesforceUpdateAction } from "./addSalesforceUpdateAction.js";
import { configureSalesforceUpdate } from "./configureSalesforceUpdate.js";
import { confirmSalesforceConnection } from "./confirmSalesforceConnection.js";
import { getRowResult } from "./getRowResult.js";
import { getWorkflow } from "./getWorkflow.js";
import { listReferences } from "./listReferences.js";
import { listSalesforceFields } from "./listSalesforceFields.js";
import { listSalesforceObjects } from "./listSalesforceObjects.js";
import { listWorkflows } from "./listWorkflows.js";
import { testSalesforceUpdate } from "./testSalesforceUpdate.js";
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
  testSalesforceUpdate,
  getRowResult,
];

/**
 * The tools every configuration goes through, and the tokens their definitions may take in an
 * agent's context (tools/list as sent, counted with a GPT tokenizer): what an agent must know to
 * act safely has to fit here, so each word in them is paid for.
 */
export const CORE_TOOLS: readonly string[] = [
  confirmSalesforceConnection.name,
  listSalesforceObjects.name,
  listSalesforceFields.name,
  configureSalesforceUpdate.name,
];
export const CORE_TOKEN_BUDGET = 1_600;
/** The same for every tool the server offers. */
export const ALL_TOKEN_BUDGET = 4_000;

const READ_ONLY_TOOLS = TOOLS.filter((tool) => tool.annotations.readOnlyHint === true);

/** The tools to offer: in read-only mode, those whose own annotations say they change nothing. */
export function toolsFor(readOnly: boolean): readonly AnyToolDefinition[] {
  return readOnly ? READ_ONLY_TOOLS : TOOLS;
}
