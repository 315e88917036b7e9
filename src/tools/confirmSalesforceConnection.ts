import { z } from "zod";
import type { ActionLocation } from "../floqer/endpoints.js";
import { CONFIRM_STATUSES, confirmConnection } from "../guard/confirmFlow.js";
import { TOOL } from "../toolNames.js";
import { actionInstanceId, confirmationTokenInput, sheetId, workflowId } from "./schemas.js";
import { defineTool, type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

const inputSchema = {
  confirmation_token: confirmationTokenInput.describe("Reused if still good."),
  user_confirmed: z.boolean().optional().describe("The user's answer. Never guess it."),
  question_id: z.string().max(1024).optional().describe("From needs_user_confirmation."),
  workflow_id: workflowId.optional().describe("With action_instance_id: Floqer checks too."),
  sheet_id: sheetId,
  action_instance_id: actionInstanceId.optional(),
};

const outputSchema = {
  status: z.enum(CONFIRM_STATUSES).describe("Act on next_step."),
  confirmation_token: z.string().optional().describe("For writes."),
  question: z.string().optional().describe("Ask the user this."),
  question_id: z.string().optional().describe("Send back with the answer."),
  connection_checked: z.boolean().describe("true: Floqer was asked too."),
  next_step: z.string().describe("What to do now."),
  connect_url: z.string().optional().describe("Where the user connects Salesforce."),
};

type Answer = z.input<z.ZodObject<typeof outputSchema>>;

function locationOf(args: { workflow_id?: string; sheet_id?: string; action_instance_id?: string }) {
  const { workflow_id, sheet_id, action_instance_id } = args;
  if (workflow_id === undefined && action_instance_id === undefined) {
    if (sheet_id !== undefined)
      throw new ToolFailure("sheet_id needs workflow_id and action_instance_id too.");
    return undefined;
  }
  if (workflow_id === undefined || action_instance_id === undefined) {
    throw new ToolFailure(
      "Give both workflow_id and action_instance_id to check the connection with Floqer, or neither to only ask the user.",
    );
  }
  return { workflow_id, sheet_id, action_instance_id } satisfies ActionLocation;
}

export const confirmSalesforceConnection = defineTool({
  name: TOOL.confirmConnection,
  title: "Confirm the Salesforce connection",
  description: `Only the user can connect Salesforce to Floqer. Call before any change: asks the user (by form if your client can), returns the confirmation_token changes need.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Call ${TOOL.confirmConnection} with the workflow_id and action_instance_id. If it returns needs_user_confirmation, ask me its question word for word and call it again with its question_id and my answer. Stop if the status is declined or not_connected, and tell me what to do.`,
    step: `${TOOL.confirmConnection} (the user must have connected Salesforce in Floqer; it returns the token every change needs)`,
    readOnlyStep: `${TOOL.confirmConnection} (asks the user whether Salesforce is connected)`,
    manual: `The guard (see [How the guard works](#how-the-guard-works)). \`status\` is \`confirmed\` (with the
\`confirmation_token\` every change needs), \`declined\`, \`needs_user_confirmation\` (ask the user
\`question\` and call again with \`question_id\` and their answer) or \`not_connected\`;
\`connect_url\` is where the user connects Salesforce, when they have not. \`connection_checked\` is true when
Floqer was asked too (\`workflow_id\` and \`action_instance_id\` given). An agent that already holds a
token passes it as \`confirmation_token\`: while it is still good for this caller, the check with
Floqer still runs but the user is not asked again, and the same token comes back.`,
  },
  async run(args, context: ToolContext, call: ToolCall): Promise<Answer> {
    const answer = await confirmConnection(
      context.guard,
      { ...args, location: locationOf(args) },
      {
        user: call.user,
        session: call.sessionId,
        probe: async (location) => {
          call.progress?.("Checking the Salesforce connection with Floqer.");
          await context.catalog.objects(location, { ...call.upstream, refresh: true });
        },
      },
    );
    if ("refused" in answer) throw new ToolFailure(answer.refused);
    return answer;
  },
});
