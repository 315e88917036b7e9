/**
 * Names matched the way agents type them: case-insensitively, by query, and, for a name that
 * matches nothing, the nearest ones, with the work bounded so no request can stall the server.
 * Pure and general: Salesforce fields, reference tokens and tool arguments all use it.
 */

/** Memo per list: option lists are cached and reused, so their indexes are built once. */
const indexes = new WeakMap<readonly { name: string }[], Map<string, unknown>>();

/** Case-insensitive lookup by API name; the first of equal names wins. */
export function indexByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const cached = indexes.get(items);
  if (cached) return cached as Map<string, T>;
  const index = new Map<string, T>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    if (!index.has(key)) index.set(key, item);
  }
  indexes.set(items, index);
  return index;
}

/** Matches name or label, case-insensitively, as a substring. */
export function matchesQuery(item: { name: string; label: string }, query: string | undefined): boolean {
  if (!query) return true;
  const needle = query.toLowerCase();
  return item.name.toLowerCase().includes(needle) || item.label.toLowerCase().includes(needle);
}

/**
 * Levenshtein distance, or Infinity as soon as it must exceed `limit`: only a band of width
 * 2 x limit around the diagonal is computed, so a long list of far-off names costs little.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(Number.POSITIVE_INFINITY);
    current[0] = i;
    let rowMinimum = current[0];
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return Number.POSITIVE_INFINITY;
    previous = current;
  }
  const distance = previous[b.length] as number;
  return distance > limit ? Number.POSITIVE_INFINITY : distance;
}

function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/__c$/, "")
    .replace(/[^a-z0-9]/g, "");
}

const ALPHABET = 36;

/** How often each of a-z and 0-9 occurs in a normalized name. */
function letterCounts(text: string): Uint16Array {
  const counts = new Uint16Array(ALPHABET);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const slot = code >= 97 ? code - 97 : code - 48 + 26;
    counts[slot] = (counts[slot] as number) + 1;
  }
  return counts;
}

/**
 * A lower bound of the edit distance from the letters alone: each edit adds, removes or changes one
 * letter, so it cannot mend more than one surplus and one shortage. Costs 36 steps where the
 * distance costs a band of the table, so most far-off names never reach the distance.
 */
function letterDistance(a: Uint16Array, b: Uint16Array): number {
  let surplus = 0;
  let shortage = 0;
  for (let i = 0; i < ALPHABET; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference > 0) surplus += difference;
    else shortage -= difference;
  }
  return Math.max(surplus, shortage);
}

interface Candidate {
  name: string;
  normalizedName: string;
  normalizedLabel: string;
  nameCounts: Uint16Array;
  labelCounts: Uint16Array;
}

const candidateLists = new WeakMap<readonly { name: string; label: string }[], Candidate[]>();

function candidatesOf(items: readonly { name: string; label: string }[]): Candidate[] {
  let candidates = candidateLists.get(items);
  if (!candidates) {
    candidates = items.map((item) => {
      const normalizedName = normalized(item.name);
      const normalizedLabel = normalized(item.label);
      return {
        name: item.name,
        normalizedName,
        normalizedLabel,
        nameCounts: letterCounts(normalizedName),
        labelCounts: letterCounts(normalizedLabel),
      };
    });
    candidateLists.set(items, candidates);
  }
  return candidates;
}

/** The work suggestions did, counted where it costs: each edit distance computed. */
export interface SuggestionWork {
  distances: number;
  /** Past this many, no more distances are computed: only exact and contained names are found. */
  maxDistances?: number;
}

/** More edits than this make a guess, not a suggestion; it also bounds the band of each distance. */
const MAX_EDITS = 8;

/**
 * Distances one request may compute. With the letter bound, an org of distinct names costs a few
 * hundred for 20 unknown names; an org of look-alike names (Custom_Field_0001 to _3000) would cost
 * 120,000, a third of a second: past the budget, later names get the list tool instead.
 */
export const SUGGESTION_DISTANCES = 20_000;

/** The distance within `limit`, or Infinity; the letter bound first, so most names cost 36 steps. */
function distanceWithin(
  target: string,
  targetCounts: Uint16Array,
  other: string,
  otherCounts: Uint16Array,
  limit: number,
  work: SuggestionWork | undefined,
): number {
  if (Math.abs(target.length - other.length) > limit) return Number.POSITIVE_INFINITY;
  if (letterDistance(targetCounts, otherCounts) > limit) return Number.POSITIVE_INFINITY;
  if (work) {
    if (work.maxDistances !== undefined && work.distances >= work.maxDistances) {
      return Number.POSITIVE_INFINITY;
    }
    work.distances++;
  }
  return boundedEditDistance(target, other, limit);
}

/**
 * The names closest to what was asked for, best first: those that contain it or that it contains
 * (by name or label), then those within a small edit distance.
 */
export function closestNames(
  wanted: string,
  items: readonly { name: string; label: string }[],
  max = 3,
  work?: SuggestionWork,
): string[] {
  const target = normalized(wanted);
  if (!target) return [];
  const limit = Math.min(MAX_EDITS, Math.max(2, Math.floor(target.length / 3)));
  const targetCounts = letterCounts(target);
  const scored: { name: string; score: number }[] = [];
  for (const { name, normalizedName, normalizedLabel, nameCounts, labelCounts } of candidatesOf(items)) {
    let score: number;
    if (normalizedName === target || normalizedLabel === target) score = 0;
    else if (
      normalizedName.includes(target) ||
      target.includes(normalizedName) ||
      normalizedLabel.includes(target)
    ) {
      score = 1;
    } else {
      const distance = Math.min(
        distanceWithin(target, targetCounts, normalizedName, nameCounts, limit, work),
        distanceWithin(target, targetCounts, normalizedLabel, labelCounts, limit, work),
      );
      if (distance === Number.POSITIVE_INFINITY) continue;
      score = 1 + distance;
    }
    scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((entry) => entry.name);
}

/**
 * Suggestions for one request, for its first `budget` unknown names only: a refusal shows its first
 * problems and counts the rest (SHOWN_PROBLEMS), so suggestions past those would never be read,
 * and a request naming hundreds of unknown fields would cost hundreds of searches of the org.
 * A name asked again costs nothing.
 */
export class Suggestions {
  readonly #given = new WeakMap<readonly { name: string; label: string }[], Map<string, string[]>>();
  #left: number;

  constructor(
    budget: number,
    readonly work: SuggestionWork = { distances: 0, maxDistances: SUGGESTION_DISTANCES },
  ) {
    this.#left = budget;
  }

  /** The closest names, or none once the budget is spent. */
  closest(wanted: string, items: readonly { name: string; label: string }[]): string[] {
    let given = this.#given.get(items);
    if (!given) {
      given = new Map();
      this.#given.set(items, given);
    }
    const known = given.get(wanted);
    if (known) return known;
    if (this.#left <= 0) return [];
    this.#left--;
    const names = closestNames(wanted, items, 3, this.work);
    given.set(wanted, names);
    return names;
  }
}
