/**
 * What a write did, told from the sheet as Floqer holds it after the write's own answer was lost
 * (a timeout, a dropped connection, a 5xx). Pure: the caller reads the sheet again and hands it in.
 */
import type { ActionGraph } from "../sheet/graph.js";
import { type UpdateActionInputs, updateActionsOf } from "./updateAction.js";
import { changesFrom, sameInput } from "./validateUpdate.js";

export type ConfigureOutcome =
  /** The action holds every input the write sent. */
  | { kind: "applied" }
  /** The action holds what it held before the write, input for input. */
  | { kind: "not_applied" }
  /** The action is gone, or holds something that is neither (another change, or part of this one). */
  | { kind: "other"; differs: string[] };

/** Compares what the action holds now with what was sent and with what it held before. */
export function configureOutcome(
  sent: UpdateActionInputs,
  before: Record<string, unknown> | undefined,
  now: Record<string, unknown> | undefined,
): ConfigureOutcome {
  if (now === undefined) return { kind: "other", differs: [] };
  const differs = changesFrom(now, sent).map((change) => change.input);
  if (differs.length === 0) return { kind: "applied" };
  // Without what it held before, "untouched" cannot be told from "changed by someone else".
  const untouched =
    before !== undefined && Object.keys(sent).every((input) => sameInput(input, before[input], now[input]));
  return untouched ? { kind: "not_applied" } : { kind: "other", differs };
}

export type AddOutcome =
  | { kind: "added"; actionInstanceId: string }
  | { kind: "not_applied" }
  /** More than one new update action: this write and someone else's, or a repeat upstream. */
  | { kind: "several"; actionInstanceIds: string[] };

/** Which update actions the sheet has now that it did not have before the add. */
export function addOutcome(before: readonly string[], now: ActionGraph): AddOutcome {
  const known = new Set(before);
  const added = updateActionsOf(now).filter((id) => !known.has(id));
  if (added.length === 0) return { kind: "not_applied" };
  if (added.length === 1) return { kind: "added", actionInstanceId: added[0] as string };
  return { kind: "several", actionInstanceIds: added };
}
