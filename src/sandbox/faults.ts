/** Faults injected into the emulator's answers, for tests: the next matching requests get them. */

export interface Fault {
  method?: string;
  /** Substring of the path after /api/v1, e.g. "/options/salesforce_object". */
  path?: string;
  times?: number;
  /** Wait this long before answering (or, with hang, forever). */
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  /** Raw body text; by default a Floqer error envelope for `status`. */
  body?: string;
  /** Close the connection without answering. */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
  /**
   * Carry the request out first (a write is applied and recorded), then answer with the fault:
   * the write that landed and whose answer was lost.
   */
  afterApplying?: boolean;
  /** Faults armed when this one fires, for what the client does next (a read-back, say). */
  followedBy?: Fault[];
}

export class FaultQueue {
  readonly pending: Fault[] = [];

  /** The first fault that matches the request, used up by one. */
  take(method: string, path: string): Fault | undefined {
    const index = this.pending.findIndex(
      (fault) => (!fault.method || fault.method === method) && (!fault.path || path.includes(fault.path)),
    );
    if (index < 0) return undefined;
    const fault = this.pending[index] as Fault;
    const times = (fault.times ?? 1) - 1;
    if (times <= 0) this.pending.splice(index, 1);
    else fault.times = times;
    if (fault.followedBy) this.pending.push(...fault.followedBy);
    return fault;
  }
}
