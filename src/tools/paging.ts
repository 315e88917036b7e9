/**
 * Offset pagination with opaque cursors. A cursor remembers which filter it belongs to, so a
 * cursor reused with another query is refused rather than silently skipping results.
 */
import { createHash } from "node:crypto";
import { ToolFailure } from "./tool.js";

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor?: string;
}

/** A cursor that cannot be used: a refusal like any other, with the next step in its message. */
export class CursorError extends ToolFailure {}

function filterTag(filter: string): string {
  return createHash("sha256").update(filter).digest("base64url").slice(0, 8);
}

export function encodeCursor(offset: number, filter: string): string {
  return Buffer.from(`${offset}:${filterTag(filter)}`).toString("base64url");
}

export function decodeCursor(cursor: string, filter: string): number {
  const [offsetText, tag] = Buffer.from(cursor, "base64url").toString("utf8").split(":");
  const offset = Number(offsetText);
  if (!Number.isSafeInteger(offset) || offset < 0 || tag === undefined) {
    throw new CursorError(
      "cursor: cursor is not one this server gave out; call again without cursor to start over",
    );
  }
  if (tag !== filterTag(filter)) {
    throw new CursorError("cursor: cursor belongs to another query; call again without cursor to start over");
  }
  return offset;
}

/** One page of items; `filter` describes everything that chose the items (query, object, ...). */
export function paginate<T>(
  items: readonly T[],
  limit: number,
  cursor: string | undefined,
  filter: string,
): Page<T> {
  const offset = cursor ? decodeCursor(cursor, filter) : 0;
  const end = offset + limit;
  const page: Page<T> = { items: items.slice(offset, end), total: items.length };
  if (end < items.length) page.nextCursor = encodeCursor(end, filter);
  return page;
}
