/**
 * `npm run docs:settings`: writes the README's settings table from the one table of settings in
 * src/config.ts. A test checks that the README agrees, so a new setting cannot go undocumented.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { settingsTable } from "../src/config.js";

const README = new URL("../README.md", import.meta.url);
const pattern = /(<!-- settings:start[^>]*-->\n)[\s\S]*?(\n<!-- settings:end -->)/;
const readme = readFileSync(README, "utf8");
if (!pattern.test(readme)) throw new Error("README.md has no settings markers");
writeFileSync(
  README,
  readme.replace(pattern, (_, start: string, end: string) => `${start}${settingsTable()}${end}`),
);
