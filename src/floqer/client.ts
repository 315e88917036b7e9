/**
 * The Floqer API client: HTTP, envelopes, errors, retries. It knows nothing of MCP and never
 * formats text for an agent beyond the error messages it raises.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Agent } from "undici";
import { deadline } from "../deadline.js";
import { ERROR_BODY_LIMIT_BYTES, RATE_LIMIT_MAX_WAIT_MS } from "../limits.js";
import { type ActionGraph, readActionGraph } from "./actionGraph.js";
import {
  type ActionLocation,
  actionGraphRoute,
  optionsRoute,
  type SheetLocation,
  sheetOf,
  type UpstreamRequest,
  userRoute,
  workflowRoute,
  workflowsRoute,
} from "./endpoints.js";
import {
  cleanUpstreamText,
  isRouteNotFound,
  parseJson,
  parseRetryAfterHeader,
  readErrorBody,
  readSuccessData,
  type UpstreamWarning,
} from "./envelope.js";
import { abortedCallError, errorForStatus, FloqerError, missingApiKeyError } from "./errors.js";
import { type ActionOption, readOptionList } from "./options.js";
import { describeWait, PROBE_AFTER_MS, type RateLimitHold, RateLimitTracker } from "./rateLimit.js";
import {
  DEFAULT_RETRY_POLICY,
  type RequestKind,
  type RetryPolicy,
  retryDelayMs,
  shouldRetry,
} from "./retry.js";
import {
  readAddedActionId,
  readUser,
  readWorkflowList,
  readWorkflowOverview,
  type UserSummary,
  type WorkflowOverview,
  type WorkflowSummary,
} from "./workflows.js";

export interface FloqerClientOptions {
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  retryPolicy?: RetryPolicy;
  userAgent: string;
  /** The rate-limit tracker; tests hand one with their own clock. */
  rateLimit?: RateLimitTracker;
}

/** What a caller brings to an upstream call: cancellation, and where to report retries and waits. */
export interface Caller {
  signal?: AbortSignal | undefined;
  notify?: ((message: string) => void) | undefined;
}

interface CallOptions extends Caller {
  kind: RequestKind;
  /** What the call is about, named in 404 messages. */
  subject: string;
}

/** A 2xx answer: its `data`, and the warnings Floqer attached to it. */
interface Success {
  data: unknown;
  warnings: UpstreamWarning[];
}

/** The action instance as Configure Action describes it (read tolerantly: only what we use). */
export interface ConfiguredAction {
  action_instance_id?: string;
  outputs?: { name?: string; reference?: string }[];
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

export class FloqerClient {
  readonly #options: FloqerClientOptions;
  readonly #policy: RetryPolicy;
  /** The one pooled, keep-alive connection pool; made on the first request (see #http). */
  #http: Promise<{ dispatcher: Agent; request: typeof import("undici").request }> | undefined;
  readonly #rateLimit: RateLimitTracker;

  constructor(options: FloqerClientOptions) {
    this.#options = options;
    this.#rateLimit = options.rateLimit ?? new RateLimitTracker();
    this.#policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /**
   * undici is most of the server's code by size: loading it on the first upstream request, not at
   * start, keeps a client's launch of the server (and tools/list) fast.
   */
  #httpClient() {
    this.#http ??= import("undici").then((loaded) => {
      // Bundled as CommonJS, undici's exports arrive under `default`; unbundled, as named exports.
      const undici = (typeof loaded.Agent === "function"
        ? loaded
        : loaded.default) as unknown as typeof loaded;
      const { Agent, request } = undici;
      return {
        request,
        dispatcher: new Agent({
          keepAliveTimeout: 30_000,
          connections: 16,
          connect: { timeout: Math.min(this.#options.timeoutMs, 10_000) },
        }),
      };
    });
    return this.#http;
  }

  #requireApiKey(): string {
    if (!this.#options.apiKey) throw missingApiKeyError();
    return this.#options.apiKey;
  }

