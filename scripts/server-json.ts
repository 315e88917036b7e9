/**
 * `npm run docs:server-json`: writes `server.json`, this server's entry for the official MCP
 * Registry, from the code's own facts: the name (`mcpName` in package.json, which the registry
 * checks against the published npm package), the version, the title, and the environment
 * variables of the settings table. A test fails while the file on disk and this disagree.
 *
 * The format is the registry's `server.schema.json` of 2025-12-11, named by `$schema`. Its
 * published copy is not vendored here: no npm package carries it, and npm is the only registry this
 * project's builds reach. test/unit/serverJson.test.ts checks the rules of that schema that this
 * file uses, written out.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stdioEnvironment } from "../src/config.js";
import { TITLE } from "../src/version.js";
import { PACKAGE_JSON } from "./packageJson.js";

export const SERVER_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
export const SERVER_JSON_PATH = fileURLToPath(new URL("../server.json", import.meta.url));

/** The registry allows 100 characters here; package.json's description is longer. */
const REGISTRY_DESCRIPTION =
  "Configure Floqer's Salesforce update action from AI agents, behind a user-confirmation guard.";

/** The variable an installer must ask for: without it every tool answers how to set it. */
const REQUIRED = new Set(["FLOQER_API_KEY"]);

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
        environmentVariables: stdioEnvironment().map((setting) => ({
          ...setting,
          isRequired: REQUIRED.has(setting.name),
        })),
      },
    ],
  };
}

export const serverJsonText = () => `${JSON.stringify(serverJson(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SERVER_JSON_PATH, serverJsonText());
  console.log(`wrote ${SERVER_JSON_PATH}`);
}
