/**
 * The guard's conversation with the user: asking whether Salesforce is connected, checking with
 * Floqer when told which action, and issuing the confirmation token. It fails closed: only a clear
 * yes from the user gives a token, by form where the client shows one (what the agent says is then
 * never read), else in two steps by construction (a question id, then the answer with that id).
 */
import type { ActionLocation } from "../floqer/endpoints.js";
import { FLOQER_CONNECTIONS_URL } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import type { Guard } from "./guard.js";
import type { UserChannel } from "./userChannel.js";
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
  TOKEN_STILL_GOOD,
  tokenSetAside,
} from "./wording.js";

export const CONFIRM_STATUSES = [
  "confirmed",
  "declined",
  "needs_user_confirmation",
  "not_connected",
] as const;
export type ConfirmStatus = (typeof CONFIRM_STATUSES)[number];

export interface ConfirmAnswer {
  status: ConfirmStatus;
  confirmation_token?: string;
  question?: string;
  question_id?: string;
  connection_checked: boolean;
  next_step: string;
  connect_url?: string;
}

/**
 * What the agent brought: the user's answer and its question, where to check the connection, and
 * a token it already holds.
 */
export interface ConfirmRequest {
  confirmation_token?: string | undefined;
  user_confirmed?: boolean | undefined;
  question_id?: string | undefined;
  location: ActionLocation | undefined;
}

/** What the flow reaches out through. */
export interface ConfirmPorts {
  user: UserChannel;
  /** Over HTTP, the session the call came in on: tokens and question ids may be bound to it. */
  session: string | undefined;
  /** Asks Floqer, uncached, whether the key can use Salesforce for this action; throws when not. */
  probe(location: ActionLocation): Promise<void>;
}

/** No question can be put now (see Guard.answersFull): the refusal to pass on, with nothing issued. */
export interface ConfirmRefusal {
  refused: string;
}

/**
 * Asks the user through the client's form. Only an answer that is exactly `true` is a yes: a
 * decline, a cancel, an empty or malformed answer, a form that could not be shown or was left open
 * too long are all a no, with the reason. The agent's own user_confirmed is never a fallback here.
 */
async function askThroughForm(user: UserChannel): Promise<{ yes: true } | { yes: false; reason: string }> {
  const outcome = await user.askYesNo(CONNECTION_QUESTION, CONNECTION_FIELD);
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

export async function confirmConnection(
  guard: Guard,
  request: ConfirmRequest,
  ports: ConfirmPorts,
): Promise<ConfirmAnswer | ConfirmRefusal> {
  const { location, question_id: questionId, user_confirmed: userConfirmed } = request;
  const { user, session } = ports;
  const checked = location !== undefined;
  const respond = (status: ConfirmStatus, next_step: string): ConfirmAnswer => ({
    status,
    connection_checked: checked,
    next_step,
  });
  const offerPage = () => user.offerUrl(CONNECTIONS_PAGE_OFFER, FLOQER_CONNECTIONS_URL);
  const notConnected = async (reason: string, settingsProblem: boolean): Promise<ConfirmAnswer> => {
    // A refused key is fixed in this server's settings, not on the Connections page.
    if (settingsProblem) return respond("not_connected", reason);
    return {
      ...respond("not_connected", notConnectedStep(await offerPage(), reason)),
      connect_url: FLOQER_CONNECTIONS_URL,
    };
  };
  if (location) {
    try {
      await ports.probe(location);
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

  // A token the caller holds that would open the door now is the user's earlier yes: the check
  // above still ran, and the question is not put again. One that would not is set aside, and asked.
  let setAside = "";
  if (request.confirmation_token !== undefined) {
    const held = guard.stillOpens(request.confirmation_token, { id: session, showsForms: user.canShowForm });
    if (held.ok) {
      return {
        ...respond("confirmed", `${TOKEN_STILL_GOOD} ${confirmedStep(checked, held.expiresAt)}`),
        confirmation_token: request.confirmation_token,
      };
    }
    setAside = tokenSetAside(held.problem);
  }

  const confirmed = (via: "elicitation" | "agent"): ConfirmAnswer => {
    const { token, expiresAt } = guard.issue(via, session);
    return {
      ...respond("confirmed", confirmedStep(checked, expiresAt)),
      confirmation_token: token,
    };
  };
  const declined = async (reason: string): Promise<ConfirmAnswer> => ({
    ...respond("declined", notConnectedStep(await offerPage(), `${reason} ${CONNECT_STEPS}`)),
    connect_url: FLOQER_CONNECTIONS_URL,
  });

  if (user.canShowForm) {
    const answer = await askThroughForm(user);
    return answer.yes ? confirmed("elicitation") : declined(answer.reason);
  }

  // No question is put while its answer could not be remembered (see answersFull).
  const ask = (why: string): ConfirmAnswer | ConfirmRefusal => {
    const full = guard.answersFull();
    if (full) return { refused: full };
    return {
      ...respond("needs_user_confirmation", askStep(why)),
      question: CONNECTION_QUESTION,
      question_id: guard.issueQuestion(session),
    };
  };
  if (questionId === undefined)
    return ask(setAside + (userConfirmed === undefined ? "" : ANSWER_WITHOUT_QUESTION));
  if (userConfirmed === undefined) {
    const question = guard.checkQuestion(questionId, session);
    return ask(question.ok ? ANSWER_MISSING : `${question.problem}. `);
  }
  // Checked and retired in one step: a second answer with this id, yes or no, is refused.
  const question = guard.answerQuestion(questionId, session);
  if (!question.ok) return ask(`${question.problem}. `);
  return userConfirmed ? confirmed("agent") : declined(FORM_NO.no);
}