  async listOptions(
    location: ActionLocation,
    field: string,
    context: Record<string, string> | undefined,
    caller: Caller = {},
  ): Promise<ActionOption[]> {
    const { data } = await this.#call(optionsRoute(location, field, context ? { context } : {}), {
      kind: "read",
      subject: describe(location),
      ...caller,
    });
    return readOrThrow(readOptionList(data), `${field} option list`, "an array of {value, label}");
  }

  /** Sends a Configure Action request (PATCH: the same body twice gives the same result). */
  async configureAction(
    request: UpstreamRequest,
    location: ActionLocation,
    caller: Caller = {},
  ): Promise<{ action: ConfiguredAction; warnings: UpstreamWarning[] }> {
    const { data, warnings } = await this.#call(request, {
      kind: "idempotent_write",
      subject: describe(location),
      ...caller,
    });
    return { action: typeof data === "object" && data !== null ? (data as ConfiguredAction) : {}, warnings };
  }

  async getUser(caller: Caller = {}): Promise<UserSummary> {
    const { data } = await this.#call(userRoute(), { kind: "read", subject: "the key's user", ...caller });
    return readOrThrow(readUser(data), "user", "{email, first_name, last_name, role}");
  }

  async listWorkflows(caller: Caller = {}): Promise<WorkflowSummary[]> {
    const { data } = await this.#call(workflowsRoute(), {
      kind: "read",
      subject: "the workflow list",
      ...caller,
    });
    return readOrThrow(readWorkflowList(data), "workflow list", "an array of workflows");
  }

  async getWorkflow(workflowId: string, caller: Caller = {}): Promise<WorkflowOverview> {
    const { data } = await this.#call(workflowRoute(workflowId), {
      kind: "read",
      subject: `workflow_id ${workflowId}`,
      ...caller,
    });
    return readOrThrow(readWorkflowOverview(data, workflowId), "workflow overview", "a workflow with sheets");
  }

  async getActionGraph(location: SheetLocation, caller: Caller = {}): Promise<ActionGraph> {
    const { data } = await this.#call(actionGraphRoute(location), {
      kind: "read",
      subject: `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
    return readOrThrow(readActionGraph(data), "action graph", "a list of action graph nodes");
  }

  /** Adds an action to a sheet's chain; not idempotent, so it is never repeated after a fault. */
  async addAction(request: UpstreamRequest, location: SheetLocation, caller: Caller = {}): Promise<string> {
    const { data } = await this.#call(request, {
      kind: "write",
      subject: `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
    return readOrThrow(readAddedActionId(data), "Add Action answer", "the new action_instance_id");
  }

  async close(): Promise<void> {
    const http = await this.#http?.catch(() => undefined);
    await http?.dispatcher.close();
  }

  async #call(request: UpstreamRequest, options: CallOptions): Promise<Success> {
    const { method, path } = request;
    const apiKey = this.#requireApiKey();
    const deadline = Date.now() + this.#policy.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#holdForRateLimit(deadline, options);
        return await this.#once(request, apiKey, options);
      } catch (error) {
        if (!(error instanceof FloqerError) || attempt >= this.#policy.maxAttempts) throw error;
        if (!shouldRetry(options.kind, error)) throw error;
        const delay = retryDelayMs(attempt, this.#policy, error);
        if (delay > RATE_LIMIT_MAX_WAIT_MS || Date.now() + delay > deadline) throw error;
        options.notify?.(
          `Floqer ${error.status ? `answered ${error.status}` : `failed (${error.code})`} on ${method} ${path}; trying again in ${delay} ms (try ${attempt + 1} of ${this.#policy.maxAttempts}).`,
        );
        await this.#wait(delay, options.signal);
      }
    }
  }

  /**
   * Waits while the rate-limit window is nearly spent (for its reset, or for this server's next
   * probe of it), or fails without sending when that is further off than a call may wait.
   */
  async #holdForRateLimit(deadline: number, caller: Caller): Promise<void> {
    let waited = 0;
    for (;;) {
      const hold = this.#rateLimit.holdBeforeSending();
      if (!hold) return;
      if (waited + hold.waitMs > RATE_LIMIT_MAX_WAIT_MS || Date.now() + hold.waitMs > deadline) {
        throw rateLimitHoldError(hold);
      }
      if (waited === 0) {
        caller.notify?.(
          `Floqer's rate limit for this key is nearly used up: waiting ${hold.probing ? "for another request to find out whether it has reset" : `${hold.waitMs} ms for it to reset`}.`,
        );
      }
      await this.#wait(hold.waitMs, caller.signal);
      waited += hold.waitMs;
    }
  }

  async #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw abortedCallError(signal as AbortSignal);
    }
  }

  async #once(request: UpstreamRequest, apiKey: string, options: CallOptions): Promise<Success> {
    const { method, path } = request;
    const url = `${this.#options.baseUrl}${path}`;
    const limit = deadline(options.signal, this.#options.timeoutMs);
    const sent = this.#rateLimit.noteSent();
    let statusCode: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    const { request: send, dispatcher } = await this.#httpClient();
    try {
      const response = await send(url, {
        dispatcher,
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept: "application/json",
          "content-type": "application/json",
          "user-agent": this.#options.userAgent,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: limit.signal,
      });
      statusCode = response.statusCode;
      headers = response.headers;
      this.#rateLimit.observe(headers, statusCode, sent);
      const maxBytes = statusCode < 300 ? this.#options.maxResponseBytes : ERROR_BODY_LIMIT_BYTES;
      text = await readLimited(response.body, maxBytes, statusCode);
    } catch (error) {
      this.#rateLimit.noteUnanswered(sent);
      throw this.#transportError(error, options.signal, limit.timedOut);
    } finally {
      limit.release();
    }
    const body = parseJson(text);
    if (statusCode >= 200 && statusCode < 300) {
      const success = readSuccessData(body, [apiKey]);
      if (!success.found) {
        throw new FloqerError(
          "unexpected_response",
          `Floqer answered ${statusCode} with ${body === undefined ? "a body that is not JSON" : "JSON that is not the {status, data} envelope"}. Try again; if it persists, check FLOQER_BASE_URL points at the Floqer API.`,
          { status: statusCode },
        );
      }
      return { data: success.data, warnings: success.warnings };
    }
    const details = readErrorBody(body);
    const headerWait = parseRetryAfterHeader(firstHeader(headers["retry-after"]));
    throw errorForStatus({
      status: statusCode,
      upstreamMessage: details.message ? cleanUpstreamText(details.message, [apiKey]) : undefined,
      fieldProblems: details.fieldProblems.map((problem) => cleanUpstreamText(problem, [apiKey])),
      retryAfterSeconds: details.retryAfterSeconds ?? headerWait,
      subject: options.subject,
      notJson: body === undefined && text.trim() !== "",
      routeNotFound: isRouteNotFound(statusCode, body)
        ? { method, path: `${new URL(this.#options.baseUrl).pathname.replace(/\/$/, "")}${path}` }
        : undefined,
    });
  }

  #transportError(error: unknown, callerSignal: AbortSignal | undefined, timedOut: boolean): FloqerError {
    if (error instanceof FloqerError) return error;
    if (callerSignal?.aborted) return abortedCallError(callerSignal);
    if (timedOut) {
      return new FloqerError(
        "timeout",
        `Floqer did not answer within ${this.#options.timeoutMs} ms. Try again; if it keeps happening, raise FLOQER_TIMEOUT_MS.`,
      );
    }
    const code = (error as { code?: string }).code ?? "";
    const host = new URL(this.#options.baseUrl).host;
    const reason = NETWORK_CODES.has(code) ? code : "the connection failed";
    return new FloqerError(
      "network",
      `Could not reach Floqer at ${host} (${reason}). Check the network and FLOQER_BASE_URL, then try again.`,
    );
  }
}

