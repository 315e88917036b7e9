/**
 * Floqer's rate-limit headers, tracked so that the client slows down before it hits the wall
 * instead of after: when the window is nearly spent, the next request waits for the reset.
 */

/** Requests kept in reserve: concurrent calls may be in flight when the count is read. */
const RESERVE = 2;

export class RateLimitTracker {
  #remaining: number | undefined;
  #resetAtMs: number | undefined;

  /** Reads `X-RateLimit-Remaining` and `X-RateLimit-Reset` (unix seconds) from a response. */
  observe(headers: Record<string, string | string[] | undefined>): void {
    const remaining = Number(headers["x-ratelimit-remaining"]);
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(remaining) && Number.isFinite(reset)) {
      this.#remaining = remaining;
      this.#resetAtMs = reset * 1000;
    }
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
