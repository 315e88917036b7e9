/** What the guard says to the user and the agent, in one place. */
import { FLOQER_APP, FLOQER_CONNECTIONS_URL } from "../floqer/endpoints.js";
import { QUESTION_TTL_SECONDS } from "../limits.js";
import { TOOL } from "../toolNames.js";

const QUESTION_MINUTES = QUESTION_TTL_SECONDS / 60;

export const CONNECTION_QUESTION =
  "Have you connected your Salesforce account to Floqer yourself (Floqer app: Connections, then Salesforce, then sign in with OAuth)? Only you can make this connection; the action fails without it.";

/** The form's one field. */
export const CONNECTION_FIELD = {
  name: "connected",
  title: "Salesforce is connected to Floqer",
  description: "Yes only if you completed the Salesforce sign-in in Floqer's Connections page.",
} as const;

export const CONNECTIONS_PAGE_OFFER =
  "Salesforce is not connected to Floqer for this account. Open Floqer's Connections page to connect it?";

export const CONNECT_STEPS = `The user has not confirmed a Salesforce connection. They connect it in ${FLOQER_APP.connections}, from the account that owns the Floqer API key.`;

const NOT_CHECKED = `The connection itself is verified by the first ${TOOL.listObjects} call.`;

/** Why a form gave no yes, as the agent is told. */
export const FORM_NO = {
  no: "The user answered no.",
  dismissed: (action: string) => `The user chose to ${action} the question.`,
  unreadable: "The form came back without a yes or no, so nothing was confirmed.",
  timeout: "The user did not answer the question in time, so nothing was confirmed.",
  failed: "The client could not show the question or its answer could not be read, so nothing was confirmed.",
} as const;

export function confirmedStep(checked: boolean, expiresAt: string): string {
  return `Pass confirmation_token to ${TOOL.configureUpdate} and ${TOOL.addUpdateAction}; it is good until ${expiresAt}.${checked ? "" : ` ${NOT_CHECKED}`}`;
}

export function notConnectedStep(opened: boolean, reason: string): string {
  const page = opened
    ? "The user was offered Floqer's Connections page."
    : `Give the user this link to connect it: ${FLOQER_CONNECTIONS_URL}.`;
  return `${reason} ${page} When they have connected Salesforce, call ${TOOL.confirmConnection} again.`;
}

export const TOKEN_STILL_GOOD =
  "The confirmation_token given is still good, so the user was not asked again.";

export function tokenSetAside(problem: string): string {
  return `The confirmation_token given cannot be used (${problem}). `;
}

export function askStep(why: string): string {
  return `${why}Ask the user this question word for word, then call again with question_id and user_confirmed set to their answer.`;
}

export const ANSWER_WITHOUT_QUESTION =
  "user_confirmed counts only with the question_id of the question the user was asked. ";
export const ANSWER_MISSING = "The user's answer is missing. ";

export function recentlyRefused(reason: string): string {
  return `${reason} (checked a moment ago; call again with workflow_id and action_instance_id to check again once the user has fixed it)`;
}

/** Why a token the agent's path produced is refused where the client shows forms. */
export const FORM_CLIENT_NEEDS_FORM = `confirmation_token was confirmed through the agent, not by the user in a form, and this client shows forms, so only the user's own answer there counts: call ${TOOL.confirmConnection} again and let the user answer its form`;

/** What to do about a refused token, and about a refused question id. */
export const NEW_TOKEN = `call ${TOOL.confirmConnection} to get a new one`;
export const NEW_QUESTION = "ask the user the new question";

export const ALREADY_ANSWERED = `question_id was already answered; ${NEW_QUESTION}`;

/** Why no question can be put or answered while the record of answers is full. */
export function answersFull(max: number, untilMs: number): string {
  return `Nothing was confirmed: this server has taken ${max} answers to its question within the last ${QUESTION_MINUTES} minutes, the most it can remember (it remembers each so that none is answered twice). It takes answers again from ${new Date(untilMs).toISOString()}; a client that shows forms is not affected.`;
}

/** Why a signed value (a confirmation_token or a question_id, by `name`) is refused; `again` says what to do. */
export const SIGNED_PROBLEM = {
  notOurs: (name: string, again: string) => `${name} is not one from this server; ${again}`,
  badSignature: (name: string, again: string) =>
    `${name} has an invalid signature (altered, or issued by another server); ${again}`,
  unreadable: (name: string, again: string) => `${name} is unreadable; ${again}`,
  otherKey: (name: string, again: string) => `${name} was issued for another Floqer API key; ${again}`,
  expired: (name: string, again: string) => `${name} has expired; ${again}`,
  otherQuestion: (name: string, again: string) =>
    `${name} was issued for another question (the connection, or another run than this one); ${again}`,
  otherSession: (name: string, again: string) =>
    `${name} belongs to another MCP session of this server (each is good only in the session that got it); ${again}`,
} as const;

/** What the door of a write says: to a dry run, and to a real call it refuses. */
export const DOOR = {
  noTokenYet: `No confirmation_token passed (a dry run needs none); doing this for real needs one from ${TOOL.confirmConnection}.`,
  wouldRefuse: (problem: string) => `Doing this for real would be refused: ${problem}.`,
  /** Naming the dry run only to a tool that has one. */
  noToken: (hasDryRun: boolean) =>
    `Refused: no confirmation_token. Call ${TOOL.confirmConnection} first (the user must confirm that Salesforce is connected in Floqer), then pass its token.${hasDryRun ? " dry_run true needs none." : ""}`,
  refused: (problem: string) => `Refused: ${problem}. Nothing was sent.`,
} as const;
