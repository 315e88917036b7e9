/**
 * A signal that aborts when its parent does or when a time limit passes, and that lets go of both
 * the moment the work is done. AbortSignal.timeout() keeps its timer (and whatever hangs on the
 * signal) alive for the whole limit, and AbortSignal.any() keeps its sources linked; per call,
 * under load, both hold memory long after the call returned.
 */
export interface Deadline {
  /**
   * Made on first read: a call that never waits on anything (a cached read) never reads it, and pays
   * for no controller, timer or listener. Read late, it starts as it would be by then: aborted when
   * the parent is or the time is up.
   */
  readonly signal: AbortSignal;
  /** When the time is up, in Date.now() terms: what is left of the work's time is measured to it. */
  readonly endsAt: number;
  /** True when it was the time limit, not the parent, that aborted. */
  readonly timedOut: boolean;
  release(): void;
}

export function deadline(parent: AbortSignal | undefined, ms: number): Deadline {
  const endsAt = Date.now() + ms;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  let released = false;
  const onParentAbort = () => controller?.abort(parent?.reason);
  const timeUp = () => {
    timedOut = true;
    controller?.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError"));
  };
  return {
    endsAt,
    get signal() {
      if (controller) return controller.signal;
      controller = new AbortController();
      // Released: the work is done, and nothing may abort what it hands out now.
      if (released) return controller.signal;
      const left = endsAt - Date.now();
      if (parent?.aborted) onParentAbort();
      else if (left <= 0) timeUp();
      else {
        timer = setTimeout(timeUp, left);
        parent?.addEventListener("abort", onParentAbort, { once: true });
      }
      return controller.signal;
    },
    get timedOut() {
      return timedOut;
    },
    release() {
      released = true;
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
