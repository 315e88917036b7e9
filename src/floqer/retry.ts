/**
 * The one retry policy for upstream calls. Reads are always safe to repeat. A write is repeated
 * only when the first try cannot have been processed: Floqer refused it for the rate limit (429),
 * or no connection was ever made. After anything else (a timeout, a dropped connection, a 5xx) it
 * may have been applied, so it is never sent blind again: the caller reads back what Floqer holds.
 * Add Action creates something each time it lands, so it is never repeated at all.
 */
import type { FloqerError } from "./errors.js";

/** Reads, the idempotent configure, and `write`: Add Action, which creates something each time. */
export type RequestKind = "read" | "idempotent_write" | "write";

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Overall budget of one logical call, retries and waits included. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  deadlineMs: 30_000,
};

export function shouldRetry(kind: RequestKind, error: FloqerError): boolean {
  if (kind === "write") return false;
  if (kind === "idempotent_write") {
    return !error.outcomeUnknown && (error.code === "rate_limited" || error.code === "network");
  }
  if (error.code === "rate_limited" || error.code === "timeout" || error.code === "network") return true;
  // A 502 is Floqer's own failed Salesforce session refresh: repeating it cannot help.
  return error.code === "server_error" && error.status !== 502;
}

/** Exponential backoff with full jitter, or the wait the upstream asked for. */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  error: FloqerError,
  random: () => number = Math.random,
): number {
  if (error.retryAfterSeconds !== undefined) return error.retryAfterSeconds * 1000;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
