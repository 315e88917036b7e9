import { z } from "zod";
import type { ActionGraph } from "../floqer/actionGraph.js";
import { addActionRoute } from "../floqer/endpoints.js";
import { UPDATE_ACTION_ID } from "../salesforce/updateAction.js";
import { TOOL } from "../toolNames.js";
import { requireConfirmation } from "./confirmation.js";
import { actionInstanceId, confirmationTokenInput, sandboxMarker, sheetId, workflowId } from "./schemas.js";
import { defineTool, ToolFailure } from "./tool.js";

const inputSchema = {
  workflow_id: workflowId,
  sheet_id: sheetId,
  after: actionInstanceId
    .optional()
    .describe(
      `Put the new action right after this action instance, e.g. salesforce_lookup_record_1 (from ${TOOL.getWorkflow}). Omit to append at the end of the chain.`,
    ),
  name: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("A display name for the new action in the Floqer app."),
  confirmation_token: confirmationTokenInput,
  dry_run: z
    .boolean()
    .optional()
    .describe("true: check and show the request without adding anything. Needs no token."),
};

/** The next `salesforce_update_record_N`: Floqer numbers instances within a sheet. */
function predictedInstanceId(chain: ActionGraph): string {
  const numbers = chain.actions
    .filter((action) => action.action_id === UPDATE_ACTION_ID)
    .map((action) => Number(action.action_instance_id.slice(UPDATE_ACTION_ID.length + 1)) || 0);
  return `${UPDATE_ACTION_ID}_${Math.max(0, ...numbers) + 1}`;
}

export const addSalesforceUpdateAction = defineTool({
  name: TOOL.addUpdateAction,
  title: "Add a Salesforce update action to a sheet",
  description: `Adds a "Salesforce: Update a Record" action to a sheet's chain, when ${TOOL.getWorkflow} shows the sheet has none (do not add a second one by mistake: each call adds another). It changes the workflow, so it needs the confirmation_token from ${TOOL.confirmConnection}; try it with dry_run true first. Usually it goes after the salesforce_lookup_record action that finds the record. Then call ${TOOL.listObjects}, ${TOOL.listFields}, ${TOOL.listReferences} and ${TOOL.configureUpdate} with the new action_instance_id.`,
  inputSchema,
  outputSchema: {
    status: z.enum(["added", "dry_run"]),
    action_instance_id: z
      .string()
      .optional()
      .describe("The new action's id (for a dry run, the id it would most likely get)."),
    request: z.object({
      method: z.literal("POST"),
      path: z.string(),
      body: z.object({ action_id: z.string(), after: z.string().optional(), name: z.string().optional() }),
    }),
    warnings: z.array(z.string()),
    next_step: z.string(),
    sandbox: sandboxMarker,
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, context, call) {
    const dryRun = args.dry_run ?? false;
    const warnings = requireConfirmation(args.confirmation_token, dryRun, context, call);
    const sheetIdToUse = args.sheet_id ?? args.workflow_id;
    const { workflow, sheets } = await context.graphs.forWorkflow(args.workflow_id, call.upstream);
    const found = sheets.find((candidate) => candidate.sheet.sheet_id === sheetIdToUse);
    if (!found) {
      const known = workflow.sheets.map((candidate) => candidate.sheet_id).join(", ");
      throw new ToolFailure(
        `Refused: workflow ${args.workflow_id} has no sheet ${sheetIdToUse} (its sheets: ${known}). Nothing was added.`,
      );
    }
    const { sheet, chain } = found;
    if (chain.available) {
      const actions = chain.graph.actions;
      if (args.after && !actions.some((action) => action.action_instance_id === args.after)) {
        const ids = actions.map((action) => action.action_instance_id).join(", ") || "none";
        throw new ToolFailure(
          `Refused: sheet ${sheet.sheet_id} has no action ${args.after} (its actions: ${ids}). Nothing was added.`,
        );
      }
      const existing = actions.filter((action) => action.action_id === UPDATE_ACTION_ID);
      if (existing.length > 0) {
        warnings.push(
          `This sheet already has ${existing.map((action) => action.action_instance_id).join(", ")}; configure that one instead unless you want a second update action.`,
        );
      }
    } else {
      warnings.push(
        `The sheet's chain could not be read, so after and an existing update action were not checked: ${chain.reason}`,
      );
    }
    const body = {
      action_id: UPDATE_ACTION_ID,
      ...(args.after !== undefined && { after: args.after }),
      ...(args.name !== undefined && { name: args.name }),
    };
    const target = { workflow_id: args.workflow_id, sheet_id: sheet.sheet_id };
    const request = addActionRoute(target, body);
    const next = (id: string | undefined) =>
      `Next: ${TOOL.listObjects}, ${TOOL.listFields}, ${TOOL.listReferences} and ${TOOL.configureUpdate} with workflow_id ${args.workflow_id}, sheet_id ${sheet.sheet_id} and action_instance_id ${id ?? "(the new action's id)"}.`;
    if (dryRun) {
      const predicted = chain.available ? predictedInstanceId(chain.graph) : undefined;
      return {
        status: "dry_run" as const,
        action_instance_id: predicted,
        request,
        warnings,
        next_step: next(predicted),
      };
    }
    let added: string;
    try {
      added = await context.client.addAction(request, target, call.upstream);
    } finally {
      // Even a failed Add Action may have landed: the next read asks Floqer for the chain.
      context.graphs.forget(target);
    }
    return { status: "added" as const, action_instance_id: added, request, warnings, next_step: next(added) };
  },
});
