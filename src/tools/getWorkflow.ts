import { z } from "zod";
import { cleanUpstreamValue } from "../floqer/envelope.js";
import { MAX_SHEETS_READ_PER_CALL, SHEET_READS_AT_ONCE } from "../limits.js";
import { isLookup, LOOKUP_ACTION_ID } from "../salesforce/lookupAction.js";
import { noLookupAdvice, recordIdWarnings, unguardedRecordIdWarning } from "../salesforce/recordIdSource.js";
import { UPDATE_ACTION_ID, updateActionsOf } from "../salesforce/updateAction.js";
import type { ActionGraph } from "../sheet/graph.js";
import { shownRunSettings } from "../sheet/runCondition.js";
import { TOOL } from "../toolNames.js";
import { sheetId, workflowId } from "./schemas.js";
import { defineTool, ToolFailure } from "./tool.js";

/** The actions whose settings the chain shows: the update, and the lookup that finds its record. */
const SHOWN_SETTINGS = new Set([UPDATE_ACTION_ID, LOOKUP_ACTION_ID]);

/** For each update action of the sheet, what is wrong with where its record_id comes from. */
function recordSourceNotes(sheetId: string, graph: ActionGraph): string[] {
  return graph.actions.flatMap((action, index) => {
    if (action.action_id !== UPDATE_ACTION_ID) return [];
    const { record_id: recordId, salesforce_object: object } = action.inputs;
    const objectName = typeof object === "string" ? object : undefined;
    const where = `${action.action_instance_id} on sheet ${sheetId}: `;
    if (typeof recordId === "string" && recordId.trim() !== "") {
      // A condition this server cannot read may guard it: only a condition read says it does not.
      const condition = action.run === "unreadable" ? undefined : action.run?.run_if;
      const unguarded =
        action.run === "unreadable" ? undefined : unguardedRecordIdWarning(recordId, condition);
      return [...recordIdWarnings(recordId, graph, index, objectName), ...(unguarded ? [unguarded] : [])].map(
        (note) => where + note,
      );
    }
    const lookupBefore = graph.actions.slice(0, index).some(isLookup);
    return lookupBefore ? [] : [where + noLookupAdvice(objectName)];
  });
}

export const getWorkflow = defineTool({
  name: TOOL.getWorkflow,
  title: "Show a workflow's sheets and actions",
  description: `Shows a Floqer workflow: its sheets (main first; its sheet_id is the workflow_id), each sheet's actions in order, and what each Salesforce update and lookup action holds now. Use it for the update's action_instance_id (update_actions) and settings, or to see a sheet has none (then ${TOOL.addUpdateAction}). workflow_id from ${TOOL.listWorkflows}.`,
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
            z.object({
              action_instance_id: z.string(),
              action_id: z.string(),
              display_name: z.string(),
              settings: z
                .record(z.string(), z.unknown())
                .optional()
                .describe(
                  "What a Salesforce update or lookup action holds now; other actions' are not shown.",
                ),
            }),
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
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: ({ actionInstanceId, offered }) =>
      `Call ${TOOL.getWorkflow} to see its sheets and actions. ${actionInstanceId ? `Check that ${actionInstanceId} is listed among the sheet's update_actions.` : `Pick the sheet's salesforce_update_record_N action from update_actions.${offered.has(TOOL.addUpdateAction) ? ` If there is none, add one with ${TOOL.addUpdateAction} (below).` : ""}`}`,
    step: `${TOOL.getWorkflow} (its sheets and their salesforce_update_record_N action)`,
    manual: `The main sheet comes first, each sheet with its actions in execution order (\`action_instance_id\`,
\`action_id\`, \`display_name\`) and the ids of its \`salesforce_update_record_N\` actions, read from
each sheet's action graph. This is the read-only way to see what an update action holds: its
\`settings\` are its inputs as Floqer holds them (record, object, field list, flags) with when it runs
(\`run_if\` in nested groups, whichever shape Floqer returned it in, and the two continue flags), and a lookup's
are what it searches (\`salesforce_object\`, the fields and values it filters on in
\`add_fields_and_their_values\`, \`search_operator\`, \`exact_match\`). Other actions' settings are not
shown: they may hold what is not this server's to show. \`warnings\` says where an update's
\`record_id\` does not look like a record ID, or comes from an earlier action with no run condition
to skip the rows where it is empty, and where a sheet has no lookup to find the record:
this server cannot add a lookup, the user adds one in the Floqer app. Each sheet's graph is one request to Floqer, so one call reads at most
${MAX_SHEETS_READ_PER_CALL} sheets, ${SHEET_READS_AT_ONCE} at a time: in a wider workflow every sheet is listed, the
first ${MAX_SHEETS_READ_PER_CALL} with their actions, and \`warnings\` says to ask for another with \`sheet_id\`. When a
sheet's graph cannot be read, its \`actions\` are absent and \`warnings\` says why.`,
  },
  async run(args, context, call) {
    call.progress?.("Reading the workflow and its sheets' actions from Floqer.");
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
      sheets: sheets.map(({ sheet: { sheet_id, name, is_main_sheet }, chain }) => {
        const sheet = { sheet_id, name, is_main_sheet };
        if (chain === undefined) return sheet;
        if (!chain.available) {
          warnings.push(`The actions of sheet ${sheet.sheet_id} could not be read: ${chain.reason}`);
          return sheet;
        }
        const actions = chain.graph.actions.map(
          ({ action_instance_id, action_id, display_name, inputs, run }) => ({
            action_instance_id,
            action_id,
            display_name,
            // Only the Salesforce actions' settings: others may hold what is not this server's to show.
            ...(SHOWN_SETTINGS.has(action_id) && {
              settings: cleanUpstreamValue({ ...inputs, ...shownRunSettings(run) }) as Record<
                string,
                unknown
              >,
            }),
          }),
        );
        warnings.push(...recordSourceNotes(sheet.sheet_id, chain.graph));
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
