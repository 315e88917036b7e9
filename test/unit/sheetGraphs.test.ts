import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FloqerClient } from "../../src/floqer/client.js";
import { FloqerError } from "../../src/floqer/errors.js";
import { MAX_SHEETS_READ_PER_CALL, SHEET_READS_AT_ONCE } from "../../src/limits.js";
import { SheetGraphs } from "../../src/services/sheetGraphs.js";

function stubClient(answer: () => unknown) {
  let reads = 0;
  const client = {
    getActionGraph: async () => {
      reads++;
      return answer();
    },
  } as unknown as FloqerClient;
  return { client, reads: () => reads };
}

const MAIN = { workflow_id: "wf_1" };
const GRAPH = { inputs: [], actions: [] };

describe("sheet graphs", () => {
  it("reads a sheet once, again after a write forgets it, and again on refresh", async () => {
    const { client, reads } = stubClient(() => GRAPH);
    const graphs = new SheetGraphs(client, 60_000, 10);
    const before = Date.now();
    const read = await graphs.get(MAIN);
    assert.ok(read.available);
    assert.deepEqual(read.graph, GRAPH);
    assert.ok(read.readAt >= before && read.readAt <= Date.now(), "stamped with when Floqer was asked");
    await graphs.get({ workflow_id: "wf_1", sheet_id: "wf_1" });
    assert.equal(reads(), 1, "the main sheet by either name is one entry");
    graphs.forget(MAIN);
    await graphs.get(MAIN);
    await graphs.get(MAIN, { refresh: true });
    assert.equal(reads(), 3);
  });

  it("keeps working without the graph route, and never caches another failure", async () => {
    const missing = stubClient(() => {
      throw new FloqerError("route_not_found", "Floqer has no route GET /x (404).");
    });
    assert.deepEqual(await new SheetGraphs(missing.client, 60_000, 10).get(MAIN), {
      available: false,
      reason: "Floqer has no route GET /x (404).",
    });
    const failing = stubClient(() => {
      throw new FloqerError("server_error", "down");
    });
    const graphs = new SheetGraphs(failing.client, 60_000, 10);
    await assert.rejects(graphs.get(MAIN), /down/);
    await assert.rejects(graphs.get(MAIN), /down/);
    assert.equal(failing.reads(), 2);
  });

  it("reads at most a bounded number of a workflow's sheets, a few at a time", async () => {
    const sheets = Array.from({ length: 3_000 }, (_, index) => ({
      sheet_id: `sh_${index}`,
      name: `Sheet ${index}`,
      is_main_sheet: index === 0,
    }));
    let inFlight = 0;
    let most = 0;
    let reads = 0;
    const client = {
      getWorkflow: async () => ({ workflow_id: "wf_1", name: "Wide", sheets }),
      getActionGraph: async () => {
        reads++;
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return GRAPH;
      },
    } as unknown as FloqerClient;
    const graphs = new SheetGraphs(client, 60_000, 5_000);
    const all = await graphs.forWorkflow("wf_1");
    assert.equal(reads, MAX_SHEETS_READ_PER_CALL);
    assert.equal(most, SHEET_READS_AT_ONCE);
    assert.equal(all.sheets.length, 3_000, "every sheet is listed");
    assert.equal(all.sheets.filter(({ chain }) => chain !== undefined).length, MAX_SHEETS_READ_PER_CALL);

    const one = await graphs.forWorkflow("wf_1", {}, "sh_2999");
    assert.equal(reads, MAX_SHEETS_READ_PER_CALL + 1, "only the sheet asked for");
    assert.ok(one.sheets.find(({ sheet }) => sheet.sheet_id === "sh_2999")?.chain?.available);
  });
});
