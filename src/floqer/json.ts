/** Reading loosely documented JSON from Floqer: the checks every reader here needs. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list sent as the array itself or wrapped as `{<key>: [...]}`; undefined for anything else. */
export function listIn(data: unknown, key: string): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  return isObject(data) && Array.isArray(data[key]) ? (data[key] as unknown[]) : undefined;
}

/** True when arrays and objects nest more than `max` levels deep; walked without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: { item: unknown; depth: number }[] = [{ item: value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { item, depth } = next;
    if (typeof item !== "object" || item === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) pending.push({ item: child, depth: depth + 1 });
    }
  }
  return false;
}
