/**
 * What the last probe said about a key's Salesforce connection, when it said "not connected":
 * kept for a few minutes (or until a probe succeeds), so a call that skips the probe cannot get a
 * token for a key Floqer just refused. Per process, keyed by the key's fingerprint, never the key.
 */
const NOT_CONNECTED_MEMORY_MS = 5 * 60 * 1000;

export class NotConnectedMemory {
  readonly #refusals = new Map<string, { reason: string; until: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  remember(fingerprint: string, reason: string): void {
    this.#refusals.set(fingerprint, { reason, until: this.#now() + NOT_CONNECTED_MEMORY_MS });
  }

  forget(fingerprint: string): void {
    this.#refusals.delete(fingerprint);
  }

  /** The reason Floqer gave, while it is fresh. */
  recall(fingerprint: string): string | undefined {
    const refusal = this.#refusals.get(fingerprint);
    if (!refusal) return undefined;
    if (refusal.until > this.#now()) return refusal.reason;
    this.#refusals.delete(fingerprint);
    return undefined;
  }
}
