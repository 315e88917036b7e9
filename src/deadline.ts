/**
 * A signal that aborts when its parent does or when a time limit passes, and that lets go of both
 * the moment the work is done. AbortSignal.timeout() keeps its timer (and whatever hangs on the
 * signal) alive for the whole limit, and AbortSignal.any() keeps its sources linked; per call,
 * under load, both hold memory long after the call returned.
 */
export interface Deadline {
  signal: AbortSignal;
  /** True when it was the time limit, not the parent, that aborted. */
  readonly timedOut: boolean;
  release(): void;
}

export function deadline(parent: AbortSignal | undefined, ms: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError"));
  }, ms);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    release() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
