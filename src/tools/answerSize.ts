/**
 * A ceiling on the size of any tool answer. Upstream strings are bounded where they are read, and
 * lists are paged, so an answer near the ceiling means a very large configuration: its long
 * strings are shortened for display (what was sent is unchanged), and only if that is not enough
 * is the answer refused. An answer sent whole twice (text and structuredContent) past a client's
 * buffer would make the client drop the connection.
 */
import { MAX_ANSWER_BYTES } from "../limits.js";

/** The text cut to at most `max` characters and marked, never inside a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** Each string longer than `max` characters, cut to `max` and marked. */
function shorten(value: unknown, max: number): unknown {
  if (typeof value === "string") return cutText(value, max);
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

const CUT_NOTE = "\n[cut here: the message was longer than this server sends at once]";

/** A message held under the ceiling in UTF-8 bytes, cut at a character and marked where cut. */
export function fitText(text: string, limit = MAX_ANSWER_BYTES): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const room = new Uint8Array(limit - Buffer.byteLength(CUT_NOTE));
  const { read } = new TextEncoder().encodeInto(text, room);
  return `${text.slice(0, read)}${CUT_NOTE}`;
}
