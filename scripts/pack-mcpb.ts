/**
 * `npm run pack:mcpb`: builds the Claude Desktop one-click bundle (an MCP Bundle, .mcpb). The
 * manifest is written from the code's own facts (tool list, version, and the settings the table
 * marks for the bundle, the Floqer key as a sensitive one), and runs the bundled server with Claude
 * Desktop's Node.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleSettings } from "../src/config/render.js";
import { TOOLS } from "../src/tools/catalog.js";
import { PACKAGE, TITLE } from "../src/version.js";
import { PACKAGE_JSON } from "./packageJson.js";

const root = fileURLToPath(new URL("..", import.meta.url));

export function manifest() {
  const settings = bundleSettings();
  return {
    manifest_version: "0.3",
    name: PACKAGE.name,
    display_name: TITLE,
    version: PACKAGE.version,
    description:
      'Configure Floqer\'s "Salesforce: Update a Record" action from Claude, with a guard that confirms your Salesforce connection first.',
    long_description:
      "Find your Floqer workflows, the Salesforce objects and fields of your connected org, and configure the update action with every field, record ID and reference token checked before anything is written. Nothing is configured until you confirm that you connected Salesforce to Floqer yourself.",
    author: { name: `${PACKAGE.name} contributors` },
    license: "MIT",
    keywords: ["floqer", "salesforce", "gtm", "crm"],
    server: {
      type: "node",
      entry_point: "dist/index.js",
      mcp_config: {
        command: "node",
        args: ["${__dirname}/dist/index.js"],
        env: settings.env,
      },
    },
    tools: TOOLS.map((tool) => ({ name: tool.name, description: tool.title })),
    tools_generated: false,
    prompts_generated: true,
    compatibility: { platforms: ["darwin", "win32", "linux"], runtimes: { node: PACKAGE_JSON.engines.node } },
    user_config: settings.userConfig,
  };
}

/** Stages the bundle's files and packs them; returns the .mcpb path. */
export function packMcpb(outputDir = `${root}build`): string {
  const stage = `${outputDir}/mcpb`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(`${root}dist`, `${stage}/dist`, { recursive: true });
  cpSync(`${root}LICENSE`, `${stage}/LICENSE`);
  cpSync(`${root}README.md`, `${stage}/README.md`);
  // The server reads its name, version and registry name (its website) from package.json beside dist/.
  writeFileSync(
    `${stage}/package.json`,
    `${JSON.stringify({ name: PACKAGE.name, version: PACKAGE.version, mcpName: PACKAGE.mcpName, type: "module" }, null, 2)}\n`,
  );
  writeFileSync(`${stage}/manifest.json`, `${JSON.stringify(manifest(), null, 2)}\n`);
  const bundle = `${outputDir}/${PACKAGE.name}-${PACKAGE.version}.mcpb`;
  execFileSync(`${root}node_modules/.bin/mcpb`, ["pack", stage, bundle], { stdio: "pipe" });
  return bundle;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(packMcpb());
}
