/**
 * `server.json`, this server's entry for the official MCP Registry, from the code's own facts: the
 * name (`mcpName` in package.json, which the registry checks against the published npm package),
 * the version, the title, and the environment variables of the settings table. `npm run docs`
 * (scripts/docs.ts) writes it; a test fails while the file on disk and this disagree.
 *
 * The format is the registry's `server.schema.json` of 2025-12-11, named by `$schema`. Its
 * published copy is not vendored here: no npm package carries it, and npm is the only registry this
 * project's builds reach. test/unit/serverJson.test.ts checks the rules of that schema that this
 * file uses, written out.
 */
import { stdioEnvironment } from "../src/config/render.js";
import { TITLE } from "../src/version.js";
import { PACKAGE_JSON } from "./packageJson.js";

export const SERVER_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

/** The registry allows 100 characters here; package.json's description is longer. */
const REGISTRY_DESCRIPTION =
  "Configure Floqer's Salesforce update action from AI agents, behind a user-confirmation guard.";

export function serverJson() {
  return {
    $schema: SERVER_SCHEMA,
    name: PACKAGE_JSON.mcpName,
    title: TITLE,
    description: REGISTRY_DESCRIPTION,
    version: PACKAGE_JSON.version,
    packages: [
      {
        registryType: "npm",
        registryBaseUrl: "https://registry.npmjs.org",
        identifier: PACKAGE_JSON.name,
        version: PACKAGE_JSON.version,
        runtimeHint: "npx",
        transport: { type: "stdio" },
        environmentVariables: stdioEnvironment(),
      },
    ],
  };
}

export const serverJsonText = () => `${JSON.stringify(serverJson(), null, 2)}\n`;
