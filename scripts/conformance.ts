/**
 * `npm run conformance`: runs the official MCP conformance suite's server scenarios against this
 * server over Streamable HTTP, on its sandbox. The suite needs Node 22: it is installed in
 * `node22-tools/` and run by the Node 22 that the `node@22` npm package brings (scripts/node22.ts).
 * It cannot send a bearer token, so the server runs with the loopback-only `--test-only-no-auth`
 * switch.
 *
 * Scenarios for a capability the server does not declare (logging, completions, resources,
 * prompts) are not applicable and are said so; scenarios that call the suite's own fixture tools
 * are listed, each with its reason, in conformance/expected-failures.yml.
 */

import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { CONFORMANCE_CLI, ensureNode22Tools, node22 } from "./node22.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const expectedFailures = `${root}conformance/expected-failures.yml`;

/** The capability each scenario exercises, where it needs one beyond tools. */
function requiredCapability(scenario: string): keyof ServerCapabilities | "resources.subscribe" | undefined {
  if (scenario.startsWith("logging-")) return "logging";
  if (scenario.startsWith("completion-")) return "completions";
  if (scenario === "resources-subscribe" || scenario === "resources-unsubscribe")
    return "resources.subscribe";
  if (scenario.startsWith("resources-")) return "resources";
  if (scenario.startsWith("prompts-")) return "prompts";
  return undefined;
}

function declares(capabilities: ServerCapabilities, capability: string): boolean {
  if (capability === "resources.subscribe") return Boolean(capabilities.resources?.subscribe);
  return capabilities[capability as keyof ServerCapabilities] !== undefined;
}

function runSuite(args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(node22(), [CONFORMANCE_CLI, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { ok: true, output };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

ensureNode22Tools();
const server = spawn(
  process.execPath,
  [`${root}dist/index.js`, "--http", "--port", "0", "--sandbox", "--test-only-no-auth"],
  {
    stdio: ["ignore", "ignore", "pipe"],
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let seen = "";
  server.stderr.on("data", (chunk) => {
    seen += chunk;
    const match = /listening on (\S+)/.exec(seen);
    if (match?.[1]) resolve(match[1]);
  });
  server.once("exit", () => reject(new Error(`the server exited before listening:\n${seen}`)));
});

/** Each expected failure's reason, as the file gives it after the scenario's name. */
const reasons = new Map(
  [...readFileSync(expectedFailures, "utf8").matchAll(/^\s+- ([a-z0-9-]+) # (.+)$/gm)].map(
    (match) => [match[1] as string, match[2] as string] as const,
  ),
);

let exitCode = 0;
try {
  const client = new Client({ name: "conformance-runner", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const capabilities = client.getServerCapabilities() ?? {};
  await client.close();

  const listing = runSuite(["list"]).output;
  const serverBlock = listing.slice(listing.indexOf("Server scenarios"), listing.indexOf("Client scenarios"));
  const scenarios = [...serverBlock.matchAll(/^\s+- ([a-z0-9-]+)/gm)].map((match) => match[1] as string);
  const counts = { passed: 0, expected: 0, notApplicable: 0, unexpected: 0 };
  for (const scenario of scenarios) {
    const capability = requiredCapability(scenario);
    if (capability && !declares(capabilities, capability)) {
      counts.notApplicable++;
      console.log(`- ${scenario}: not applicable (the server does not declare ${capability})`);
      continue;
    }
    const result = runSuite([
      "server",
      "--url",
      url,
      "--scenario",
      scenario,
      "--expected-failures",
      expectedFailures,
    ]);
    const expected =
      /expected failure/i.test(result.output) || /Expected failures? \(in baseline\)/i.test(result.output);
    if (!result.ok) {
      counts.unexpected++;
      console.log(`x ${scenario}: UNEXPECTED\n${result.output}`);
    } else if (expected) {
      counts.expected++;
      console.log(
        `~ ${scenario}: expected failure: ${reasons.get(scenario) ?? "see conformance/expected-failures.yml"}`,
      );
    } else {
      counts.passed++;
      console.log(`+ ${scenario}: pass`);
    }
    // The runner's summary drops its warnings: each is printed under its scenario.
    for (const line of result.output.split("\n").filter((text) => /\bwarn(ing)?\b/i.test(text))) {
      console.log(`    warning: ${line.trim()}`);
    }
  }
  console.log(
    `conformance: ${counts.passed} scenarios pass, ${counts.expected} expected failures (suite fixtures), ${counts.notApplicable} not applicable, ${counts.unexpected} unexpected`,
  );
  if (counts.unexpected > 0 || counts.passed === 0) exitCode = 1;
} finally {
  server.kill("SIGTERM");
}
process.exit(exitCode);
