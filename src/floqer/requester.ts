/**
 * The request engine under the Floqer client: undici and its pooled connections, the envelope and
 * its limits, timeouts, the retry policy, the rate-limit hold, and what each failure means (sent
 * or not). It knows every route only as {method, path, body}; the API's methods are client.ts.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Agent } from "undici";
import { deadline } from "../deadline.js";
import { ERROR_BODY_LIMIT_BYTES, RATE_LIMIT_MAX_WAIT_MS } from "../limits.js";
import { ENV } from "../settingNames.js";
import type { UpstreamRequest } from "./endpoints.js";
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
import { describeWait, PROBE_AFTER_MS, type RateLimitHold, RateLimitTracker } from "./rateLimit.js";
import {
  DEFAULT_RETRY_POLICY,
  type RequestKind,
  type RetryPolicy,
  retryDelayMs,
  shouldRetry,
} from "./retry.js";

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

export interface CallOptions extends Caller {
  kind: RequestKind;
  /** What the call is about, named in 404 messages. */
  subject: string;
}

/** A 2xx answer: its `data`, and the warnings Floqer attached to it. */
export interface Success {
  data: unknown;
  warnings: UpstreamWarning[];
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Failures that happen before a connection exists, so the request cannot have reached Floqer:
 * the only transport failures after which a write is safe to send again.
 */
const NEVER_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

export class RequestEngine {
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

  /** The API's base URL: what a stored reference must start with to be fetched with the key. */
  get baseUrl(): string {
    return this.#options.baseUrl;
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

  async close(): Promise<void> {
    const http = await this.#http?.catch(() => undefined);
    await http?.dispatcher.close();
  }

  /** One logical call: the rate-limit hold, tries and waits as the policy allows, then the answer. */
  async call(request: UpstreamRequest, options: CallOptions): Promise<Success> {
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
        const what =
          body === undefined ? "a body that is not JSON" : "JSON that is not the {status, data} envelope";
        throw new FloqerError(
          "unexpected_response",
          `Floqer answered ${statusCode} with ${what}. Try again; if it persists, check ${ENV.baseUrl} points at the Floqer API.`,
          { status: statusCode, outcomeUnknown: true, fault: `Floqer answered ${statusCode} with ${what}` },
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

  /** A failure while sending or reading: after it, the request may have been processed, unless
   * the connection was never made. */
  #transportError(error: unknown, callerSignal: AbortSignal | undefined, timedOut: boolean): FloqerError {
    if (error instanceof FloqerError) return error;
    if (callerSignal?.aborted) {
      const aborted = abortedCallError(callerSignal);
      return aborted.afterSending(aborted.fault);
    }
    if (timedOut) {
      const fault = `Floqer did not answer within ${this.#options.timeoutMs} ms`;
      return new FloqerError(
        "timeout",
        `${fault}. Try again; if it keeps happening, raise ${ENV.timeoutMs}.`,
        { outcomeUnknown: true, fault },
      );
    }
    const code = (error as { code?: string }).code ?? "";
    const host = new URL(this.#options.baseUrl).host;
    const reason = NETWORK_CODES.has(code) ? code : "the connection failed";
    const neverConnected = NEVER_CONNECTED_CODES.has(code);
    return new FloqerError(
      "network",
      `Could not reach Floqer at ${host} (${reason}). Check the network and ${ENV.baseUrl}, then try again.`,
      {
        outcomeUnknown: !neverConnected,
        fault: neverConnected
          ? `the connection to Floqer could not be made (${reason})`
          : `the connection to Floqer broke before its answer arrived (${reason})`,
      },
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

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
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
          ? `Narrow the request; if it is an option list, raise ${ENV.maxResponseBytes}.`
          : "It was an error answer, so nothing more can be said about it; try again later.";
      const fault = `Floqer's answer (${status}) was larger than ${Math.round(limit / 1024)} KiB`;
      throw new FloqerError("unexpected_response", `${fault}, more than this server accepts. ${advice}`, {
        status,
        outcomeUnknown: true,
        fault,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
