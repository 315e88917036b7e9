import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type ActionLocation, FLOQER_CONNECTIONS_URL } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import { CONNECT_STEPS, CONNECTION_QUESTION } from "../guard/wording.js";
import { actionInstanceId, sandboxMarker, sheetId, workflowId } from "./schemas.js";
import { defineTool, type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

const STATUSES = ["confirmed", "declined", "needs_user_confirmation", "not_connected"] as const;
type Status = (typeof STATUSES)[number];

const inputSchema = {
  user_confirmed: z.boolean().optional().describe("The user's answer. Never guess it."),
  workflow_id: workflowId.optional(),
  sheet_id: sheetId,
  action_instance_id: actionInstanceId.optional(),
};

const outputSchema = {
  status: z.enum(STATUSES).describe("Only confirmed has a token."),
  confirmation_token: z.string().optional(),
  expires_at: z.string().optional(),
  question: z.string().optional().describe("Ask the user this."),
  connection_checked: z.boolean(),
  next_step: z.string(),
  connect_url: z.string().optional().describe("For the user, to connect Salesforce."),
  sandbox: sandboxMarker,
};

type Answer = z.input<z.ZodObject<typeof outputSchema>>;

const NOT_CHECKED = "The connection itself is verified by the first list_salesforce_objects call.";

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

/** What the user said, asked through the client when it can show a form; undefined when it cannot. */
async function askThroughClient(call: ToolCall): Promise<boolean | undefined> {
  if (!call.session.getClientCapabilities()?.elicitation?.form) return undefined;
  try {
    const result = await call.session.elicitInput(
      {
        mode: "form",
        message: CONNECTION_QUESTION,
        requestedSchema: {
          type: "object",
          properties: {
            connected: {
              type: "boolean",
              title: "Salesforce is connected to Floqer",
              description: "Yes only if you completed the Salesforce sign-in in Floqer's Connections page.",
            },
          },
          required: ["connected"],
        },
      },
      { relatedRequestId: call.requestId, signal: call.signal },
    );
    return result.action === "accept" && result.content?.connected === true;
  } catch (error) {
    if (call.signal.aborted) throw error;
    // The client declared forms but could not show one: fall back to asking through the agent.
    return undefined;
  }
}

/**
 * Offers to open Floqer's Connections page when the client can open URLs for the user (URL-mode
 * elicitation); the link is in the answer either way. True when the user went to the page.
 */
async function offerConnectionsPage(call: ToolCall): Promise<boolean> {
  if (!call.session.getClientCapabilities()?.elicitation?.url) return false;
  try {
    const result = await call.session.elicitInput(
      {
        mode: "url",
        message:
          "Salesforce is not connected to Floqer for this account. Open Floqer's Connections page to connect it?",
        url: FLOQER_CONNECTIONS_URL,
        elicitationId: randomUUID(),
      },
      { relatedRequestId: call.requestId, signal: call.signal },
    );
    return result.action === "accept";
  } catch {
    return false;
  }
}

function notConnectedStep(opened: boolean, reason: string): string {
  const page = opened
    ? "The user was offered Floqer's Connections page."
    : `Give the user this link to connect it: ${FLOQER_CONNECTIONS_URL}.`;
  return `${reason} ${page} When they have connected Salesforce, call confirm_salesforce_connection again.`;
}

export const confirmSalesforceConnection = defineTool({
  name: "confirm_salesforce_connection",
  title: "Confirm the Salesforce connection",
  description: `Only the user can connect Salesforce to Floqer. Call this before any change: it asks the user (by form if your client can) and returns the confirmation_token changes need. On needs_user_confirmation, ask the question and call again with user_confirmed. Give workflow_id and action_instance_id to also check with Floqer.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, context: ToolContext, call: ToolCall): Promise<Answer> {
    const apiKey = context.client.requireApiKey();
    const location = locationOf(args);
    const checked = location !== undefined;
    if (location) {
      try {
        await context.catalog.objects(location, { ...call.upstream, refresh: true });
      } catch (error) {
        if (error instanceof FloqerError && error.meansNotConnected) {
          const reason = `Floqer cannot use a Salesforce connection with this key: ${error.message}`;
          // A refused key is fixed in this server's settings, not on the Connections page.
          if (error.code === "unauthorized")
            return { status: "not_connected", connection_checked: true, next_step: reason };
          const opened = await offerConnectionsPage(call);
          return {
            status: "not_connected",
            connection_checked: true,
            next_step: notConnectedStep(opened, reason),
            connect_url: FLOQER_CONNECTIONS_URL,
          };
        }
        throw error;
      }
    }
    const fromClient = await askThroughClient(call);
    const answer = fromClient ?? args.user_confirmed;
    const respond = (status: Status, next_step: string): Answer => ({
      status,
      connection_checked: checked,
      next_step,
    });
    if (answer === undefined) {
      return {
        ...respond(
          "needs_user_confirmation",
          "Ask the user this question word for word, then call again with user_confirmed.",
        ),
        question: CONNECTION_QUESTION,
      };
    }
    if (!answer) {
      const opened = await offerConnectionsPage(call);
      return {
        ...respond("declined", notConnectedStep(opened, CONNECT_STEPS)),
        connect_url: FLOQER_CONNECTIONS_URL,
      };
    }
    const { token, expiresAt } = context.signer.issue(
      apiKey,
      fromClient === undefined ? "agent" : "elicitation",
    );
    return {
      ...respond(
        "confirmed",
        `Pass confirmation_token to configure_salesforce_update and add_salesforce_update_action.${checked ? "" : ` ${NOT_CHECKED}`}`,
      ),
      confirmation_token: token,
      expires_at: expiresAt,
    };
  },
});
