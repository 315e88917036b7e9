/**
 * Floqer's answers about rows, read tolerantly (schemas AddRowsData, ListRowsData, RowView and
 * RowCell are documented): the ids of the rows added, and each row's cells with their status,
 * outputs (or where they are stored apart) and error. Nothing here decides what a status means.
 */
import { cleanName, cleanUpstreamValue } from "./envelope.js";
import { isObject, listIn } from "./json.js";

export interface RowCell {
  status: string;
  outputs?: Record<string, unknown>;
  /** Where large outputs are stored apart (fetched with the same key). */
  outputs_ref?: { url: string; size_bytes?: number };
  error?: string;
}

export interface RowView {
  row_id: string;
  row_status: string;
  created_at?: string;
  inputs: Record<string, unknown>;
  /** Keyed by action instance id. */
  cells: Record<string, RowCell>;
}

export interface AddedRows {
  row_ids: string[];
  /** How many of them Floqer queued to run as it added them, where it says (AddRowsData). */
  rows_queued_for_run?: number;
  /** Floqer's reasons for each row it refused, as text. */
  rejected: string[];
}

const ROW_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The most keys of an object and items of a list a cell's outputs show, at any depth. */
const MAX_SHOWN_ENTRIES = 50;

/**
 * Outputs bounded by count as well as by length (cleanUpstreamValue does the strings): past
 * MAX_SHOWN_ENTRIES, a list ends with, and an object gains, a note of how many were left out.
 */
function boundedByCount(value: unknown): unknown {
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_SHOWN_ENTRIES).map(boundedByCount);
    return value.length > MAX_SHOWN_ENTRIES
      ? [...shown, `(${value.length - MAX_SHOWN_ENTRIES} more not shown)`]
      : shown;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    const shown = Object.fromEntries(
      entries.slice(0, MAX_SHOWN_ENTRIES).map(([key, item]) => [key, boundedByCount(item)]),
    );
    return entries.length > MAX_SHOWN_ENTRIES
      ? { ...shown, not_shown: `${entries.length - MAX_SHOWN_ENTRIES} more outputs` }
      : shown;
  }
  return value;
}

function readErrorText(value: unknown): string | undefined {
  if (typeof value === "string") return cleanName(value, 1_000);
  if (isObject(value)) {
    const message = value.message ?? value.error ?? value.detail;
    const code = typeof value.code === "string" ? `${cleanName(value.code, 64)}: ` : "";
    if (typeof message === "string") return `${code}${cleanName(message, 1_000)}`;
  }
  return value === undefined || value === null ? undefined : cleanName(JSON.stringify(value), 1_000);
}

function readCell(value: unknown): RowCell | undefined {
  if (!isObject(value) || typeof value.status !== "string") return undefined;
  const cell: RowCell = { status: cleanName(value.status, 32) };
  if (isObject(value.outputs)) {
    cell.outputs = boundedByCount(cleanUpstreamValue(value.outputs)) as Record<string, unknown>;
  }
  const ref = value.outputs_ref;
  if (isObject(ref) && typeof ref.url === "string") {
    cell.outputs_ref = {
      url: ref.url,
      ...(typeof ref.size_bytes === "number" && { size_bytes: ref.size_bytes }),
    };
  }
  const error = readErrorText(value.error);
  if (error !== undefined) cell.error = error;
  return cell;
}

function readRow(value: unknown): RowView | undefined {
  if (!isObject(value) || typeof value.row_id !== "string" || !ROW_ID.test(value.row_id)) return undefined;
  const cells: Record<string, RowCell> = {};
  if (isObject(value.cells)) {
    for (const [id, raw] of Object.entries(value.cells)) {
      const cell = readCell(raw);
      if (cell && ROW_ID.test(id)) cells[id] = cell;
    }
  }
  return {
    row_id: value.row_id,
    row_status: typeof value.row_status === "string" ? cleanName(value.row_status, 32) : "unknown",
    ...(typeof value.created_at === "string" && { created_at: cleanName(value.created_at, 64) }),
    inputs: isObject(value.inputs) ? (cleanUpstreamValue(value.inputs) as Record<string, unknown>) : {},
    cells,
  };
}

/** List Rows' rows (`data.rows`, or the list itself); undefined when the answer has no list. */
export function readRows(data: unknown): RowView[] | undefined {
  const list = listIn(data, "rows");
  if (!list) return undefined;
  return list.map(readRow).filter((row): row is RowView => row !== undefined);
}

/** Add Rows' answer: the new rows' ids, and why any row was refused. */
export function readAddedRows(data: unknown): AddedRows | undefined {
  if (!isObject(data)) return undefined;
  const ids = Array.isArray(data.row_ids) ? data.row_ids : undefined;
  if (!ids) return undefined;
  const rejected = (Array.isArray(data.rejected) ? data.rejected : []).flatMap((entry) => {
    const errors = isObject(entry) && Array.isArray(entry.errors) ? entry.errors : [entry];
    return errors.map(readErrorText).filter((text): text is string => text !== undefined);
  });
  return {
    row_ids: ids.filter((id): id is string => typeof id === "string" && ROW_ID.test(id)),
    rejected,
    ...(typeof data.rows_queued_for_run === "number" && { rows_queued_for_run: data.rows_queued_for_run }),
  };
}

/** A cell's outputs stored apart: read, at an address the key is not sent to, or not an object. */
export type StoredOutputs =
  | { kind: "read"; outputs: Record<string, unknown> }
  | { kind: "elsewhere" }
  | { kind: "unreadable" };

/** Stored outputs, cleaned and bounded like a cell's own. */
export function readStoredOutputs(data: Record<string, unknown>): Record<string, unknown> {
  return boundedByCount(cleanUpstreamValue(data)) as Record<string, unknown>;
}
