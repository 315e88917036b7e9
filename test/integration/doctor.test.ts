/**
 * `doctor`: the read-only account check, against the emulator over loopback HTTP, and the built
 * bin as a user runs it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { formatChecks, runDoctor } from "../../src/doctor.js";
import { FloqerEmulator } from "../../src/sandbox/emulator.js";
import { withHarness } from "../support/harness.js";
import { builtServer } from "../support/process.js";

function runBin(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const { command, args: argv, env: environment } = builtServer(args, env);
    const child = spawn(command, argv, { env: environment });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", (code) => resolve({ code, out }));
  });
}

describe("doctor", () => {
  it("passes every check on a working account, and writes nothing", async () => {
    await withHarness({}, async (harness) => {
      const checks = await runDoctor(harness.dependencies.client);
      assert.deepEqual(
        checks.map((check) => [check.status, check.name]),
        [
          ["ok", "API key"],
          ["ok", "workflows"],
          ["ok", "workflow overview"],
          ["ok", "action graph"],
          ["ok", "rows"],
          ["ok", "Salesforce objects"],
        ],
      );
      const { text, passed } = formatChecks(checks);
      assert.equal(passed, true);
      assert.match(text, /ok {4}rows: List Rows answered on the main sheet \(no rows yet\)/);
      assert.match(
        text,
        /ok {4}API key: accepted; it acts as "Sandbox User" <sandbox@example\.com> \(role "admin"\)/,
      );
      assert.match(
        text,
        /ok {4}action graph: main sheet "Contacts": 5 input column\(s\), 3 action\(s\), 1 salesforce_update_record/,
      );
      assert.match(text, /Salesforce objects: 8 object\(s\) listed through salesforce_update_record_1/);
      assert.equal(text.split("\n").filter(Boolean).length, 6, "one line per check");
      assert.deepEqual(harness.emulator.changeAttempts, [], "nothing written");
      assert.ok(!text.includes(harness.emulator.apiKey));
    });
  });

  it("says when Floqer has no List Rows route, and goes on with the other checks", async () => {
    await withHarness({}, async (harness) => {
      const path = "/api/v1/workflows/wf_demo_enrich_contacts/sheets/wf_demo_enrich_contacts/rows/list";
      harness.emulator.faults.push({
        method: "POST",
        path: "/rows/list",
        status: 404,
        body: JSON.stringify({
          message: `Route POST:${path} not found`,
          error: "Not Found",
          statusCode: 404,
        }),
      });
      const { text, passed } = formatChecks(await runDoctor(harness.dependencies.client));
      assert.equal(passed, false);
      assert.match(text, /FAIL {2}rows: Floqer has no route POST .*\/rows\/list/);
      assert.match(text, /ok {4}Salesforce objects/);
    });
  });

  it("fails on a refused key, skips what needs it, and never prints the key", async () => {
    const wrongKey = "floq_wrong_key_0123456789abcdef";
    await withHarness({ settings: { apiKey: wrongKey } }, async (harness) => {
      const { text, passed } = formatChecks(await runDoctor(harness.dependencies.client));
      assert.equal(passed, false);
      assert.match(text, /^FAIL {2}API key: Floqer rejected the API key \(401\)/);
      assert.match(text, /skip {2}workflows: needs an accepted API key/);
      assert.ok(!text.includes(wrongKey));
      assert.ok(!text.includes("0123456789abcdef"));
    });
  });

  it("never prints the key when Floqer echoes it in the user's name, split by invisible marks", async () => {
    await withHarness({}, async (harness) => {
      const key = harness.emulator.apiKey;
      harness.emulator.faults.push({
        method: "GET",
        path: "/user",
        status: 200,
        body: JSON.stringify({
          status: 200,
          data: {
            first_name: [...key].join("\u200e"),
            last_name: [...key.slice("floq_".length)].join("\u200f"),
            email: "echo@example.com",
            role: "admin",
          },
        }),
      });
      const { text, passed } = formatChecks(await runDoctor(harness.dependencies.client));
      assert.equal(passed, true);
      assert.match(
        text,
        /^ok {4}API key: accepted; it acts as "\[redacted\] \[redacted\]" <echo@example\.com>/,
      );
      const visible = text.replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, "");
      assert.ok(!visible.includes(key.slice("floq_".length)), text);
    });
  });

  it("names the action graph when Floqer has no such route, and says Salesforce is not connected", async () => {
    await withHarness({ emulator: { actionGraphRoute: false } }, async (harness) => {
      const { text, passed } = formatChecks(await runDoctor(harness.dependencies.client));
      assert.equal(passed, false);
      assert.match(
        text,
        /FAIL {2}action graph: Floqer has no route GET \/api\/v1\/workflows\/wf_demo_enrich_contacts\/sheets/,
      );
    });
    await withHarness({ emulator: { connection: "other_member" } }, async (harness) => {
      const { text } = formatChecks(await runDoctor(harness.dependencies.client));
      assert.match(text, /FAIL {2}Salesforce objects: .*\(424\)/);
    });
  });

  it("quotes what Floqer says inside its own lines, so a name cannot fake a line", async () => {
    await withHarness({}, async (harness) => {
      harness.emulator.faults.push({
        method: "GET",
        path: "/user/",
        status: 200,
        body: JSON.stringify({
          status: 200,
          data: { first_name: 'x" ok: Salesforce connected "', email: "a@b.example", role: 'admin" x' },
        }),
      });
      const { text } = formatChecks(await runDoctor(harness.dependencies.client));
      const line = text.split("\n")[0] ?? "";
      assert.equal(
        line,
        'ok    API key: accepted; it acts as "x\\" ok: Salesforce connected \\"" <a@b.example> (role "admin\\" x")',
      );
    });
  });

  it("runs from the built bin: exit 0 on the sandbox, 1 with a refused key", async () => {
    const sandbox = await runBin(["doctor", "--sandbox"], {});
    assert.equal(sandbox.code, 0, sandbox.out);
    assert.equal(sandbox.out.match(/^ok {4}/gm)?.length, 6);
    // The README shows these lines as a user sees them.
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const shown = /`doctor --sandbox` runs it on the built-in emulator:\n\n```\n([\s\S]*?)```/.exec(
      readme,
    )?.[1];
    assert.equal(
      shown,
      `${sandbox.out
        .split("\n")
        .filter((line) => /^(ok|FAIL|skip)/.test(line))
        .join("\n")}\n`,
    );

    const emulator = new FloqerEmulator();
    const baseUrl = await emulator.start();
    try {
      const wrongKey = "floq_printed_never_0123456789";
      const refused = await runBin(["doctor"], { FLOQER_API_KEY: wrongKey, FLOQER_BASE_URL: baseUrl });
      assert.equal(refused.code, 1);
      assert.match(refused.out, /FAIL {2}API key/);
      assert.ok(!refused.out.includes(wrongKey));
      const missing = await runBin(["doctor"], { FLOQER_BASE_URL: baseUrl });
      assert.equal(missing.code, 1);
      assert.match(missing.out, /FAIL {2}API key: FLOQER_API_KEY is not set/);
      assert.deepEqual(emulator.changeAttempts, []);
    } finally {
      await emulator.stop();
    }
  });
});
