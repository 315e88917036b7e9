/**
 * Every install path, exercised offline in temporary folders: the npm tarball installed into an
 * empty project, the README's client snippets run as written, the Claude Desktop bundle (.mcpb)
 * validated and started the way its manifest says, and the MCP Inspector CLI.
 */

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { INSPECTOR_CLI, node22 } from "../../scripts/node22.js";
import { packMcpb } from "../../scripts/pack-mcpb.js";
import { FloqerEmulator } from "../../src/sandbox/emulator.js";
import { TOOLS } from "../../src/tools/catalog.js";
import { holdingAnswers } from "../support/heldOutputs.js";
import { cleanEnv } from "../support/process.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  bin: Record<string, string>;
};

/** Starts a server as a client would, lists its tools and makes one call. */
async function tryServer(command: string, args: string[], env: Record<string, string>) {
  const client = holdingAnswers(
    new Client({ name: "install-test", version: "1.0.0" }),
    args.includes("--sandbox"),
  );
  await client.connect(new StdioClientTransport({ command, args, env: cleanEnv(env), stderr: "ignore" }));
  try {
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    const result = (await client.callTool({
      name: "list_workflows",
      arguments: { query: "lead" },
    })) as CallToolResult;
    return { tools, result };
  } finally {
    await client.close();
  }
}

function codeBlocks(markdown: string, language: string): string[] {
  const fence = "```";
  return [...markdown.matchAll(new RegExp(`${fence}${language}\\n([\\s\\S]*?)${fence}`, "g"))].map(
    (match) => match[1] as string,
  );
}

describe("install paths", () => {
  let work: string;
  let installedBin: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "floqer-mcp-install-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("a fresh clone packs with its bin built (prepack), so the tarball always runs", () => {
    const clone = join(work, "clone");
    execFileSync("git", ["clone", "--quiet", ROOT, clone], { stdio: "pipe" });
    assert.ok(!existsSync(join(clone, "dist")), "a fresh clone has no dist/");
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: clone, encoding: "utf8" }),
    ) as { files: { path: string }[] }[];
    assert.ok(
      packed?.files.some((file) => file.path === "dist/index.js"),
      "dist/index.js is in the tarball",
    );
  });

  it("npm pack ships only what runs", () => {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed?.files.map((file) => file.path).sort() ?? [];
    for (const file of files) {
      assert.ok(
        [
          "package.json",
          "README.md",
          "LICENSE",
          "mcp.json",
          "docs/FLOQER_API.md",
          "deploy/nginx.conf",
        ].includes(file) || /^dist\/[\w-]+\.js$/.test(file),
        `unexpected file in the package: ${file}`,
      );
    }
    assert.ok(files.includes("dist/index.js") && files.includes("mcp.json"));
    assert.ok(files.includes("docs/FLOQER_API.md"), "the API notes that route errors point to ship with it");
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{"name":"empty-project","version":"1.0.0","private":true}');
    execFileSync(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", join(work, packed?.filename ?? "")],
      {
        cwd: project,
        stdio: "pipe",
      },
    );
    installedBin = join(project, "node_modules", ".bin", PACKAGE.name);
    const installed = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    assert.deepEqual(
      Object.keys(installed.packages).sort(),
      ["", `node_modules/${PACKAGE.name}`],
      "no dependency to install",
    );
  });

  it("the installed bin runs on the sandbox through a real client", async () => {
    const { tools, result } = await tryServer(installedBin, ["--sandbox"], {});
    assert.equal(tools.length, TOOLS.length);
    assert.equal((result.structuredContent as { total: number }).total, 1);
  });

  it("every client snippet in the README and mcp.json parses and runs this package's bin", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const configs = [
      ...codeBlocks(readme, "json").map((block) => JSON.parse(block) as Record<string, unknown>),
      JSON.parse(readFileSync(join(ROOT, "mcp.json"), "utf8")) as Record<string, unknown>,
    ];
    const entries = configs.flatMap((config) =>
      Object.values(
        (config.mcpServers ?? config.servers ?? {}) as Record<
          string,
          { command?: string; args?: string[]; env?: Record<string, string>; type?: string }
        >,
      ),
    );
    const stdioEntries = entries.filter((entry) => entry.command);
    assert.ok(stdioEntries.length >= 3, "Claude Desktop, VS Code and mcp.json at least");
    const vscode = configs.find((config) => config.servers) as
      | { inputs?: { password?: boolean }[] }
      | undefined;
    assert.equal(vscode?.inputs?.[0]?.password, true, "VS Code asks for the key as a password");
    for (const entry of stdioEntries) {
      assert.equal(entry.command, "npx");
      assert.deepEqual(entry.args?.slice(0, 2), ["-y", PACKAGE.name]);
      assert.ok(PACKAGE.bin[PACKAGE.name], "the package has a bin of its own name, which npx runs");
      assert.ok(Object.keys(entry.env ?? {}).every((name) => name.startsWith("FLOQER_")));
      // What `npx -y floqer-salesforce-mcp` runs is the installed bin; the sandbox keeps it offline.
      const { tools } = await tryServer(installedBin, [...(entry.args?.slice(2) ?? []), "--sandbox"], {});
      assert.equal(tools.length, TOOLS.length);
    }
    const claudeCode = /claude mcp add floqer-salesforce (.*) -- npx -y (\S+)/.exec(readme);
    assert.equal(claudeCode?.[2], PACKAGE.name);
    assert.match(claudeCode?.[1] ?? "", /--env FLOQER_API_KEY=/);
  });
});

