import { z } from "zod";
import { addActionRoute, type SheetLocation } from "../floqer/endpoints.js";
import { UPDATE_ACTION_ID, updateActionsOf } from "../salesforce/updateAction.js";
import { addOutcome } from "../salesforce/writeOutcome.js";
import { TOOL } from "../toolNames.js";
import { requireConfirmation } from "./confirmation.js";
import { faultOf, mayHaveLanded, readSheetBack } from "./readBack.js";
import { actionInstanceId, confirmationTokenInput, sheetId, workflowId } from "./schemas.js";
import { defineTool, type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

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
  allow_another: z
    .boolean()
    .optional()
    .describe("true: add even though the sheet already has an update action (only if the user wants two)."),
  confirmation_token: confirmationTokenInput,
  dry_run: z
    .boolean()
    .optional()
    .describe("true: check and show the request without adding anything. Needs no token."),
};

/** The next `salesforce_update_record_N` after the sheet's update actions: Floqer numbers instances within a sheet. */
function predictedInstanceId(updateActions: readonly string[]): string {
  const numbers = updateActions.map((id) => Number(id.slice(UPDATE_ACTION_ID.length + 1)) || 0);
  return `${UPDATE_ACTION_ID}_${Math.max(0, ...numbers) + 1}`;
}

export const addSalesforceUpdateAction = defineTool({
  name: TOOL.addUpdateAction,
  title: "Add a Salesforce update action to a sheet",
  description: `Adds a "Salesforce: Update a Record" action to a sheet that has none (${TOOL.getWorkflow} shows; another is refused unless allow_another). Needs ${TOOL.confirmConnection}'s token; dry_run first. It usually goes after the salesforce_lookup_record that finds the record; then configure it with ${TOOL.configureUpdate}.`,
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
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Only if the sheet has no update action: ${TOOL.addUpdateAction} with the token, after the salesforce_lookup_record action, dry_run first.`,
    step: `${TOOL.addUpdateAction} only if the sheet has no update action yet`,
    manual: `\`after\` is the action instance to insert after (default: the end of the chain). For a dry run,
\`action_instance_id\` is the id the action would most likely get (ids are numbered within the
sheet). It needs the guard's token like configuring does and reads only the sheet it adds to
(fresh, for a real add). It checks \`after\` against the sheet's action graph, and refuses a sheet
that already has an update action, naming it, unless \`allow_another: true\` says the user wants a
second one; where the sheet's actions cannot be read at all, it refuses unless \`allow_another\` is
true. Add Action is sent once and never repeated: when its answer is lost (see
[Failure behaviour](#failure-behaviour)) the sheet is read back and the answer says what happened.`,
  },
  async run(args, context, call) {
    const dryRun = args.dry_run ?? false;
    const warnings = requireConfirmation(args.confirmation_token, dryRun, context, call);
    const sheetIdToUse = args.sheet_id ?? args.workflow_id;
    call.progress?.("Reading the workflow and the sheet's actions from Floqer.");
    const workflow = await context.client.getWorkflow(args.workflow_id, call.upstream);
    const sheet = workflow.sheets.find((candidate) => candidate.sheet_id === sheetIdToUse);
    if (!sheet) {
      const known = workflow.sheets.map((candidate) => candidate.sheet_id).join(", ");
      throw new ToolFailure(
        `Refused: workflow ${args.workflow_id} has no sheet ${sheetIdToUse} (its sheets: ${known}). Nothing was added.`,
      );
    }
    const target = { workflow_id: args.workflow_id, sheet_id: sheet.sheet_id };
    // Only this sheet is read; a real add reads it fresh, since what it finds there decides whether
    // a second update action is being added, and is what a lost answer is later compared with.
    const chain = await context.graphs.get(
      target,
      dryRun ? call.upstream : { ...call.upstream, refresh: true },
    );
    const allowAnother = args.allow_another ?? false;
    let before: string[] | undefined;
    if (chain.available) {
      const actions = chain.graph.actions;
      if (args.after && !actions.some((action) => action.action_instance_id === args.after)) {
        const ids = actions.map((action) => action.action_instance_id).join(", ") || "none";
        throw new ToolFailure(
          `Refused: sheet ${sheet.sheet_id} has no action ${args.after} (its actions: ${ids}). Nothing was added.`,
        );
      }
      before = updateActionsOf(chain.graph);
      if (before.length > 0) {
        if (!allowAnother) {
          throw new ToolFailure(
            `Refused: sheet ${sheet.sheet_id} already has ${before.join(", ")}. Configure that one with ${TOOL.configureUpdate} (action_instance_id ${before[0]}). Only if the user wants a second update action on this sheet, call again with allow_another true. Nothing was added.`,
          );
        }
        warnings.push(`This adds another update action beside ${before.join(", ")}, as allow_another asks.`);
      }
    } else if (!allowAnother) {
      throw new ToolFailure(
        `Refused: the sheet's actions could not be read, so whether it already has an update action is unknown (${chain.reason}). Ask the user to check the sheet in the Floqer app; if it has none, call again with allow_another true. Nothing was added.`,
      );
    } else {
      warnings.push(
        `The sheet's actions could not be read, so after and an existing update action were not checked: ${chain.reason}`,
      );
    }
    const body = {
      action_id: UPDATE_ACTION_ID,
      ...(args.after !== undefined && { after: args.after }),
      ...(args.name !== undefined && { name: args.name }),
    };
    const request = addActionRoute(target, body);
    const existing = before?.[0];
    // Beside an existing update action, the step forward is that action: a second one is the
    // user's exception, and its predicted id may be one another sheet uses.
    const next = (id: string | undefined) =>
      existing !== undefined
        ? `The sheet already has ${before?.join(", ")}: unless the user asked for a second update action, configure ${existing} with ${TOOL.configureUpdate} (workflow_id ${args.workflow_id}, sheet_id ${sheet.sheet_id}) instead${id ? `; the new one is ${id}` : ""}.`
        : `Next: ${TOOL.listObjects}, ${TOOL.listFields}, ${TOOL.listReferences} and ${TOOL.configureUpdate} with workflow_id ${args.workflow_id}, sheet_id ${sheet.sheet_id} and action_instance_id ${id ?? "(the new action's id)"}.`;
    if (dryRun) {
      const predicted = before === undefined ? undefined : predictedInstanceId(before);
      return {
        status: "dry_run" as const,
        action_instance_id: predicted,
        request,
        warnings,
        next_step: next(predicted),
      };
    }
    let added: string;
    call.progress?.("Adding the action in Floqer.");
    try {
      added = await context.client.addAction(request, target, call.upstream);
    } catch (error) {
      if (call.signal.aborted || !mayHaveLanded(error)) throw error;
      added = await readBackAdded(error, before, context, call, target);
      warnings.push(
        `Floqer's answer was lost (${faultOf(error)}), so the sheet was read back: it now has ${added}, which it did not have before, so the action was added.`,
      );
    } finally {
      // Whatever came of it, the sheet's chain may have changed: the next read asks Floqer.
      context.graphs.forget(target);
    }
    return { status: "added" as const, action_instance_id: added, request, warnings, next_step: next(added) };
  },
});

