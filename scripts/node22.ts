/**
 * The dev tools that declare Node 22 (the MCP Inspector and the MCP conformance suite) live in
 * `node22-tools/`, with their own lockfile, apart from the project's own dependencies: installed
 * among them, they made `npm ci` warn `EBADENGINE` on the Node 20 that `engines` allows. Here they
 * are installed and run by the Node 22 that the `node@22` npm package brings, so neither install
 * warns.
 *
 * `node --import tsx scripts/node22.ts` installs them when their lockfile has changed since the
 * last install (`.ci/run` and `npm test` both call it); the exports give the Node 22 binary and the
 * tools' paths to the scripts and tests that run them.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TOOLS_DIR = fileURLToPath(new URL("../node22-tools/", import.meta.url));
export const INSPECTOR_CLI = join(
  TOOLS_DIR,
  "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
);
export const CONFORMANCE_CLI = join(
  TOOLS_DIR,
  "node_modules/@modelcontextprotocol/conformance/dist/index.js",
);
const STAMP = join(TOOLS_DIR, "node_modules/.installed-from-lockfile");

const REMEMBERED_BINARY = join(TOOLS_DIR, "node_modules/.node22-binary");
let node22Path: string | undefined;

/**
 * The path of a Node 22 binary: fetched once by npx into its cache, then remembered beside the
 * tools, so later runs (offline ones included) start it directly.
 */
export function node22(): string {
  if (node22Path) return node22Path;
  const remembered = existsSync(REMEMBERED_BINARY) ? readFileSync(REMEMBERED_BINARY, "utf8").trim() : "";
  if (remembered && existsSync(remembered)) {
    node22Path = remembered;
    return remembered;
  }
  node22Path = execFileSync("npx", ["-y", "node@22", "-p", "process.execPath"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  if (existsSync(dirname(REMEMBERED_BINARY))) writeFileSync(REMEMBERED_BINARY, node22Path);
  return node22Path;
}

/** npm's own entry script, so that the Node 22 binary can run the same npm. */
function npmCli(): string {
  const fromScript = process.env.npm_execpath;
  if (fromScript && /npm-cli\.js$/.test(fromScript)) return fromScript;
  const npm = execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  return join(dirname(realpathSync(npm)), "npm-cli.js");
}

function lockfileHash(): string {
  return createHash("sha256")
    .update(readFileSync(join(TOOLS_DIR, "package-lock.json")))
    .digest("hex");
}

/** Installs the Node 22 tools exactly from their lockfile, unless that install is already there. */
export function ensureNode22Tools(): void {
  const wanted = lockfileHash();
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === wanted) return;
  execFileSync(node22(), [npmCli(), "ci", "--no-audit", "--no-fund"], {
    cwd: TOOLS_DIR,
    stdio: ["ignore", "inherit", "inherit"],
  });
  writeFileSync(STAMP, wanted);
  writeFileSync(REMEMBERED_BINARY, node22());
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureNode22Tools();
}
