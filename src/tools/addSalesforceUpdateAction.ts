import { z } from "zod";
import { sheetActionsPath } from "../floqer/endpoints.js";
import type { WorkflowOverview } from "../floqer/workflows.js";
import { UPDATE_ACTION_ID } from "../salesforce/updateAction.js";
import { requireConfirmation } from "./confirmation.js";
import { actionInstanceId, confirmationTokenInput, sandboxMarker, sheetId, workflowId } from "./schemas.js";
import { defineTool, ToolFailure } from "./tool.js";

const inputSchema = {
  workflow_id: workflowId,
  sheet_id: sheetId,
  after: actionInstanceId
    .optional()
    .describe(
      "Put the new action right after this action instance, e.g. salesforce_lookup_record_1 (from get_workflow). Omit to append at the end of the chain.",
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

/** The next `salesforce_update_record_N`, as Floqer numbers instances across the workflow. */
function predictedInstanceId(workflow: WorkflowOverview): string | undefined {
  const numbers = workflow.sheets.flatMap((sheet) =>
    (sheet.actions ?? [])
      .filter((action) => action.action_id === UPDATE_ACTION_ID)
      .map((action) => Number(action.action_instance_id.slice(UPDATE_ACTION_ID.length + 1)) || 0),
  );
  return workflow.sheets.some((sheet) => sheet.actions)
    ? `${UPDATE_ACTION_ID}_${Math.max(0, ...numbers) + 1}`
    : undefined;
}

export const addSalesforceUpdateAction = defineTool({
  name: "add_salesforce_update_action",
  title: "Add a Salesforce update action to a sheet",
  description: `Adds a "Salesforce: Update a Record" action to a sheet's chain, when get_workflow shows the sheet has none (do not add a second one by mistake: each call adds another). It changes the workflow, so it needs the confirmation_token from confirm_salesforce_connection; try it with dry_run true first. Usually it goes after the salesforce_lookup_record action that finds the record. Then call list_salesforce_objects, list_salesforce_fields and configure_salesforce_update with the new action_instance_id.`,
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
    const warnings = requireConfirmation(args.confirmation_token, dryRun, context);
    const sheetIdToUse = args.sheet_id ?? args.workflow_id;
    const workflow = await context.client.getWorkflow(args.workflow_id, call.upstream);
    const sheet = workflow.sheets.find((candidate) => candidate.sheet_id === sheetIdToUse);
    if (!sheet) {
      const known = workflow.sheets.map((candidate) => candidate.sheet_id).join(", ");
      throw new ToolFailure(
        `Refused: workflow ${args.workflow_id} has no sheet ${sheetIdToUse} (its sheets: ${known}). Nothing was added.`,
      );
    }
    if (
      args.after &&
      sheet.actions &&
      !sheet.actions.some((action) => action.action_instance_id === args.after)
    ) {
      const chain = sheet.actions.map((action) => action.action_instance_id).join(", ") || "none";
      throw new ToolFailure(
        `Refused: sheet ${sheet.sheet_id} has no action ${args.after} (its actions: ${chain}). Nothing was added.`,
      );
    }
    const existing = sheet.actions?.filter((action) => action.action_id === UPDATE_ACTION_ID) ?? [];
    if (existing.length > 0) {
      warnings.push(
        `This sheet already has ${existing.map((action) => action.action_instance_id).join(", ")}; configure that one instead unless you want a second update action.`,
      );
    }
    const body = {
      action_id: UPDATE_ACTION_ID,
      ...(args.after !== undefined && { after: args.after }),
      ...(args.name !== undefined && { name: args.name }),
    };
    const request = {
      method: "POST" as const,
      path: sheetActionsPath(args.workflow_id, sheet.sheet_id),
      body,
    };
    const next = (id: string | undefined) =>
      `Next: list_salesforce_objects, list_salesforce_fields and configure_salesforce_update with workflow_id ${args.workflow_id}, sheet_id ${sheet.sheet_id} and action_instance_id ${id ?? "(the new action's id)"}.`;
    if (dryRun) {
      const predicted = predictedInstanceId(workflow);
      return {
        status: "dry_run" as const,
        action_instance_id: predicted,
        request,
        warnings,
        next_step: next(predicted),
      };
    }
    const added = await context.client.addAction(args.workflow_id, sheet.sheet_id, body, call.upstream);
    return { status: "added" as const, action_instance_id: added, request, warnings, next_step: next(added) };
  },
});
