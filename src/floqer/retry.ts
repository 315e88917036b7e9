/**
 * The one retry policy for upstream calls. Reads are always safe to repeat; the Configure Action
 * PUT is idempotent (the same body gives the same result), so it is repeated only where the
 * request may not have been processed or Floqer asked us to come back: 429, 503, resets, timeouts.
 */
import type { FloqerError } from "./errors.js";

/** Reads and the idempotent configure; `write` creates something (Add Action) and is not idempotent. */
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
  if (error.code === "rate_limited") return true;
  // A write that creates something may have been applied before the fault: never repeat it blind.
  if (kind === "write") return false;
  if (error.code === "timeout" || error.code === "network") return true;
  if (error.status === 503) return true;
  // A 502 is Floqer's own failed Salesforce session refresh: repeating it cannot help.
  return kind === "read" && error.code === "server_error" && error.status !== 502;
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