/**
 * Add Action's answer was lost. Returns the new action's id when the sheet, read back, has exactly
 * one update action it did not have before; otherwise throws what it shows, or that it is unknown.
 */
async function readBackAdded(
  error: unknown,
  before: readonly string[] | undefined,
  context: ToolContext,
  call: ToolCall,
  target: SheetLocation,
): Promise<string> {
  const lost = `Floqer's answer to the add request was lost (${faultOf(error)})`;
  const check = `Check the sheet's actions with ${TOOL.getWorkflow} (or in the Floqer app) before adding again, or a second action is added.`;
  const back = before === undefined ? undefined : await readSheetBack(context, target, call);
  if (back === undefined || !back.ok) {
    const why = back === undefined ? "the sheet's actions could not be read before the add" : back.why;
    throw new ToolFailure(
      `${lost}, and it cannot be read back (${why}): the action may have been added. ${check}`,
    );
  }
  const outcome = addOutcome(before ?? [], back.graph);
  if (outcome.kind === "added") return outcome.actionInstanceId;
  if (outcome.kind === "not_applied") {
    throw new ToolFailure(
      `${lost}. Read back just now, the sheet has no new update action: nothing was added. Calling again adds it.`,
    );
  }
  throw new ToolFailure(
    `${lost}. Read back just now, the sheet has ${outcome.actionInstanceIds.length} new update actions (${outcome.actionInstanceIds.join(", ")}): keep one and ask the user to delete the others in the Floqer app.`,
  );
}
