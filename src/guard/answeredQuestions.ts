/**
 * The question ids already answered, so that each is answered at most once: any answer, yes or no,
 * retires its id. An id is remembered until it expires (after that its signature check refuses it
 * anyway), so the memory is bounded by time, and by a count on top. Per process: another process
 * that shares the signing secret does not see these answers.
 */

/**
 * At most this many answered ids are held at once (each expires QUESTION_TTL_SECONDS after it was
 * asked). A person answers a question in seconds; 10,000 answers within one question's lifetime
 * is far beyond any real use, and costs about a megabyte.
 */
const ANSWERED_QUESTIONS_MAX = 10_000;

export type Recorded = { outcome: "recorded" } | { outcome: "already" } | { outcome: "full"; until: number };

export class AnsweredQuestions {
  /** Each answered question's own id, with the time its question_id expires (ms). */
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;
  readonly max: number;

  constructor(max = ANSWERED_QUESTIONS_MAX, now: () => number = Date.now) {
    this.max = max;
    this.#now = now;
  }

  get size(): number {
    return this.#expiries.size;
  }

  has(id: string): boolean {
    return this.#expiries.has(id);
  }

  /**
   * When the store is full of ids that have not expired yet: the time (ms) the first of them
   * expires, when there is room again. Undefined while there is room.
   */
  fullUntil(): number | undefined {
    if (this.#expiries.size < this.max) return undefined;
    const now = this.#now();
    let first = Number.POSITIVE_INFINITY;
    for (const [id, expiresAt] of this.#expiries) {
      if (expiresAt <= now) this.#expiries.delete(id);
      else first = Math.min(first, expiresAt);
    }
    return this.#expiries.size < this.max ? undefined : first;
  }

  /**
   * Records the answer to question `id`, in one step with the check, so of two answers only the
   * first is recorded. Refused when the id was answered before, and when the store is full: an id
   * it cannot remember could be answered again, so it takes no answer it cannot hold.
   */
  record(id: string, expiresAtMs: number): Recorded {
    if (this.#expiries.has(id)) return { outcome: "already" };
    const until = this.fullUntil();
    if (until !== undefined) return { outcome: "full", until };
    this.#expiries.set(id, expiresAtMs);
    return { outcome: "recorded" };
  }
}
