/**
 * A small TTL + LRU cache of upstream loads (option lists, sheet graphs). Concurrent identical requests share one upstream
 * call, which is aborted only when every caller waiting for it has cancelled; failures are never
 * kept, so the next call asks again.
 */

interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

export interface CacheRead {
  refresh?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Where the shared load reports retries: the caller that started it. */
  notify?: ((message: string) => void) | undefined;
}

export class LoadCache<T> {
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
  get(key: string, load: (signal: AbortSignal) => Promise<T>, read: CacheRead = {}): Promise<T> {
    const existing = this.#entries.get(key);
    const fresh = existing && !read.refresh && (!existing.settled || existing.expiresAt > this.#now());
    const entry = fresh ? existing : this.#start(key, load);
    // Re-insert so the map's order is least recently used first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#evict();
    return this.#waitFor(key, entry, read.signal);
  }

  /** Drops a key, so the next read loads it again (after a write that changed what it holds). */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  #start(key: string, load: (signal: AbortSignal) => Promise<T>): Entry<T> {
    const controller = new AbortController();
    const entry: Entry<T> = {
      expiresAt: Number.POSITIVE_INFINITY,
      value: load(controller.signal),
      controller,
      waiters: 0,
      settled: false,
    };
    entry.value.then(
      () => {
        entry.settled = true;
        entry.expiresAt = this.#now() + this.#ttlMs;
      },
      () => {
        entry.settled = true;
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry;
  }

  #waitFor(key: string, entry: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      // A caller that cannot cancel keeps the load alive.
      entry.waiters = Number.POSITIVE_INFINITY;
      return entry.value;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    entry.waiters++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        signal.removeEventListener("abort", onAbort);
        entry.waiters--;
      };
      const onAbort = () => {
        leave();
        if (entry.waiters === 0 && !entry.settled) {
          entry.controller.abort(signal.reason);
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
        }
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      entry.value.then(
        (value) => {
          leave();
          resolve(value);
        },
        (error: unknown) => {
          leave();
          reject(error);
        },
      );
    });
  }

  #evict(): void {
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
