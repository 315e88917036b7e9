/** Reading loosely documented JSON from Floqer: the two checks every reader here needs. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list sent as the array itself or wrapped as `{<key>: [...]}`; undefined for anything else. */
export function listIn(data: unknown, key: string): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  return isObject(data) && Array.isArray(data[key]) ? (data[key] as unknown[]) : undefined;
}
