/**
 * Floqer's rate-limit headers, tracked so that the client slows down before it hits the wall
 * instead of after: when the window is nearly spent, the next request waits for the reset.
 *
 * What the headers say is believed, but never for long: a window that stays spent (a daily limit,
 * a stale or wrong header) lets one request through as a probe at most PROBE_AFTER_MS after the
 * hold began, and that answer's headers replace what was known. So a single believable header
 * cannot refuse every call for hours after Floqer has recovered.
 */

/** Requests kept in reserve: concurrent calls may be in flight when the count is read. */
const RESERVE = 2;

/** The longest window Floqer documents (10,000 a day): a reset further away is not a unix time. */
export const MAX_RESET_AHEAD_MS = 24 * 60 * 60 * 1000;

/** An unreadable reset is taken as the documented per-minute window; then one request probes. */
export const UNKNOWN_RESET_MS = 60 * 1000;

/** The longest any hold lasts before one request goes to ask Floqer again: its per-minute window. */
export const PROBE_AFTER_MS = 60 * 1000;

/** How often a held call looks again while a probe is out, to go as soon as it has answered. */
const PROBE_POLL_MS = 250;

export interface RateLimitOptions {
  /** The clock, in ms since the epoch: tests move it instead of waiting. */
  now?: () => number;
  probeAfterMs?: number;
}

/** Why the next request may not go yet. */
export interface RateLimitHold {
  /** How long until a request may go: the window's reset, or this server's next probe. */
  waitMs: number;
  /** When Floqer said the window resets, from now. */
  resetInMs: number;
  /** Another request is out asking Floqer; the wait is a look again, not a promise. */
  probing: boolean;
}

type Headers = Record<string, string | string[] | undefined>;

export class RateLimitTracker {
  readonly #now: () => number;
  readonly #probeAfterMs: number;
  #remaining: number | undefined;
  #resetAtMs: number | undefined;
  /** When the current hold lets its probe go; set when the hold is first announced. */
  #probeAtMs: number | undefined;
  /** The probe let through: when, and the send it became (undefined until it is sent). */
  #probe: { grantedAtMs: number; ticket: number | undefined } | undefined;
  #sent = 0;

  constructor(options: RateLimitOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#probeAfterMs = options.probeAfterMs ?? PROBE_AFTER_MS;
  }

  /**
   * Reads `X-RateLimit-Remaining` and `X-RateLimit-Reset` (unix seconds) from an answer to the send
   * `ticket` (from noteSent). A reset that is not a plausible unix time in the next day
   * (milliseconds, a date far off, garbage) is unknown: the hold is bounded, and when it ends the
   * state is dropped so the next request goes and its headers start the count again.
   *
   * The probe's answer decides: its headers replace the state; a success without them clears it;
   * a 429 without them keeps the hold, and the next probe goes PROBE_AFTER_MS later.
   */
  observe(headers: Headers, status: number, ticket?: number): void {
    const now = this.#now();
    const probed = this.#probe !== undefined && this.#probe.ticket === ticket && ticket !== undefined;
    if (probed) {
      this.#probe = undefined;
      this.#probeAtMs = undefined;
    }
    const read = readHeaders(headers, now);
    if (read) {
      this.#remaining = read.remaining;
      this.#resetAtMs = read.resetAtMs;
    } else if (status >= 200 && status < 300) {
      // Floqer served it and said nothing about its window: there is nothing left to hold for.
      this.#clear();
    } else if (probed && status === 429) {
      this.#remaining = 0;
      this.#resetAtMs = Math.max(this.#resetAtMs ?? 0, now + UNKNOWN_RESET_MS);
    }
  }

  /** Counts a request about to be sent against what is left; the ticket names its answer. */
  noteSent(): number {
    const ticket = ++this.#sent;
    if (this.#remaining !== undefined) this.#remaining--;
    if (this.#probe && this.#probe.ticket === undefined) this.#probe.ticket = ticket;
    return ticket;
  }

  /** The send got no answer (a timeout, a reset): if it was the probe, the next request probes. */
  noteUnanswered(ticket: number): void {
    if (this.#probe?.ticket === ticket) this.#probe = undefined;
  }

  /**
   * Whether the next request must wait, and why; undefined when it may go now. The first request
   * after a hold's PROBE_AFTER_MS goes as the probe, alone: the others hold until it has answered.
   */
  holdBeforeSending(): RateLimitHold | undefined {
    const now = this.#now();
    if (this.#remaining === undefined || this.#resetAtMs === undefined) return undefined;
    if (now >= this.#resetAtMs) {
      this.#clear();
      return undefined;
    }
    if (this.#remaining > RESERVE) {
      this.#probeAtMs = undefined;
      return undefined;
    }
    const resetInMs = this.#resetAtMs - now;
    // A probe whose answer never came (it was lost on the way) frees its place after the same time.
    if (this.#probe && now - this.#probe.grantedAtMs < this.#probeAfterMs) {
      return { waitMs: Math.min(PROBE_POLL_MS, resetInMs), resetInMs, probing: true };
    }
    this.#probe = undefined;
    this.#probeAtMs ??= now + this.#probeAfterMs;
    if (now >= this.#probeAtMs) {
      this.#probe = { grantedAtMs: now, ticket: undefined };
      return undefined;
    }
    return { waitMs: Math.min(this.#resetAtMs, this.#probeAtMs) - now, resetInMs, probing: false };
  }

  #clear(): void {
    this.#remaining = undefined;
    this.#resetAtMs = undefined;
    this.#probeAtMs = undefined;
    this.#probe = undefined;
  }
}

function readHeaders(headers: Headers, nowMs: number): { remaining: number; resetAtMs: number } | undefined {
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  const resetAtMs = reset * 1000;
  const plausible = resetAtMs > nowMs - MAX_RESET_AHEAD_MS && resetAtMs <= nowMs + MAX_RESET_AHEAD_MS;
  return { remaining, resetAtMs: plausible ? resetAtMs : nowMs + UNKNOWN_RESET_MS };
}

/** A wait as a person says it: "45 seconds", "12 minutes", "about 23 hours". */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `about ${minutes} minutes`;
  return `about ${Math.round(minutes / 60)} hours`;
}
