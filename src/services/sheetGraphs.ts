/**
 * Each sheet's action graph, cached like the option lists (per workflow and sheet; one server
 * serves one key), dropped after every write this server makes to the sheet and re-read on
 * `refresh`. The graph route is **inferred**: when Floqer has no such route the answer says so, and
 * callers carry on with what they can check without it.
 */
import type { SheetRead } from "../floqer/actionGraph.js";
import type { FloqerClient } from "../floqer/client.js";
import { type SheetLocation, sheetOf } from "../floqer/endpoints.js";
import { FloqerError } from "../floqer/errors.js";
import { type CacheRead, OptionsCache } from "../floqer/optionsCache.js";
import type { SheetSummary, WorkflowOverview } from "../floqer/workflows.js";

export interface WorkflowWithChains {
  workflow: WorkflowOverview;
  /** Each sheet of the overview, in its order, with its graph. */
  sheets: { sheet: SheetSummary; chain: SheetRead }[];
}

export class SheetGraphs {
  readonly #client: FloqerClient;
  readonly #cache: OptionsCache<SheetRead>;

  constructor(client: FloqerClient, ttlMs: number, maxEntries: number) {
    this.#client = client;
    this.#cache = new OptionsCache(ttlMs, maxEntries);
  }

  get(location: SheetLocation, read: CacheRead = {}): Promise<SheetRead> {
    return this.#cache.get(
      cacheKey(location),
      async (signal) => {
        try {
          return {
            available: true,
            graph: await this.#client.getActionGraph(location, { signal, notify: read.notify }),
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

  /** A workflow's overview and every sheet's graph, read side by side. */
  async forWorkflow(workflowId: string, read: CacheRead = {}): Promise<WorkflowWithChains> {
    const workflow = await this.#client.getWorkflow(workflowId, read);
    const chains = await Promise.all(
      workflow.sheets.map((sheet) =>
        this.get({ workflow_id: workflow.workflow_id, sheet_id: sheet.sheet_id }, read),
      ),
    );
    return {
      workflow,
      sheets: workflow.sheets.map((sheet, index) => ({ sheet, chain: chains[index] as SheetRead })),
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
