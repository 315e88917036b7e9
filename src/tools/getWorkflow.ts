import { z } from "zod";
import { MAX_SHEETS_READ_PER_CALL, SHEET_READS_AT_ONCE } from "../limits.js";
import { UPDATE_ACTION_ID, updateActionsOf } from "../salesforce/updateAction.js";
import { TOOL } from "../toolNames.js";
import { sandboxMarker, sheetId, workflowId } from "./schemas.js";
import { defineTool, ToolFailure } from "./tool.js";

export const getWorkflow = defineTool({
  name: TOOL.getWorkflow,
  title: "Show a workflow's sheets and actions",
  description: `Shows one Floqer workflow: its sheets (the main sheet first; its sheet_id is the workflow_id) and each sheet's actions in execution order. Use it to find the action_instance_id of a "Salesforce: Update a Record" action (in update_actions) for the other tools, or to see that a sheet has none yet and add one with ${TOOL.addUpdateAction}. Get workflow_id from ${TOOL.listWorkflows}.`,
  inputSchema: {
    workflow_id: workflowId,
    sheet_id: sheetId.describe(
      `Show only this sheet's actions. Actions are read for at most ${MAX_SHEETS_READ_PER_CALL} sheets per call.`,
    ),
  },
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
          .describe("In execution order; absent when the sheet's chain was not read or could not be."),
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
  guide: {
    promptStep: ({ actionInstanceId, offered }) =>
      `Call ${TOOL.getWorkflow} to see its sheets and actions. ${actionInstanceId ? `Check that ${actionInstanceId} is listed among the sheet's update_actions.` : `Pick the sheet's salesforce_update_record_N action from update_actions.${offered.has(TOOL.addUpdateAction) ? ` If there is none, add one with ${TOOL.addUpdateAction} (below).` : ""}`}`,
    step: `${TOOL.getWorkflow} (its sheets and their salesforce_update_record_N action)`,
    manual: `The main sheet comes first, each sheet with its actions in execution order (\`action_instance_id\`,
\`action_id\`, \`display_name\`) and the ids of its \`salesforce_update_record_N\` actions, read from
each sheet's action graph. Each sheet's graph is one request to Floqer, so one call reads at most
${MAX_SHEETS_READ_PER_CALL} sheets, ${SHEET_READS_AT_ONCE} at a time: in a wider workflow every sheet is listed, the
first ${MAX_SHEETS_READ_PER_CALL} with their actions, and \`warnings\` says to ask for another with \`sheet_id\`. When a
sheet's graph cannot be read, its \`actions\` are absent and \`warnings\` says why.`,
  },
  async run(args, context, call) {
    const { workflow, sheets } = await context.graphs.forWorkflow(
      args.workflow_id,
      call.upstream,
      args.sheet_id,
    );
    if (args.sheet_id !== undefined && !sheets.some(({ sheet }) => sheet.sheet_id === args.sheet_id)) {
      const known = sheets.map(({ sheet }) => sheet.sheet_id).join(", ");
      throw new ToolFailure(
        `Workflow ${args.workflow_id} has no sheet ${args.sheet_id} (its sheets: ${known}).`,
      );
    }
    const warnings: string[] = [];
    const unread = sheets.filter(({ chain }) => chain === undefined).length;
    if (unread > 0 && args.sheet_id === undefined) {
      warnings.push(
        `Actions are shown for the first ${sheets.length - unread} of ${sheets.length} sheets (each is one request to Floqer); call again with sheet_id for another sheet.`,
      );
    }
    return {
      workflow_id: workflow.workflow_id,
      name: workflow.name,
      sheets: sheets.map(({ sheet, chain }) => {
        if (chain === undefined) return sheet;
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
          update_actions: updateActionsOf(chain.graph),
        };
      }),
      warnings: [...new Set(warnings)],
    };
  },
});
