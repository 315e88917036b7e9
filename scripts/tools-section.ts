/**
 * `npm run docs:tools`: writes the README's tools section from the tool definitions (src/tools),
 * each the one home of what is said about it. A test fails while the README and they disagree.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { TOOLS } from "../src/tools/index.js";
import { toolsSection } from "../src/tools/readme.js";

export const TOOLS_MARKERS = /(<!-- tools:start[^>]*-->\n)[\s\S]*?(\n<!-- tools:end -->)/;

const README = new URL("../README.md", import.meta.url);

export function readmeWithTools(readme: string): string {
  if (!TOOLS_MARKERS.test(readme)) throw new Error("README.md has no tools markers");
  return readme.replace(
    TOOLS_MARKERS,
    (_, start: string, end: string) => `${start}${toolsSection(TOOLS)}${end}`,
  );
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  writeFileSync(README, readmeWithTools(readFileSync(README, "utf8")));
}
