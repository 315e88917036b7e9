import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FloqerClient } from "../../src/floqer/client.js";
import { FloqerError } from "../../src/floqer/errors.js";
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
    assert.deepEqual(await graphs.get(MAIN), { available: true, graph: GRAPH });
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
});
