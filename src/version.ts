import { readFileSync } from "node:fs";

/** The package's own name and version, read once from package.json beside src/ or dist/. */
export const PACKAGE = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  /** The registry name, io.github.<owner>/<repository>: where the project lives. */
  mcpName: string;
};

/** The server's title as people see it: in MCP's initialize answer, the bundle and the registry. */
export const TITLE = "Floqer: Salesforce Update a Record";

/** The project's page, from the registry name (io.github.<owner>/<repository>). */
export const WEBSITE_URL = `https://github.com/${PACKAGE.mcpName.replace(/^io\.github\./, "")}`;

/**
 * The server's face in clients that show one: a small SVG (a cloud and an upward arrow: an update
 * to Salesforce), inline so no client has to fetch it.
 */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0b5cab"/><path d="M20 44h26a9 9 0 0 0 1-18 13 13 0 0 0-25-3 10 10 0 0 0-2 21z" fill="#fff"/><path d="M33 40V28m-5 5 5-5 5 5" stroke="#0b5cab" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>';
export const ICONS = [
  {
    src: `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString("base64")}`,
    mimeType: "image/svg+xml",
    sizes: ["any"],
  },
];
