/**
 * Every tool's listed schemas as the published bundle carries them: its build replaces this
 * module's text with what src/mcp/listing.ts writes from the definitions (scripts/build.mjs), so a
 * start does not write them again. Run from source, there are none, and listing.ts writes them.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** A tool's schemas as tools/list shows them; the output once as listed normally and once on the sandbox. */
export interface ListedSchemas {
  input: Tool["inputSchema"];
  output: Tool["outputSchema"];
  sandboxOutput: Tool["outputSchema"];
}

export const BUILT_LISTED_SCHEMAS: Readonly<Record<string, ListedSchemas>> | undefined = undefined;
