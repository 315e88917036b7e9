/**
 * Floqer failures as values with a code and a message written for the agent that reads them:
 * what went wrong and the next step. Messages never carry the API key.
 */
import { ENV, FLAG } from "../settingNames.js";
import { PACKAGE } from "../version.js";
import { API_NOTES, FLOQER_APP } from "./endpoints.js";
import { quote } from "./envelope.js";

export type FloqerErrorCode =
  | "missing_api_key"
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "route_not_found"
  | "connection_owner"
  | "rate_limited"
  | "salesforce_session"
  | "server_error"
  | "timeout"
  | "network"
  | "unexpected_response"
  | "cancelled";

export interface FloqerErrorOptions {
  status?: number | undefined;
  retryAfterSeconds?: number | undefined;
  outcomeUnknown?: boolean | undefined;
  fault?: string | undefined;
}

export class FloqerError extends Error {
  readonly code: FloqerErrorCode;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  /**
   * The request may have been processed by Floqer before the failure: it was sent, and what came
   * back (a timeout, a dropped connection, a 5xx, an unreadable 2xx) does not say it was refused.
   * A write that fails so is never repeated blindly: its outcome is read back instead.
   */
  readonly outcomeUnknown: boolean;
  /** What went wrong in a few words and no advice, for sentences that give their own next step. */
  readonly fault: string;

  constructor(code: FloqerErrorCode, message: string, options: FloqerErrorOptions = {}) {
    super(message);
    this.name = "FloqerError";
    this.code = code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.fault =
      options.fault ?? (options.status ? `Floqer answered ${options.status}` : "the request failed");
  }

  /** The same failure, known to have happened after the request may have been processed. */
  afterSending(fault: string): FloqerError {
    return new FloqerError(this.code, this.message, {
      status: this.status,
      retryAfterSeconds: this.retryAfterSeconds,
      outcomeUnknown: true,
      fault,
    });
  }

  /** Codes that say the Salesforce connection cannot be used with this key. */
  get meansNotConnected(): boolean {
    return this.code === "unauthorized" || this.code === "forbidden" || this.code === "connection_owner";
  }
}

/**
 * What an aborted upstream call means: its caller's time ran out (a timeout) or the caller went
 * away. What that means for the tool that asked is for the tool layer to say.
 */
export function abortedCallError(signal: AbortSignal): FloqerError {
  const reason = signal.reason as { name?: string } | undefined;
  if (reason?.name === "TimeoutError") {
    return new FloqerError("timeout", "Floqer did not answer before the call's time limit.", {
      fault: "the call's time limit ran out before Floqer answered",
    });
  }
  return new FloqerError(
    "cancelled",
    "The request was cancelled before Floqer answered. Nothing more was sent.",
    { fault: "the call was cancelled before Floqer answered" },
  );
}

export function missingApiKeyError(): FloqerError {
  return new FloqerError(
    "missing_api_key",
    `${ENV.apiKey} is not set. Ask the user to make a key in ${FLOQER_APP.apiKeys} and set it as ${ENV.apiKey} in this server's configuration, then restart the server. (${FLAG.sandbox} runs without one.)`,
  );
}

export interface UpstreamFailure {
  status: number;
  /** The upstream's own message, already stripped of secrets and shortened. */
  upstreamMessage?: string | undefined;
  fieldProblems?: string[] | undefined;
  retryAfterSeconds?: number | undefined;
  /** What the request was about, for 404s: the ids it named. */
  subject: string;
  /** The body was not JSON at all: an HTML error page, a proxy, a cut-off answer. */
  notJson?: boolean;
  /** Floqer has no such route (Fastify's own 404 body, or a 405): the request, not the ids, is wrong. */
  routeNotFound?: { method: string; path: string } | undefined;
}

/** A route this server calls does not exist upstream: its idea of the Floqer API is out of date. */
function routeNotFoundError(failure: UpstreamFailure & { routeNotFound: { method: string; path: string } }) {
  const { method, path } = failure.routeNotFound;
  return new FloqerError(
    "route_not_found",
    `Floqer has no route ${method} ${path} (${failure.status}).${quoted(failure)} This is not about the ids you gave: this server's idea of the Floqer API is wrong for this request (see ${API_NOTES}, where inferred routes are marked). Tell the user to update ${PACKAGE.name} or report this message; retrying will not help.`,
    { status: failure.status },
  );
}

function quoted(failure: UpstreamFailure): string {
  if (failure.notJson) return " Its answer was not JSON (an HTML error page, or a proxy in between).";
  return failure.upstreamMessage ? ` Floqer said: ${quote(failure.upstreamMessage)}.` : "";
}

/** Maps an upstream error status to what the agent can do about it. */
export function errorForStatus(failure: UpstreamFailure): FloqerError {
  const { status, subject } = failure;
  if (failure.routeNotFound) return routeNotFoundError({ ...failure, routeNotFound: failure.routeNotFound });
  const said = quoted(failure);
  const options: FloqerErrorOptions = {
    status,
    retryAfterSeconds: failure.retryAfterSeconds,
    // A 5xx does not say the request was refused: it may have been applied before the failure.
    outcomeUnknown: status >= 500,
  };
  switch (true) {
    case status === 400: {
      const problems = failure.fieldProblems?.length
        ? ` Problems Floqer listed: ${failure.fieldProblems.map((problem) => quote(problem)).join("; ")}.`
        : said;
      return new FloqerError(
        "bad_request",
        `Floqer refused the request (400).${problems} Fix the arguments and call again.`,
        options,
      );
    }
    case status === 401:
      return new FloqerError(
        "unauthorized",
        `Floqer rejected the API key (401).${said} Ask the user to check ${ENV.apiKey} (make a new key in ${FLOQER_APP.apiKeys}) and restart the server.`,
        options,
      );
    case status === 403:
      return new FloqerError(
        "forbidden",
        `Floqer refused access (403).${said} The key's owner needs access to this workflow and a Salesforce connection in ${FLOQER_APP.connections}. Ask the user to check both.`,
        options,
      );
    case status === 404:
      return new FloqerError(
        "not_found",
        `Floqer found nothing at ${subject} (404).${said} Check the ids against the Floqer app; sheet_id defaults to the workflow id (the main sheet).`,
        options,
      );
    case status === 424:
      return new FloqerError(
        "connection_owner",
        `Salesforce is connected in Floqer by another team member, not by the owner of this API key (424). Ask the user to connect Salesforce from the key owner's account in ${FLOQER_APP.connections}, or to use that member's key.`,
        options,
      );
    case status === 429: {
      const wait = failure.retryAfterSeconds;
      return new FloqerError(
        "rate_limited",
        `Floqer's rate limit was reached (429). Try again in ${wait ?? 60} seconds.`,
        options,
      );
    }
    case status === 502:
      return new FloqerError(
        "salesforce_session",
        `Floqer could not refresh the Salesforce session (502).${said} Ask the user to reconnect Salesforce in ${FLOQER_APP.connections}, then call again.`,
        options,
      );
    case status >= 500:
      return new FloqerError(
        "server_error",
        `Floqer had a server error (${status}).${said} Try again in a minute; if it persists, Floqer may be down.`,
        options,
      );
    default:
      return new FloqerError(
        "unexpected_response",
        `Floqer answered ${status}.${said} This server does not expect that status.`,
        options,
      );
  }
}
