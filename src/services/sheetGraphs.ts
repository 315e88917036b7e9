/**
 * Each sheet's action graph, cached like the option lists (per workflow and sheet; one server
 * serves one key), dropped after every write this server makes to the sheet and re-read on
 * `refresh`. The graph route is **inferred**: when Floqer has no such route the answer says so, and
 * callers carry on with what they can check without it.
 */

import type { FloqerClient } from "../floqer/client.js";
import { type SheetLocation, sheetOf } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import type { SheetSummary, WorkflowOverview } from "../floqer/workflows.js";
import { MAX_SHEETS_READ_PER_CALL, SHEET_READS_AT_ONCE } from "../limits.js";
import type { SheetRead } from "../sheet/graph.js";
import { type CacheRead, LoadCache } from "./loadCache.js";

export interface WorkflowWithChains {
  workflow: WorkflowOverview;
  /** Each sheet of the overview, in its order, with its graph where it was read. */
  sheets: { sheet: SheetSummary; chain: SheetRead | undefined }[];
}

export class SheetGraphs {
  readonly #client: FloqerClient;
  readonly #cache: LoadCache<SheetRead>;

  constructor(client: FloqerClient, ttlMs: number, maxEntries: number) {
    this.#client = client;
    this.#cache = new LoadCache(ttlMs, maxEntries);
  }

  get(location: SheetLocation, read: CacheRead = {}): Promise<SheetRead> {
    return this.#cache.get(
      cacheKey(location),
      async (signal) => {
        try {
          return {
            available: true,
            graph: await this.#client.getActionGraph(location, { signal, notify: read.notify }),
            readAt: Date.now(),
          };
        } catch (error) {
          if (error instanceof FloqerError && error.code === "route_not_found") {
            return { available: false, reason: error.message };
          }
          throw error;
        }
      },
      read,
    );
  }

  /**
   * A workflow's overview and its sheets' graphs: those of `only` (when given), else the first
   * MAX_SHEETS_READ_PER_CALL, read a few at a time. A sheet not read has no chain.
   */
  async forWorkflow(workflowId: string, read: CacheRead = {}, only?: string): Promise<WorkflowWithChains> {
    const workflow = await this.#client.getWorkflow(workflowId, read);
    const wanted = workflow.sheets
      .filter((sheet) => only === undefined || sheet.sheet_id === only)
      .slice(0, MAX_SHEETS_READ_PER_CALL);
    const chains = new Map<string, SheetRead>();
    let next = 0;
    const worker = async () => {
      while (next < wanted.length) {
        const sheet = wanted[next++] as SheetSummary;
        chains.set(
          sheet.sheet_id,
          await this.get({ workflow_id: workflow.workflow_id, sheet_id: sheet.sheet_id }, read),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(SHEET_READS_AT_ONCE, wanted.length) }, worker));
    return {
      workflow,
      sheets: workflow.sheets.map((sheet) => ({ sheet, chain: chains.get(sheet.sheet_id) })),
    };
  }

  /** After a write to the sheet: its chain or an action's configuration has changed. */
  forget(location: SheetLocation): void {
    this.#cache.forget(cacheKey(location));
  }
}

function cacheKey(location: SheetLocation): string {
  return JSON.stringify([location.workflow_id, sheetOf(location)]);
}
