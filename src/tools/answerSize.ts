/**
 * A ceiling on the size of any tool answer. Upstream strings are bounded where they are read, and
 * lists are paged, so an answer near the ceiling means a very large configuration: its long
 * strings are shortened for display (what was sent is unchanged), and only if that is not enough
 * is the answer refused. An answer sent whole twice (text and structuredContent) past a client's
 * buffer would make the client drop the connection.
 */
import { MAX_ANSWER_BYTES } from "../limits.js";

/** Each string longer than `max` characters, cut to `max` and marked. */
function shorten(value: unknown, max: number): unknown {
  if (typeof value === "string") return value.length > max ? `${value.slice(0, max)}…` : value;
  if (Array.isArray(value)) return value.map((item) => shorten(item, max));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item, max)]));
  }
  return value;
}

const STEPS = [4_096, 1_024, 256, 64];

export type FittedAnswer =
  | { fits: true; structured: Record<string, unknown>; text: string; shortenedTo?: number }
  | { fits: false; bytes: number };

/** The answer as it is when it fits, else with long strings shortened, else too large. */
export function fitAnswer(structured: Record<string, unknown>, limit = MAX_ANSWER_BYTES): FittedAnswer {
  const text = JSON.stringify(structured);
  if (Buffer.byteLength(text) <= limit) return { fits: true, structured, text };
  for (const max of STEPS) {
    const shortened = shorten(structured, max) as Record<string, unknown>;
    const shortText = JSON.stringify(shortened);
    if (Buffer.byteLength(shortText) <= limit) {
      return { fits: true, structured: shortened, text: shortText, shortenedTo: max };
    }
  }
  return { fits: false, bytes: Buffer.byteLength(text) };
}
