/**
 * After a write whose answer was lost. Once a request that changes Floqer may have been processed,
 * no answer may call it a plain failure or ask for it again: the tool reads the sheet back, fresh,
 * and says what happened; only when that read fails too does it say the outcome is unknown.
 */

import type { SheetLocation } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import type { ActionGraph } from "../sheet/graph.js";
import type { ToolCall, ToolContext } from "./tool.js";

/**
 * Whether a failed write may have been applied: anything but a FloqerError that says Floqer
 * refused it, or that it never left (a thrown bug is no proof either way, so it counts as may).
 */
export function mayHaveLanded(error: unknown): boolean {
  return !(error instanceof FloqerError) || error.outcomeUnknown;
}

/** What went wrong with the write, in a few words. */
export function faultOf(error: unknown): string {
  return error instanceof FloqerError ? error.fault : "this server failed while the request was out";
}

export type ReadBack = { ok: true; graph: ActionGraph } | { ok: false; why: string };

/** The sheet as Floqer holds it now, never from the cache. */
export async function readSheetBack(
  context: ToolContext,
  location: SheetLocation,
  call: ToolCall,
): Promise<ReadBack> {
  try {
    const sheet = await context.graphs.get(location, { ...call.upstream, refresh: true });
    return sheet.available
      ? { ok: true, graph: sheet.graph }
      : { ok: false, why: "Floqer offers no way to read the sheet's actions" };
  } catch (error) {
    return { ok: false, why: faultOf(error) };
  }
}
