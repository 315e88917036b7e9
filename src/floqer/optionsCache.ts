/**
 * A small TTL cache for option lists. Concurrent identical requests share one upstream call;
 * failures are never kept, so the next call asks again.
 */

interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
}

export class OptionsCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(ttlMs: number, maxEntries: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value for key, or load() shared by every caller until it settles. */
  get(key: string, load: () => Promise<T>, refresh = false): Promise<T> {
    const existing = this.#entries.get(key);
    if (existing && !refresh && existing.expiresAt > this.#now()) {
      // Re-insert so the map's order is least recently used first.
      this.#entries.delete(key);
      this.#entries.set(key, existing);
      return existing.value;
    }
    const value = load();
    const entry: Entry<T> = { expiresAt: this.#now() + this.#ttlMs, value };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return value;
  }
}
