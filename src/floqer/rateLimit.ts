/**
 * Floqer's rate-limit headers, tracked so that the client slows down before it hits the wall
 * instead of after: when the window is nearly spent, the next request waits for the reset.
 */

/** Requests kept in reserve: concurrent calls may be in flight when the count is read. */
const RESERVE = 2;

/** The longest window Floqer documents (10,000 a day): a reset further away is not a unix time. */
export const MAX_RESET_AHEAD_MS = 24 * 60 * 60 * 1000;

/** An unreadable reset is taken as the documented per-minute window; then one request probes. */
export const UNKNOWN_RESET_MS = 60 * 1000;

export class RateLimitTracker {
  #remaining: number | undefined;
  #resetAtMs: number | undefined;

  /**
   * Reads `X-RateLimit-Remaining` and `X-RateLimit-Reset` (unix seconds) from a response. A reset
   * that is not a plausible unix time in the next day (milliseconds, a date far off, garbage) is
   * unknown: the hold is bounded, and when it ends the state is dropped so the next request goes
   * and its headers start the count again. A bad header can slow the server down, never lock it out.
   */
  observe(headers: Record<string, string | string[] | undefined>, nowMs = Date.now()): void {
    const remaining = Number(headers["x-ratelimit-remaining"]);
    const reset = Number(headers["x-ratelimit-reset"]);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    const resetAtMs = reset * 1000;
    const plausible = resetAtMs > nowMs - MAX_RESET_AHEAD_MS && resetAtMs <= nowMs + MAX_RESET_AHEAD_MS;
    this.#remaining = remaining;
    this.#resetAtMs = plausible ? resetAtMs : nowMs + UNKNOWN_RESET_MS;
  }

  /** Counts a request about to be sent against what is left. */
  noteSent(): void {
    if (this.#remaining !== undefined) this.#remaining--;
  }

  /** How long to hold the next request, 0 when it may go now. */
  waitBeforeSendingMs(nowMs = Date.now()): number {
    if (this.#remaining === undefined || this.#resetAtMs === undefined) return 0;
    if (nowMs >= this.#resetAtMs) {
      this.#remaining = undefined;
      this.#resetAtMs = undefined;
      return 0;
    }
    return this.#remaining <= RESERVE ? this.#resetAtMs - nowMs : 0;
  }
}
