/**
 * Reading one row back, for the test run and for get_row_result: List Rows by its id (never a
 * page of rows), a cell's outputs fetched where Floqer stores them apart, and the sheet's chain for
 * the order of the cells.
 */
import type { SheetLocation } from "../floqer/endpoints.js";
import type { RowView } from "../floqer/rows.js";
import type { ActionGraph } from "../sheet/graph.js";
import { type RowResult, rowResult } from "../sheet/testRun.js";
import { TOOL } from "../toolNames.js";
import { type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

/** The row with this id, or undefined when Floqer lists none. */
export async function readRow(
  context: ToolContext,
  sheet: SheetLocation,
  rowId: string,
  call: ToolCall,
): Promise<RowView | undefined> {
  const rows = await context.client.listRows(
    sheet,
    { row_ids: [rowId], page_no: 1, page_size: 1 },
    call.upstream,
  );
  return rows.find((row) => row.row_id === rowId);
}

/**
 * The row as an answer shows it. A cell whose outputs are stored apart has them fetched, from the
 * API's own address only; a reference elsewhere is reported, not followed.
 */
export async function resultOf(
  context: ToolContext,
  row: RowView,
  graph: ActionGraph,
  actionInstanceId: string,
  call: ToolCall,
): Promise<{ result: RowResult; warnings: string[] }> {
  const warnings: string[] = [];
  const cell = row.cells[actionInstanceId];
  if (cell && !cell.outputs && cell.outputs_ref) {
    const stored = await context.client.fetchStoredOutputs(cell.outputs_ref.url, call.upstream);
    if (stored.kind === "read") cell.outputs = stored.outputs;
    else
      warnings.push(
        stored.kind === "elsewhere"
          ? "The update's outputs are stored at an address outside the Floqer API, which this server does not send the key to: see them in the Floqer app."
          : "The update's outputs are stored apart, and what Floqer returned for them is not a set of outputs: see them in the Floqer app.",
      );
  }
  return { result: rowResult(row, graph, actionInstanceId), warnings };
}

/** The sheet's chain, or a refusal that says why it is needed. */
export async function chainOf(
  context: ToolContext,
  sheet: SheetLocation,
  call: ToolCall,
): Promise<ActionGraph> {
  const read = await context.graphs.get(sheet, { ...call.upstream, refresh: true });
  if (read.available) return read.graph;
  throw new ToolFailure(
    `The sheet's actions cannot be read (${read.reason}), so which actions a run touches is unknown. Nothing was run; check the sheet in the Floqer app (${TOOL.getWorkflow} shows what can be read).`,
  );
}