describe("Claude Desktop bundle (.mcpb)", () => {
  let work: string;
  const emulator = new FloqerEmulator();
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "floqer-mcpb-"));
    await emulator.start();
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await emulator.stop();
  });

  it("packs, validates, and starts from the unpacked bundle as its manifest says", async () => {
    const bundle = packMcpb(work);
    const mcpb = join(ROOT, "node_modules", ".bin", "mcpb");
    assert.match(
      execFileSync(mcpb, ["validate", join(work, "mcpb", "manifest.json")], { encoding: "utf8" }),
      /passes/,
    );
    const unpacked = join(work, "unpacked");
    execFileSync(mcpb, ["unpack", bundle, unpacked], { stdio: "pipe" });
    const manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8"));
    assert.equal(manifest.user_config.floqer_api_key.sensitive, true);
    assert.equal(manifest.user_config.floqer_api_key.required, true);
    assert.equal(manifest.user_config.floqer_base_url.required, false);
    const userConfig: Record<string, string> = {
      floqer_api_key: emulator.apiKey,
      floqer_base_url: emulator.baseUrl,
      read_only: "false",
    };
    const substitute = (text: string) =>
      text
        .replaceAll("${__dirname}", unpacked)
        .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => userConfig[key] ?? "");
    const config = manifest.server.mcp_config as {
      command: string;
      args: string[];
      env: Record<string, string>;
    };
    const env = Object.fromEntries(
      Object.entries(config.env).map(([name, value]) => [name, substitute(value)]),
    );
    const command = config.command === "node" ? process.execPath : config.command;
    const { tools, result } = await tryServer(command, config.args.map(substitute), env);
    assert.deepEqual(
      tools,
      manifest.tools.map((tool: { name: string }) => tool.name),
    );
    assert.equal(result.isError, undefined);
    assert.ok(emulator.countRequests("GET", "/workflows/") >= 1, "it talked to the configured Floqer");
  });
});

describe("MCP Inspector CLI", () => {
  let storage: string;
  before(() => {
    storage = mkdtempSync(join(tmpdir(), "floqer-inspector-"));
  });
  after(() => rmSync(storage, { recursive: true, force: true }));

  const SECRET = "inspector-sequence-secret-0123456789abcdef";
  /** One Inspector CLI call, a new server process each time, as the README's sequence makes them. */
  const inspect = (...args: string[]) =>
    spawnSync(
      node22(),
      [
        INSPECTOR_CLI,
        "--cli",
        "-e",
        `MCP_CONFIRMATION_SECRET=${SECRET}`,
        process.execPath,
        join(ROOT, "dist", "index.js"),
        "--sandbox",
        ...args,
      ],
      {
        encoding: "utf8",
        env: cleanEnv({ MCP_STORAGE_DIR: storage, MCP_CATALOG_PATH: join(storage, "catalog.json") }),
      },
    );
  const run = (...args: string[]) => {
    const called = inspect(...args);
    assert.equal(called.status, 0, called.stderr);
    return JSON.parse(called.stdout);
  };

  it("finds every tool schema portable: --strict reports nothing", () => {
    const called = inspect("--method", "tools/list", "--strict", "--format", "json");
    assert.equal(called.status, 0, called.stderr);
    const envelope = JSON.parse(called.stdout) as { result: { tools: unknown[] }; schemaFindings?: unknown };
    assert.equal(envelope.result.tools.length, TOOLS.length);
    assert.equal(envelope.schemaFindings, undefined);
    assert.doesNotMatch(called.stderr, /Schema portability|Warning: tool|Error: tool/);
  });

  it("lists the tools and calls one against the sandbox", () => {
    assert.equal(run("--method", "tools/list").tools.length, TOOLS.length);
    const result = run(
      "--method",
      "tools/call",
      "--tool-name",
      "list_salesforce_objects",
      "--tool-arg",
      "workflow_id=wf_demo_enrich_contacts",
      "--tool-arg",
      "action_instance_id=salesforce_update_record_1",
      "--tool-arg",
      "query=opportunity",
    );
    assert.deepEqual(result.structuredContent.objects, [{ name: "Opportunity", label: "Opportunity" }]);
  });

  it("walks the whole guarded flow as separate CLI calls, one process each", () => {
    const call = (tool: string, args: Record<string, unknown>) =>
      run(
        "--method",
        "tools/call",
        "--tool-name",
        tool,
        ...Object.entries(args).flatMap(([key, value]) => [
          "--tool-arg",
          `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`,
        ]),
      ).structuredContent;
    const location = {
      workflow_id: "wf_demo_enrich_contacts",
      action_instance_id: "salesforce_update_record_1",
    };
    const asked = call("confirm_salesforce_connection", location);
    assert.equal(asked.status, "needs_user_confirmation");
    const confirmed = call("confirm_salesforce_connection", {
      ...location,
      question_id: asked.question_id,
      user_confirmed: true,
    });
    assert.equal(confirmed.status, "confirmed", JSON.stringify(confirmed));
    const update = {
      ...location,
      record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
      salesforce_object: "Contact",
      add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
    };
    const dry = call("configure_salesforce_update", { ...update, dry_run: true });
    assert.equal(dry.status, "dry_run");
    const done = call("configure_salesforce_update", {
      ...update,
      confirmation_token: confirmed.confirmation_token,
    });
    assert.equal(done.status, "configured", JSON.stringify(done));
    assert.equal(done.request.method, "PATCH");
  });
});
