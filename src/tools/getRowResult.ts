import { z } from "zod";
import { sheetOf } from "../floqer/endpoints.js";
import { updateActionsOf } from "../salesforce/updateAction.js";
import { TOOL } from "../toolNames.js";
import { chainOf, readRow, resultOf } from "./rowResults.js";
import { actionInstanceId, sheetId, workflowId } from "./schemas.js";
import { defineTool, ToolFailure } from "./tool.js";

/** How a row is shown, by this tool and by the test run: each cell, and the update's outcome. */
export const rowResultShape = {
  row_id: z.string().optional(),
  cells: z
    .array(z.object({ action_instance_id: z.string(), action_id: z.string(), status: z.string() }))
    .optional(),
  update: z
    .object({
      action_instance_id: z.string(),
      status: z.string(),
      outputs: z.record(z.string(), z.unknown()).optional(),
      error: z.string().optional(),
      stopped_at: z.string().optional(),
      reading: z.string(),
    })
    .optional(),
};

export const getRowResult = defineTool({
  name: TOOL.getRowResult,
  title: "Show what a row's run did",
  description: `Shows one row of a sheet: each cell's status in order, and the update's outputs (record_id, account_url) or Floqer's error. Read-only; for a row_id from ${TOOL.testUpdate}.`,
  inputSchema: {
    workflow_id: workflowId,
    sheet_id: sheetId,
    row_id: z.string().min(1).max(128).describe(`From ${TOOL.testUpdate}.`),
    action_instance_id: actionInstanceId.optional().describe("Default: the sheet's update action."),
  },
  outputSchema: { ...rowResultShape, warnings: z.array(z.string()) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: () =>
      `If the test run is still running, call ${TOOL.getRowResult} with its row_id a little later.`,
    step: `${TOOL.getRowResult} (what a row's run did)`,
    manual: `Reads the one row by its id (List Rows with \`row_ids\`, never a page of rows) and the sheet's chain
for the order of its cells. \`update\` is the chosen action's cell (by default the sheet's first update
action): its \`status\` (\`queued\`, \`running\`, \`complete\`, \`failed\`, \`error\`, \`condition_not_met\`), its
\`outputs\` (Floqer's, cleaned; fetched when Floqer stores them apart, from the API's own address only),
its \`error\` quoted as Floqer gave it, and \`reading\`, what the status means. A row whose chain stopped
at a condition stays \`running\` as a row: the cell is what to read.`,
  },
  async run(args, context, call) {
    const sheet = { workflow_id: args.workflow_id, sheet_id: sheetOf(args) };
    const graph = await chainOf(context, sheet, call);
    const action = args.action_instance_id ?? updateActionsOf(graph)[0];
    if (!action || !graph.actions.some((candidate) => candidate.action_instance_id === action)) {
      throw new ToolFailure(
        `Sheet ${sheet.sheet_id} has no action ${action ?? "salesforce_update_record_N"} (its actions: ${graph.actions.map((candidate) => candidate.action_instance_id).join(", ") || "none"}).`,
      );
    }
    const row = await readRow(context, sheet, args.row_id, call);
    if (!row) {
      throw new ToolFailure(
        `Sheet ${sheet.sheet_id} has no row ${args.row_id}. Take the row_id from ${TOOL.testUpdate}'s answer.`,
      );
    }
    const { result, warnings } = await resultOf(context, row, graph, action, call);
    return { row_id: result.row_id, cells: result.cells, update: result.update, warnings };
  },
});
