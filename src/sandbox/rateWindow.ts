/** Floqer's per-key rate limit as the sandbox keeps it: a one-minute window and its headers. */
import { HttpError } from "./routes.js";

const WINDOW_MS = 60_000;

export class RateWindow {
  readonly #limit: number;
  #startedAt = Date.now();
  #count = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Counts a request; past the limit, a 429 with how long to wait. */
  count(now = Date.now()): void {
    if (now - this.#startedAt >= WINDOW_MS) {
      this.#startedAt = now;
      this.#count = 0;
    }
    this.#count++;
    if (this.#count > this.#limit) {
      const retryAfter = Math.max(1, Math.ceil((this.#startedAt + WINDOW_MS - now) / 1000));
      throw new HttpError(429, `Rate limit exceeded. Try again in ${retryAfter} seconds.`, { retryAfter });
    }
  }

  /** The X-RateLimit-* headers every answer carries (reset in unix seconds, as documented). */
  headers(): Record<string, string> {
    return {
      "x-ratelimit-limit": String(this.#limit),
      "x-ratelimit-remaining": String(Math.max(0, this.#limit - this.#count)),
      "x-ratelimit-reset": String(Math.ceil((this.#startedAt + WINDOW_MS) / 1000)),
    };
  }
}
