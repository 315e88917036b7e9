#!/usr/bin/env node
/**
 * The bin's first step, kept small: `--version` is answered from package.json before the server's
 * bundle loads (a client's health check pays for nothing else), and Node's compile cache is turned
 * on where Node has one (22.1 and later), so later starts skip compiling the bundle. Everything
 * else is the command line's (index.ts).
 */
import { readFileSync } from "node:fs";
import nodeModule from "node:module";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  process.stdout.write(`${version}\n`);
} else {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  await import("./index.js");
}
