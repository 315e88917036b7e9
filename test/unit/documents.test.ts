/**
 * Every document written from the code (scripts/docs.ts: the README's settings table, server.json)
 * is, on disk, what `npm run docs` writes: one check for all of them, so a new setting (or a new
 * generated document) cannot go stale unnoticed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DOCUMENTS, onDisk, replaceSection } from "../../scripts/docs.js";

describe("generated documents", () => {
  for (const document of DOCUMENTS) {
    it(`${document.path} is what npm run docs writes`, () => {
      const current = onDisk(document);
      assert.ok(current, `${document.path} is missing: run npm run docs`);
      assert.equal(current, document.render(current), `${document.path} is stale: run npm run docs`);
    });
  }

  it("writes a section between its markers, keeps the rest, and refuses a file without them", () => {
    const text = "intro\n<!-- part:start (generated) -->\nold\nrows\n<!-- part:end -->\nrest\n";
    assert.equal(
      replaceSection(text, "part", "new"),
      "intro\n<!-- part:start (generated) -->\nnew\n<!-- part:end -->\nrest\n",
    );
    assert.throws(() => replaceSection("intro\n", "part", "new"), /no <!-- part:start -->/);
  });
});
