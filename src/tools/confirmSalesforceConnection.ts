import { randomUUID } from "node:crypto";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type ActionLocation, FLOQER_CONNECTIONS_URL } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import type { TokenClaims } from "../guard/token.js";
import { CONNECT_STEPS, CONNECTION_QUESTION } from "../guard/wording.js";
import { TOOL } from "../toolNames.js";
import { actionInstanceId, sandboxMarker, sheetId, workflowId } from "./schemas.js";
import { defineTool, type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

const STATUSES = ["confirmed", "declined", "needs_user_confirmation", "not_connected"] as const;
type Status = (typeof STATUSES)[number];

const inputSchema = {
  user_confirmed: z.boolean().optional().describe("The user's answer. Never guess it."),
  question_id: z.string().max(1024).optional().describe("From needs_user_confirmation."),
  workflow_id: workflowId.optional(),
  sheet_id: sheetId,
  action_instance_id: actionInstanceId.optional(),
};

const outputSchema = {
  status: z.enum(STATUSES),
  confirmation_token: z.string().optional(),
  expires_at: z.string().optional(),
  question: z.string().optional().describe("Ask the user this."),
  question_id: z.string().optional(),
  connection_checked: z.boolean(),
  next_step: z.string(),
  connect_url: z.string().optional(),
  sandbox: sandboxMarker,
};

type Answer = z.input<z.ZodObject<typeof outputSchema>>;

const NOT_CHECKED = `The connection itself is verified by the first ${TOOL.listObjects} call.`;

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

type FormAnswer = { yes: true } | { yes: false; reason: string };

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout;
}

/**
 * Asks the user through the client's form. Only an accepted form whose answer is exactly `true` is
 * a yes: a decline, a cancel, an empty or malformed answer, a form that could not be shown or was
 * left open too long are all a no. The agent's own user_confirmed is never a fallback here.
 */
async function askThroughClient(call: ToolCall): Promise<FormAnswer> {
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
    if (result.action !== "accept")
      return { yes: false, reason: `The user chose to ${result.action} the question.` };
    const connected = result.content?.connected;
    if (connected === true) return { yes: true };
    if (connected === false) return { yes: false, reason: "The user answered no." };
    return { yes: false, reason: "The form came back without a yes or no, so nothing was confirmed." };
  } catch (error) {
    if (isTimeout(error, call.signal)) {
      return {
        yes: false,
        reason: "The user did not answer the question in time, so nothing was confirmed.",
      };
    }
    if (call.signal.aborted) throw error;
    return {
      yes: false,
      reason:
        "The client could not show the question or its answer could not be read, so nothing was confirmed.",
    };
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
  return `${reason} ${page} When they have connected Salesforce, call ${TOOL.confirmConnection} again.`;
}

export const confirmSalesforceConnection = defineTool({
  name: TOOL.confirmConnection,
  title: "Confirm the Salesforce connection",
  description: `Only the user can connect Salesforce to Floqer. Call before any change: asks the user (by form if your client can), returns the confirmation_token changes need. On needs_user_confirmation, ask its question; call again with question_id and user_confirmed. workflow_id and action_instance_id add a check with Floqer.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, context: ToolContext, call: ToolCall): Promise<Answer> {
    const apiKey = context.client.requireApiKey();
    const fingerprint = context.signer.fingerprint(apiKey);
    const location = locationOf(args);
    const checked = location !== undefined;
    const respond = (status: Status, next_step: string): Answer => ({
      status,
      connection_checked: checked,
      next_step,
    });
    const notConnected = async (reason: string, settingsProblem: boolean): Promise<Answer> => {
      // A refused key is fixed in this server's settings, not on the Connections page.
      if (settingsProblem) return respond("not_connected", reason);
      const opened = await offerConnectionsPage(call);
      return {
        ...respond("not_connected", notConnectedStep(opened, reason)),
        connect_url: FLOQER_CONNECTIONS_URL,
      };
    };
    if (location) {
      try {
        await context.catalog.objects(location, { ...call.upstream, refresh: true });
        context.notConnected.forget(fingerprint);
      } catch (error) {
        if (!(error instanceof FloqerError && error.meansNotConnected)) throw error;
        const reason = `Floqer cannot use a Salesforce connection with this key: ${error.message}`;
        context.notConnected.remember(fingerprint, reason);
        return notConnected(reason, error.code === "unauthorized");
      }
    } else {
      const refused = context.notConnected.recall(fingerprint);
      if (refused) {
        return notConnected(
          `${refused} (checked a moment ago; call again with workflow_id and action_instance_id to check again once the user has fixed it)`,
          false,
        );
      }
    }

    const confirmed = (via: TokenClaims["via"]): Answer => {
      const { token, expiresAt } = context.signer.issue(apiKey, via);
      return {
        ...respond(
          "confirmed",
          `Pass confirmation_token to ${TOOL.configureUpdate} and ${TOOL.addUpdateAction}.${checked ? "" : ` ${NOT_CHECKED}`}`,
        ),
        confirmation_token: token,
        expires_at: expiresAt,
      };
    };
    const declined = async (reason: string): Promise<Answer> => {
      const opened = await offerConnectionsPage(call);
      return {
        ...respond("declined", notConnectedStep(opened, `${reason} ${CONNECT_STEPS}`)),
        connect_url: FLOQER_CONNECTIONS_URL,
      };
    };

    // A client that can show a form asks the user itself; what the agent says is not read.
    if (call.session.getClientCapabilities()?.elicitation?.form) {
      const answer = await askThroughClient(call);
      return answer.yes ? confirmed("elicitation") : declined(answer.reason);
    }

    // Otherwise two steps by construction: the question with its id, then the answer with that id.
    const ask = (why: string): Answer => ({
      ...respond(
        "needs_user_confirmation",
        `${why}Ask the user this question word for word, then call again with question_id and user_confirmed set to their answer.`,
      ),
      question: CONNECTION_QUESTION,
      question_id: context.signer.issueQuestion(apiKey),
    });
    if (args.question_id === undefined) {
      return ask(
        args.user_confirmed === undefined
          ? ""
          : "user_confirmed counts only with the question_id of the question the user was asked. ",
      );
    }
    const question = context.signer.verifyQuestion(args.question_id, apiKey);
    if (!question.ok) return ask(`${question.problem}. `);
    if (args.user_confirmed === undefined) return ask("The user's answer is missing. ");
    return args.user_confirmed ? confirmed("agent") : declined("The user said Salesforce is not connected.");
  },
});
