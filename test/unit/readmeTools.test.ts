import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { readmeWithTools } from "../../scripts/tools-section.js";

describe("the README's tools section", () => {
  it("is written from the tool definitions (npm run docs:tools)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    assert.equal(
      readme,
      readmeWithTools(readme),
      "README.md's tools section is stale: run npm run docs:tools",
    );
  });
});
