/**
 * `npm run docs`: writes every document generated from the code, the one entry point for all of
 * them. test/unit/documents.test.ts fails while any file on disk differs from what this writes,
 * so a new setting cannot go undocumented. A document is a file and how it is written from the
 * code: a whole file (server.json) ignores what it held; a section of a hand-written file (the
 * README's settings table and tools section) replaces what lies between its markers and keeps the rest. A file may
 * be named by several entries, one per section. The Claude Desktop bundle's manifest is no file in
 * the checkout: scripts/pack-mcpb.ts writes it at pack time from the same renderers.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { settingsTable } from "../src/config/render.js";
import { TOOLS } from "../src/tools/catalog.js";
import { toolsSection } from "../src/tools/readme.js";
import { serverJsonText } from "./server-json.js";

export interface GeneratedDocument {
  /** From the checkout's root. */
  path: string;
  /** The file as it should be, from what it holds now ("" for a file not there yet). */
  render(current: string): string;
}

/**
 * Replaces what lies between `<!-- name:start ... -->` and `<!-- name:end -->`, each on a line of
 * its own; throws when the markers are not there, rather than write the section nowhere.
 */
export function replaceSection(text: string, name: string, body: string): string {
  const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`no <!-- ${name}:start --> and <!-- ${name}:end --> markers`);
  return text.replace(pattern, (_, start: string, end: string) => `${start}${body}${end}`);
}

export const DOCUMENTS: readonly GeneratedDocument[] = [
  { path: "README.md", render: (readme) => replaceSection(readme, "settings", settingsTable()) },
  { path: "README.md", render: (readme) => replaceSection(readme, "tools", toolsSection(TOOLS)) },
  {
    path: "README.md",
    render: (readme) =>
      replaceSection(
        readme,
        "nginx",
        `\`\`\`nginx\n${readFileSync(new URL("deploy/nginx.conf", ROOT), "utf8").trimEnd()}\n\`\`\``,
      ),
  },
  { path: "server.json", render: () => serverJsonText() },
];

const ROOT = new URL("..", import.meta.url);
export const documentPath = (document: GeneratedDocument) => fileURLToPath(new URL(document.path, ROOT));

/** What the file holds now, "" when it is not there. */
export function onDisk(document: GeneratedDocument): string {
  const path = documentPath(document);
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const document of DOCUMENTS) {
    const current = onDisk(document);
    const written = document.render(current);
    if (written === current) continue;
    writeFileSync(documentPath(document), written);
    console.log(`wrote ${document.path}`);
  }
}
