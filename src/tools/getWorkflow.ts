import { z } from "zod";
import { UPDATE_ACTION_ID } from "../salesforce/updateAction.js";
import { sandboxMarker, workflowId } from "./schemas.js";
import { defineTool } from "./tool.js";

export const getWorkflow = defineTool({
  name: "get_workflow",
  title: "Show a workflow's sheets and actions",
  description: `Shows one Floqer workflow: its sheets (the main sheet first; its sheet_id is the workflow_id) and, where Floqer lists them, each sheet's actions in chain order. Use it to find the action_instance_id of a "Salesforce: Update a Record" action (salesforce_update_record_N) for the list and configure tools, or to see that a sheet has none yet and add one with add_salesforce_update_action. Get workflow_id from list_workflows.`,
  inputSchema: { workflow_id: workflowId },
  outputSchema: {
    workflow_id: z.string(),
    name: z.string(),
    sheets: z.array(
      z.object({
        sheet_id: z.string(),
        name: z.string(),
        is_main_sheet: z.boolean(),
        actions: z
          .array(z.object({ action_instance_id: z.string(), action_id: z.string() }))
          .optional()
          .describe("The sheet's action chain in order; absent when Floqer does not list it."),
        update_actions: z
          .array(z.string())
          .optional()
          .describe(`action_instance_ids of the ${UPDATE_ACTION_ID} actions in this sheet.`),
      }),
    ),
    sandbox: sandboxMarker,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, context, call) {
    const workflow = await context.client.getWorkflow(args.workflow_id, call.upstream);
    return {
      ...workflow,
      sheets: workflow.sheets.map((sheet) =>
        sheet.actions
          ? {
              ...sheet,
              update_actions: sheet.actions
                .filter((action) => action.action_id === UPDATE_ACTION_ID)
                .map((action) => action.action_instance_id),
            }
          : sheet,
      ),
    };
  },
});
