/**
 * The layers of src/ hold in the imports: each file imports only its own layer's folder or a lower
 * layer, no two folders import each other, and only the MCP wing (src/mcp) imports the SDK.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Lowest first; a file takes the layer of the longest prefix that matches it. */
const LAYERS: readonly [prefix: string, layer: number][] = [
  ["src/", 0], // the shared leaves: limits, names, log, redact, version, settingNames, toolNames, ...
  ["src/sheet/", 1],
  ["src/sandbox/", 1],
  ["src/floqer/", 2],
  ["src/salesforce/", 2],
  ["src/services/", 3],
  ["src/config/", 3],
  ["src/guard/", 4],
  ["src/tools/", 5],
  ["src/mcp/", 6],
  ["src/doctor.ts", 7],
  ["src/index.ts", 8],
  ["src/bin.ts", 9],
];

function layerOf(file: string): { layer: number; room: string } {
  let best: readonly [string, number] = ["", -1];
  for (const entry of LAYERS) if (file.startsWith(entry[0]) && entry[0].length > best[0].length) best = entry;
  return { layer: best[1], room: best[0] };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

const IMPORT = /(?:from\s+|import\s*\(\s*)"([^"]+)"/g;

function importsOf(file: string): string[] {
  return [...readFileSync(join(ROOT, file), "utf8").matchAll(IMPORT)].map((match) => match[1] as string);
}

const FILES = sourceFiles("src");

describe("the layers of src/", () => {
  it("every file of src/ has a layer", () => {
    for (const file of FILES) assert.ok(layerOf(file).layer >= 0, file);
  });

  it("each import goes to the same folder or a lower layer, never across to a peer or up", () => {
    const wrong: string[] = [];
    for (const file of FILES) {
      const from = layerOf(file);
      for (const specifier of importsOf(file).filter((spec) => spec.startsWith("."))) {
        const target = relative(ROOT, normalize(join(dirname(join(ROOT, file)), specifier))).replace(
          /\.js$/,
          ".ts",
        );
        const to = layerOf(target);
        const sameRoom = from.room === to.room;
        if (to.layer > from.layer || (!sameRoom && to.layer === from.layer)) {
          wrong.push(`${file} (${from.layer}) -> ${target} (${to.layer})`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it("only the MCP wing imports the SDK", () => {
    const outside = FILES.filter(
      (file) =>
        !file.startsWith("src/mcp/") &&
        importsOf(file).some((spec) => spec.startsWith("@modelcontextprotocol/")),
    );
    assert.deepEqual(outside, []);
  });
});
