import { z } from "zod";
import { type ActionLocation, FLOQER_CONNECTIONS_URL } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import {
  ANSWER_MISSING,
  ANSWER_WITHOUT_QUESTION,
  askStep,
  CONNECT_STEPS,
  CONNECTION_FIELD,
  CONNECTION_QUESTION,
  CONNECTIONS_PAGE_OFFER,
  confirmedStep,
  FORM_NO,
  notConnectedStep,
  recentlyRefused,
} from "../guard/wording.js";
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

/**
 * Asks the user through the client's form. Only an answer that is exactly `true` is a yes: a
 * decline, a cancel, an empty or malformed answer, a form that could not be shown or was left open
 * too long are all a no, with the reason. The agent's own user_confirmed is never a fallback here.
 */
async function askThroughForm(call: ToolCall): Promise<{ yes: true } | { yes: false; reason: string }> {
  const outcome = await call.user.askYesNo(CONNECTION_QUESTION, CONNECTION_FIELD);
  switch (outcome.kind) {
    case "answered":
      if (outcome.value === true) return { yes: true };
      return { yes: false, reason: outcome.value === false ? FORM_NO.no : FORM_NO.unreadable };
    case "dismissed":
      return { yes: false, reason: FORM_NO.dismissed(outcome.action) };
    case "timeout":
      return { yes: false, reason: FORM_NO.timeout };
    default:
      return { yes: false, reason: FORM_NO.failed };
  }
}

export const confirmSalesforceConnection = defineTool({
  name: TOOL.confirmConnection,
  title: "Confirm the Salesforce connection",
  description: `Only the user can connect Salesforce to Floqer. Call before any change: asks the user (by form if your client can), returns the confirmation_token changes need. On needs_user_confirmation, ask its question; call again with question_id and user_confirmed. workflow_id and action_instance_id add a check with Floqer.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, context: ToolContext, call: ToolCall): Promise<Answer> {
    const { guard } = context;
    const location = locationOf(args);
    const checked = location !== undefined;
    const respond = (status: Status, next_step: string): Answer => ({
      status,
      connection_checked: checked,
      next_step,
    });
    const offerPage = () => call.user.offerUrl(CONNECTIONS_PAGE_OFFER, FLOQER_CONNECTIONS_URL);
    const notConnected = async (reason: string, settingsProblem: boolean): Promise<Answer> => {
      // A refused key is fixed in this server's settings, not on the Connections page.
      if (settingsProblem) return respond("not_connected", reason);
      return {
        ...respond("not_connected", notConnectedStep(await offerPage(), reason)),
        connect_url: FLOQER_CONNECTIONS_URL,
      };
    };
    if (location) {
      try {
        await context.catalog.objects(location, { ...call.upstream, refresh: true });
        guard.forgetRefused();
      } catch (error) {
        if (!(error instanceof FloqerError && error.meansNotConnected)) throw error;
        const reason = `Floqer cannot use a Salesforce connection with this key: ${error.message}`;
        guard.rememberRefused(reason);
        return notConnected(reason, error.code === "unauthorized");
      }
    } else {
      const refused = guard.refusedRecently();
      if (refused) return notConnected(recentlyRefused(refused), false);
    }

    // Over HTTP, the session this call came in on: tokens and question ids may be bound to it.
    const session = call.sessionId;
    const confirmed = (via: "elicitation" | "agent"): Answer => {
      const { token, expiresAt } = guard.issue(via, session);
      return {
        ...respond("confirmed", confirmedStep(checked)),
        confirmation_token: token,
        expires_at: expiresAt,
      };
    };
    const declined = async (reason: string): Promise<Answer> => ({
      ...respond("declined", notConnectedStep(await offerPage(), `${reason} ${CONNECT_STEPS}`)),
      connect_url: FLOQER_CONNECTIONS_URL,
    });

    // A client that can show a form asks the user itself; what the agent says is not read.
    if (call.user.canShowForm) {
      const answer = await askThroughForm(call);
      return answer.yes ? confirmed("elicitation") : declined(answer.reason);
    }

    // Otherwise two steps by construction: the question with its id, then the answer with that id.
    // No question is put while its answer could not be remembered (see answersFull).
    const ask = (why: string): Answer => {
      const full = guard.answersFull();
      if (full) throw new ToolFailure(full);
      return {
        ...respond("needs_user_confirmation", askStep(why)),
        question: CONNECTION_QUESTION,
        question_id: guard.issueQuestion(session),
      };
    };
    if (args.question_id === undefined) {
      return ask(args.user_confirmed === undefined ? "" : ANSWER_WITHOUT_QUESTION);
    }
    if (args.user_confirmed === undefined) {
      const question = guard.checkQuestion(args.question_id, session);
      return ask(question.ok ? ANSWER_MISSING : `${question.problem}. `);
    }
    // Checked and retired in one step: a second answer with this id, yes or no, is refused.
    const question = guard.answerQuestion(args.question_id, session);
    if (!question.ok) return ask(`${question.problem}. `);
    return args.user_confirmed ? confirmed("agent") : declined(FORM_NO.no);
  },
});
