import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommandLine } from "../../src/config.js";

function run(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseCommandLine(argv, env);
  if (parsed.kind !== "run") throw new Error(`expected run, got ${JSON.stringify(parsed)}`);
  return parsed.settings;
}

function invalid(argv: string[], env: Record<string, string> = {}): string {
  const parsed = parseCommandLine(argv, env);
  assert.equal(parsed.kind, "invalid");
  return parsed.kind === "invalid" ? parsed.message : "";
}

describe("settings", () => {
  it("has working defaults with no settings at all", () => {
    const settings = run([]);
    assert.equal(settings.apiKey, undefined);
    assert.equal(settings.baseUrl, "https://api.floqer.com/api/v1");
    assert.equal(settings.timeoutMs, 15_000);
    assert.equal(settings.sandbox, false);
    assert.equal(settings.confirmationTtlSeconds, 1800);
  });

  it("reads every setting from the environment", () => {
    const settings = run([], {
      FLOQER_API_KEY: "  floq_abc  ",
      FLOQER_BASE_URL: "https://eu.floqer.example/api/v1/",
      FLOQER_TIMEOUT_MS: "2500",
      FLOQER_SANDBOX: "1",
      MCP_CONFIRMATION_SECRET: "x".repeat(32),
      MCP_CONFIRMATION_TTL_SECONDS: "600",
      FLOQER_OPTIONS_CACHE_TTL_SECONDS: "0",
      FLOQER_MAX_RESPONSE_BYTES: "4096",
    });
    assert.deepEqual(settings, {
      apiKey: "floq_abc",
      baseUrl: "https://eu.floqer.example/api/v1",
      timeoutMs: 2500,
      sandbox: true,
      confirmationSecret: "x".repeat(32),
      confirmationTtlSeconds: 600,
      optionsCacheTtlMs: 0,
      maxResponseBytes: 4096,
    });
  });

  it("takes --sandbox, --help and --version", () => {
    assert.equal(run(["--sandbox"]).sandbox, true);
    assert.equal(parseCommandLine(["--help"], {}).kind, "help");
    assert.equal(parseCommandLine(["--version"], {}).kind, "version");
  });

  it("allows plain http only for loopback hosts", () => {
    assert.equal(
      run([], { FLOQER_BASE_URL: "http://127.0.0.1:8080/api/v1" }).baseUrl,
      "http://127.0.0.1:8080/api/v1",
    );
    assert.equal(run([], { FLOQER_BASE_URL: "http://localhost:1/x" }).baseUrl, "http://localhost:1/x");
    assert.match(invalid([], { FLOQER_BASE_URL: "http://api.floqer.com/api/v1" }), /must use https/);
    assert.match(invalid([], { FLOQER_BASE_URL: "not a url" }), /not a URL/);
    assert.match(invalid([], { FLOQER_BASE_URL: "https://user:pw@api.floqer.com" }), /credentials/);
  });

  it("refuses bad values with one clear line that never echoes the key", () => {
    assert.match(invalid([], { FLOQER_TIMEOUT_MS: "soon" }), /FLOQER_TIMEOUT_MS must be a whole number/);
    assert.match(invalid([], { FLOQER_TIMEOUT_MS: "5" }), /at least 100/);
    assert.match(invalid([], { FLOQER_SANDBOX: "maybe" }), /FLOQER_SANDBOX must be 1 or 0/);
    assert.match(invalid([], { MCP_CONFIRMATION_SECRET: "short" }), /at least 32 characters/);
    const message = invalid([], { FLOQER_API_KEY: "floq_secret part2" });
    assert.match(message, /spaces or line breaks/);
    assert.ok(!message.includes("floq_secret"));
    assert.match(invalid(["--port"]), /unknown option "--port"/);
  });
});
