/**
 * Salesforce fields as Floqer lists them, and the rules for matching what an agent asks for
 * against them. Field API names are case-insensitive in Salesforce.
 */

export interface SalesforceField {
  name: string;
  label: string;
  type?: string;
  /** false when the field can never be written; undefined when Floqer did not say. */
  updateable?: boolean;
}

/** Fields no update can write, whatever the metadata says: the record's id and system audit fields. */
const SYSTEM_FIELDS = new Set(
  [
    "Id",
    "IsDeleted",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "LastActivityDate",
    "LastViewedDate",
    "LastReferencedDate",
    "MasterRecordId",
  ].map((name) => name.toLowerCase()),
);

/** Field types whose values Salesforce computes. */
const COMPUTED_TYPES = new Set([
  "id",
  "formula",
  "calculated",
  "rollup",
  "roll-up summary",
  "summary",
  "autonumber",
]);

export function isWritable(field: SalesforceField): boolean {
  if (field.updateable === false) return false;
  if (SYSTEM_FIELDS.has(field.name.toLowerCase())) return false;
  return !(field.type && COMPUTED_TYPES.has(field.type.toLowerCase()));
}

/** Case-insensitive lookup by API name; the index is built once per option list. */
export function indexByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}

/** Matches name or label, case-insensitively, as a substring. */
export function matchesQuery(item: { name: string; label: string }, query: string | undefined): boolean {
  if (!query) return true;
  const needle = query.toLowerCase();
  return item.name.toLowerCase().includes(needle) || item.label.toLowerCase().includes(needle);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/__c$/, "")
    .replace(/[^a-z0-9]/g, "");
}

/**
 * The names closest to what was asked for, best first: those that contain it or that it contains
 * (by name or label), then those within a small edit distance.
 */
export function closestNames(
  wanted: string,
  items: readonly { name: string; label: string }[],
  max = 3,
): string[] {
  const target = normalized(wanted);
  if (!target) return [];
  const scored: { name: string; score: number }[] = [];
  for (const item of items) {
    const name = normalized(item.name);
    const label = normalized(item.label);
    let score: number;
    if (name === target || label === target) score = 0;
    else if (name.includes(target) || target.includes(name) || label.includes(target)) score = 1;
    else {
      const distance = Math.min(editDistance(target, name), editDistance(target, label));
      if (distance > Math.max(2, Math.floor(target.length / 3))) continue;
      score = 1 + distance;
    }
    scored.push({ name: item.name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((entry) => entry.name);
}
