/**
 * The checkout's package.json with the fields the packaging scripts read. The server itself reads
 * only its name and version (src/version.ts): the copy beside dist/ in the .mcpb carries no more.
 */
import { PACKAGE } from "../src/version.js";

export const PACKAGE_JSON = PACKAGE as typeof PACKAGE & {
  /** The MCP Registry name, which the registry checks against the published npm package. */
  mcpName: string;
  engines: { node: string };
};
