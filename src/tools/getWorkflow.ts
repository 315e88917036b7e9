import { z } from "zod";
import { UPDATE_ACTION_ID } from "../salesforce/updateAction.js";
import { TOOL } from "../toolNames.js";
import { sandboxMarker, workflowId } from "./schemas.js";
import { defineTool } from "./tool.js";

export const getWorkflow = defineTool({
  name: TOOL.getWorkflow,
  title: "Show a workflow's sheets and actions",
  description: `Shows one Floqer workflow: its sheets (the main sheet first; its sheet_id is the workflow_id) and each sheet's actions in execution order. Use it to find the action_instance_id of a "Salesforce: Update a Record" action (in update_actions) for the other tools, or to see that a sheet has none yet and add one with ${TOOL.addUpdateAction}. Get workflow_id from ${TOOL.listWorkflows}.`,
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
          .array(
            z.object({ action_instance_id: z.string(), action_id: z.string(), display_name: z.string() }),
          )
          .optional()
          .describe("In execution order; absent when the sheet's chain could not be read."),
        update_actions: z
          .array(z.string())
          .optional()
          .describe(`action_instance_ids of the ${UPDATE_ACTION_ID} actions.`),
      }),
    ),
    warnings: z.array(z.string()),
    sandbox: sandboxMarker,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, context, call) {
    const { workflow, sheets } = await context.graphs.forWorkflow(args.workflow_id, call.upstream);
    const warnings: string[] = [];
    return {
      workflow_id: workflow.workflow_id,
      name: workflow.name,
      sheets: sheets.map(({ sheet, chain }) => {
        if (!chain.available) {
          warnings.push(`The actions of sheet ${sheet.sheet_id} could not be read: ${chain.reason}`);
          return sheet;
        }
        const actions = chain.graph.actions.map(({ action_instance_id, action_id, display_name }) => ({
          action_instance_id,
          action_id,
          display_name,
        }));
        return {
          ...sheet,
          actions,
          update_actions: actions
            .filter((action) => action.action_id === UPDATE_ACTION_ID)
            .map((action) => action.action_instance_id),
        };
      }),
      warnings: [...new Set(warnings)],
    };
  },
});
