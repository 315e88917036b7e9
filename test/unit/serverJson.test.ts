/**
 * `server.json`, the entry for the official MCP Registry: written from the code (documents.test.ts
 * fails while the file on disk is stale), named as package.json's `mcpName` says (the registry
 * checks the published npm package for it), and within the rules of the registry's
 * server.schema.json (2025-12-11) that it uses, written out below: the published schema itself is
 * not vendored (see scripts/server-json.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { PACKAGE_JSON } from "../../scripts/packageJson.js";
import { SERVER_SCHEMA, serverJson } from "../../scripts/server-json.js";
import { parseCommandLine } from "../../src/config/parse.js";
import { ENV } from "../../src/settingNames.js";

type Entry = Record<string, unknown>;

const SERVER_FIELDS = [
  "$schema",
  "name",
  "title",
  "description",
  "version",
  "repository",
  "websiteUrl",
  "icons",
  "packages",
  "remotes",
  "_meta",
];
const PACKAGE_FIELDS = [
  "registryType",
  "registryBaseUrl",
  "identifier",
  "version",
  "fileSha256",
  "runtimeHint",
  "transport",
  "runtimeArguments",
  "packageArguments",
  "environmentVariables",
];
const INPUT_FIELDS = [
  "name",
  "description",
  "isRequired",
  "format",
  "value",
  "isSecret",
  "default",
  "placeholder",
  "choices",
  "variables",
];
const FORMATS = ["string", "number", "boolean", "filepath"];
const TRANSPORTS = ["stdio", "streamable-http", "sse"];
/** Version ranges, which the registry refuses for a server's and a package's version. */
const RANGE = /^[\^~<>=]|[*xX](\.|$)|\s|\|\|/;

/** Where an entry breaks the registry schema's rules for the fields this project uses. */
function registryProblems(server: Entry): string[] {
  const problems: string[] = [];
  const unknown = (at: string, entry: Entry, allowed: string[]) => {
    for (const key of Object.keys(entry))
      if (!allowed.includes(key)) problems.push(`${at}: unknown field ${key}`);
  };
  unknown("server", server, SERVER_FIELDS);
  const name = String(server.name ?? "");
  if (!/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/.test(name) || name.length < 3 || name.length > 200)
    problems.push(`name ${name}: must be namespace/name in reverse-DNS form, 3 to 200 characters`);
  const description = String(server.description ?? "");
  if (description.length < 1 || description.length > 100)
    problems.push(`description: ${description.length} characters, must be 1 to 100`);
  const version = String(server.version ?? "");
  if (!version || version.length > 255 || RANGE.test(version) || version === "latest")
    problems.push(`version ${version}: must be one exact version`);
  for (const [index, pkg] of ((server.packages ?? []) as Entry[]).entries()) {
    const at = `packages[${index}]`;
    unknown(at, pkg, PACKAGE_FIELDS);
    for (const field of ["registryType", "identifier", "version", "transport"])
      if (pkg[field] === undefined) problems.push(`${at}: ${field} is required`);
    const pkgVersion = String(pkg.version ?? "");
    if (pkgVersion === "latest" || RANGE.test(pkgVersion))
      problems.push(`${at}: version ${pkgVersion} must be one exact version`);
    const transport = (pkg.transport ?? {}) as Entry;
    if (!TRANSPORTS.includes(String(transport.type)))
      problems.push(`${at}: transport ${String(transport.type)}`);
    for (const [position, variable] of ((pkg.environmentVariables ?? []) as Entry[]).entries()) {
      const where = `${at}.environmentVariables[${position}]`;
      unknown(where, variable, INPUT_FIELDS);
      if (typeof variable.name !== "string" || !variable.name) problems.push(`${where}: name is required`);
      if (variable.format !== undefined && !FORMATS.includes(String(variable.format)))
        problems.push(`${where}: format ${String(variable.format)}`);
      for (const flag of ["isRequired", "isSecret"])
        if (variable[flag] !== undefined && typeof variable[flag] !== "boolean")
          problems.push(`${where}: ${flag}`);
      for (const text of ["description", "default", "value", "placeholder"])
        if (variable[text] !== undefined && typeof variable[text] !== "string")
          problems.push(`${where}: ${text}`);
    }
  }
  return problems;
}

describe("server.json for the MCP Registry", () => {
  const onDisk = JSON.parse(readFileSync(new URL("../../server.json", import.meta.url), "utf8")) as Entry;

  it("names the 2025-12-11 schema, package.json's mcpName, and the package's own name and version", () => {
    const entry = serverJson();
    assert.equal(entry.$schema, SERVER_SCHEMA);
    assert.equal(entry.name, PACKAGE_JSON.mcpName);
    assert.equal(entry.version, PACKAGE_JSON.version);
    assert.deepEqual(
      entry.packages.map((pkg) => [pkg.registryType, pkg.identifier, pkg.version, pkg.transport.type]),
      [["npm", PACKAGE_JSON.name, PACKAGE_JSON.version, "stdio"]],
    );
  });

  it("keeps the registry schema's rules", () => {
    assert.deepEqual(registryProblems(onDisk), []);
  });

  it("lists every non-HTTP setting's variable, and the server takes each default it states", () => {
    const variables = serverJson().packages[0]?.environmentVariables ?? [];
    assert.deepEqual(
      variables.map((variable) => variable.name),
      Object.values(ENV).filter((name) => !name.startsWith("MCP_HTTP")),
    );
    for (const variable of variables) {
      if (variable.default === undefined) continue;
      const parsed = parseCommandLine([], { [variable.name]: variable.default });
      assert.equal(parsed.kind, "run", `${variable.name}=${variable.default}: ${JSON.stringify(parsed)}`);
    }
    assert.deepEqual(
      variables.filter((variable) => variable.isSecret).map((variable) => variable.name),
      ["FLOQER_API_KEY", "MCP_CONFIRMATION_SECRET"],
    );
    assert.deepEqual(
      variables.filter((variable) => variable.isRequired).map((variable) => variable.name),
      ["FLOQER_API_KEY"],
    );
  });

  it("the rules checker refuses what the registry refuses", () => {
    const broken = {
      ...serverJson(),
      name: "no-slash",
      description: "x".repeat(101),
      version: "^1.0.0",
      extra: true,
      packages: [{ registryType: "npm", identifier: "p", version: "latest", transport: { type: "ws" } }],
    };
    assert.deepEqual(registryProblems(broken), [
      "server: unknown field extra",
      "name no-slash: must be namespace/name in reverse-DNS form, 3 to 200 characters",
      "description: 101 characters, must be 1 to 100",
      "version ^1.0.0: must be one exact version",
      "packages[0]: version latest must be one exact version",
      "packages[0]: transport ws",
    ]);
  });
});