/** A call refused for the rate limit, saying when Floqer expects it to reset and when this server asks again. */
function rateLimitHoldError(hold: RateLimitHold): FloqerError {
  const reset = describeWait(hold.resetInMs);
  if (hold.probing) {
    return new FloqerError(
      "rate_limited",
      `Floqer's rate limit for this key is nearly used up (Floqer said it resets in ${reset}); another request is checking now whether it has recovered. Try again in a few seconds.`,
      { retryAfterSeconds: Math.ceil(PROBE_AFTER_MS / 1000) },
    );
  }
  const retryAfterSeconds = Math.ceil(hold.waitMs / 1000);
  if (hold.resetInMs <= hold.waitMs) {
    return new FloqerError(
      "rate_limited",
      `Floqer's rate limit for this key is nearly used up; it resets in ${describeWait(hold.waitMs)}. Try again then.`,
      { retryAfterSeconds },
    );
  }
  return new FloqerError(
    "rate_limited",
    `Floqer's rate limit for this key is nearly used up; Floqer said it resets in ${reset}. This server will try Floqer again in at most ${describeWait(hold.waitMs)}: call again then.`,
    { retryAfterSeconds },
  );
}

function readOrThrow<T>(value: T | undefined, what: string, expected: string): T {
  if (value !== undefined) return value;
  throw new FloqerError(
    "unexpected_response",
    `Floqer's ${what} did not have the expected shape (${expected}). Try again; if it persists, the Floqer API has changed and this server needs an update.`,
  );
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describe(location: ActionLocation): string {
  return `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}, action_instance_id ${location.action_instance_id}`;
}

async function readLimited(
  body: AsyncIterable<Buffer> & { destroy(): void },
  limit: number,
  status: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      const advice =
        status < 300
          ? "Narrow the request; if it is an option list, raise FLOQER_MAX_RESPONSE_BYTES."
          : "It was an error answer, so nothing more can be said about it; try again later.";
      throw new FloqerError(
        "unexpected_response",
        `Floqer's answer (${status}) was larger than ${Math.round(limit / 1024)} KiB, more than this server accepts. ${advice}`,
        { status },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
