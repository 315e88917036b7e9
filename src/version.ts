import { readFileSync } from "node:fs";

/** The package's own name and version, read once from package.json beside src/ or dist/. */
export const PACKAGE = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

/** The server's title as people see it: in MCP's initialize answer, the bundle and the registry. */
export const TITLE = "Floqer: Salesforce Update a Record";
