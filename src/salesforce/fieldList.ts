/**
 * The list of fields an update writes (`add_fields_and_their_values`), put together from what the
 * action holds and what an agent asks. Floqer replaces the whole list on every configure, so the
 * merge happens here: the fields given are added to the ones held (by API name, case-insensitively;
 * a field given again takes its new value), unless the agent asks to remove some or to replace the
 * whole list. Pure: the caller reads the action and resolves names against the org afterwards.
 */

import type { FieldValuePair } from "./updateAction.js";

export const FIELD_LIST = "add_fields_and_their_values";

/** What an agent asks of the field list. */
export interface FieldListRequest {
  given: readonly FieldValuePair[];
  remove: readonly string[];
  replace: boolean;
}

/** A pair of the list to send, with where it came from (for problems that name it). */
export interface PlannedPair extends FieldValuePair {
  held: boolean;
  where: string;
}

export type FieldListPlan =
  | { ok: true; pairs: PlannedPair[]; dropped: string[] }
  | { ok: false; problems: string[] };

/** One field whose value the write changes: `from` null where the action did not write it, `to` null where it drops it. */
export interface FieldChange {
  input: typeof FIELD_LIST;
  field: string;
  from: string | null;
  to: string | null;
}

const keyOf = (name: string) => name.trim().toLowerCase();

/**
 * The field list the action holds, as pairs: empty when it holds none, undefined when it holds
 * something this server does not read as a list of `{name, value}` (then it cannot be merged).
 */
export function readHeldFields(held: unknown): FieldValuePair[] | undefined {
  if (held === undefined || held === null) return [];
  if (!Array.isArray(held)) return undefined;
  const pairs: FieldValuePair[] = [];
  for (const item of held) {
    if (typeof item !== "object" || item === null) return undefined;
    const { name, value } = item as Record<string, unknown>;
    if (typeof name !== "string" || name.trim() === "") return undefined;
    if (typeof value === "string") pairs.push({ name, value });
    else if (typeof value === "number" || typeof value === "boolean")
      pairs.push({ name, value: String(value) });
    else if (value === undefined || value === null) pairs.push({ name, value: "" });
    else return undefined;
  }
  return pairs;
}

/** Where a given pair stands in the request, as problems name it. */
export function givenWhere(index: number, name: string): string {
  return `${FIELD_LIST}[${index}] (${name})`;
}

function heldWhere(name: string): string {
  return `field ${name} (held by the action)`;
}

/**
 * The list to send. Merge (the default): the held pairs in their order, each replaced where the
 * same field is given, less the removed ones, then the new fields in the order given. Replace: the
 * fields given and nothing else. `dropped` names every held field the list no longer has.
 */
export function planFieldList(held: readonly FieldValuePair[], request: FieldListRequest): FieldListPlan {
  const given = request.given.map((pair, index) => ({
    ...pair,
    held: false,
    where: givenWhere(index, pair.name),
  }));
  const givenByKey = new Map(given.map((pair) => [keyOf(pair.name), pair]));
  if (request.replace) {
    return {
      ok: true,
      pairs: given,
      dropped: held.filter((pair) => !givenByKey.has(keyOf(pair.name))).map((pair) => pair.name),
    };
  }
  const heldKeys = new Set(held.map((pair) => keyOf(pair.name)));
  const problems: string[] = [];
  const removeKeys = new Set<string>();
  for (const name of request.remove) {
    const key = keyOf(name);
    if (!heldKeys.has(key)) {
      const holds = held.map((pair) => pair.name).join(", ") || "none";
      problems.push(`remove_fields: '${name}' is not among the action's fields (it holds: ${holds})`);
    } else if (givenByKey.has(key)) {
      problems.push(`remove_fields: '${name}' is also in ${FIELD_LIST}; give it in one of the two`);
    }
    removeKeys.add(key);
  }
  if (problems.length > 0) return { ok: false, problems };
  const pairs: PlannedPair[] = [];
  const dropped: string[] = [];
  for (const pair of held) {
    const key = keyOf(pair.name);
    if (removeKeys.has(key)) dropped.push(pair.name);
    else pairs.push(givenByKey.get(key) ?? { ...pair, held: true, where: heldWhere(pair.name) });
  }
  pairs.push(...given.filter((pair) => !heldKeys.has(keyOf(pair.name))));
  return { ok: true, pairs, dropped };
}

/** Each field the write adds, changes or drops, compared by API name case-insensitively. */
export function fieldChanges(
  held: readonly FieldValuePair[],
  next: readonly FieldValuePair[],
): FieldChange[] {
  const before = new Map(held.map((pair) => [keyOf(pair.name), pair]));
  const changes: FieldChange[] = [];
  for (const pair of next) {
    const was = before.get(keyOf(pair.name));
    before.delete(keyOf(pair.name));
    if (was?.value !== pair.value) {
      changes.push({ input: FIELD_LIST, field: pair.name, from: was?.value ?? null, to: pair.value });
    }
  }
  for (const gone of before.values()) {
    changes.push({ input: FIELD_LIST, field: gone.name, from: gone.value, to: null });
  }
  return changes;
}
