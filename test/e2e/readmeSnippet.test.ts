/**
 * The README's TypeScript HTTP snippet, run as a new user would run it: copied out of the README
 * as it stands, pointed at a live server (only the address changes), with the token in the
 * environment; it must list the tools.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startHttpHarness, TEST_TOKEN } from "../support/httpHarness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The ts block right after the README's "TypeScript, tried with" line. */
function snippet(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const from = readme.indexOf("TypeScript, tried with");
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(from));
  assert.ok(from >= 0 && block?.[1], "the README has the TypeScript snippet");
  return block[1];
}

describe("the README's TypeScript snippet", () => {
  it("runs as written against a live server and lists the tools", async () => {
    const harness = await startHttpHarness();
    const dir = mkdtempSync(join(tmpdir(), "readme-snippet-"));
    try {
      symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
      writeFileSync(join(dir, "package.json"), '{"type": "module"}\n');
      const code = snippet().replace("http://127.0.0.1:3000/mcp", harness.url.href);
      assert.notEqual(code, snippet(), "only the address is changed");
      writeFileSync(join(dir, "snippet.ts"), code);
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ["--import", "tsx", join(dir, "snippet.ts")],
          { cwd: dir, env: { ...process.env, MCP_HTTP_TOKEN: TEST_TOKEN }, timeout: 30_000 },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        );
      });
      assert.match(output, /configure_salesforce_update/);
      assert.match(output, /test_salesforce_update/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });
});
