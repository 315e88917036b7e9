import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommandLine } from "../../src/config/parse.js";
import { bundleSettings, USAGE } from "../../src/config/render.js";
import { SETTINGS } from "../../src/config/table.js";
import { ENV, FLAG } from "../../src/settingNames.js";

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
    assert.deepEqual(
      {
        apiKey: settings.apiKey,
        baseUrl: settings.baseUrl,
        timeoutMs: settings.timeoutMs,
        sandbox: settings.sandbox,
        confirmationSecret: settings.confirmationSecret,
        confirmationTtlSeconds: settings.confirmationTtlSeconds,
        optionsCacheTtlMs: settings.optionsCacheTtlMs,
        maxResponseBytes: settings.maxResponseBytes,
      },
      {
        apiKey: "floq_abc",
        baseUrl: "https://eu.floqer.example/api/v1",
        timeoutMs: 2500,
        sandbox: true,
        confirmationSecret: "x".repeat(32),
        confirmationTtlSeconds: 600,
        optionsCacheTtlMs: 0,
        maxResponseBytes: 4096,
      },
    );
  });

  it("reads the HTTP settings from flags and the environment", () => {
    const settings = run(["--http", "--host", "0.0.0.0", "--port=8080"], {
      MCP_HTTP_TOKEN: "k".repeat(32),
      MCP_HTTP_ALLOWED_HOSTS: "mcp.example.com, mcp-internal",
      MCP_HTTP_ALLOWED_ORIGINS: "https://app.example.com",
      MCP_HTTP_MAX_SESSIONS: "7",
      MCP_HTTP_SESSION_IDLE_SECONDS: "90",
      MCP_HTTP_MAX_BODY_BYTES: "2048",
    });
    assert.equal(settings.http, true);
    assert.equal(settings.httpHost, "0.0.0.0");
    assert.equal(settings.httpPort, 8080);
    assert.deepEqual(settings.httpAllowedHosts, ["mcp.example.com", "mcp-internal"]);
    assert.deepEqual(settings.httpAllowedOrigins, ["https://app.example.com"]);
    assert.equal(settings.httpMaxSessions, 7);
    assert.equal(settings.httpSessionIdleMs, 90_000);
    assert.equal(settings.httpMaxBodyBytes, 2048);
    const defaults = run(["--http"]);
    assert.deepEqual(
      [defaults.httpHost, defaults.httpPort, defaults.httpMaxSessions],
      ["127.0.0.1", 3000, 100],
    );
  });

  it("refuses a non-loopback bind without allowed hosts, and the test-only switch off loopback", () => {
    assert.match(invalid(["--http", "--host", "0.0.0.0"]), /needs MCP_HTTP_ALLOWED_HOSTS/);
    assert.match(
      invalid(["--http", "--host", "0.0.0.0", "--test-only-no-auth"], { MCP_HTTP_ALLOWED_HOSTS: "x" }),
      /only with a loopback --host/,
    );
    assert.equal(run(["--http", "--test-only-no-auth"]).httpNoAuthForTests, true);
    assert.match(invalid(["--port"]), /--port needs a value/);
    assert.match(invalid(["--http"], { MCP_HTTP_TOKEN: "short" }), /at least 32 characters/);
  });

  it("refuses an HTTP option typed without --http, rather than run over stdio and ignore it", () => {
    assert.match(invalid(["--port", "8080"]), /^--port applies only with --http/);
    assert.match(invalid(["--sandbox", "--host", "127.0.0.1"]), /^--host applies only with --http/);
    assert.match(invalid(["--test-only-no-auth"]), /^--test-only-no-auth applies only with --http/);
    assert.equal(run(["--port", "8080", "--http"]).httpPort, 8080);
    assert.equal(run(["--port", "8080"], { MCP_HTTP: "1" }).httpPort, 8080);
    // A variable set for other runs is not an option typed for this one.
    assert.equal(run([], { MCP_HTTP_PORT: "8080" }).http, false);
  });

  it("takes browser origins as scheme://host[:port] and refuses anything else by name", () => {
    assert.deepEqual(
      run(["--http"], { MCP_HTTP_ALLOWED_ORIGINS: "https://App.example.com/, http://localhost:5173" })
        .httpAllowedOrigins,
      ["https://App.example.com/", "http://localhost:5173"],
    );
    for (const wrong of [
      "notanorigin",
      "foo bar",
      "https://app.example.com/path",
      "ftp://x.example",
      "https://a@b.c",
    ]) {
      assert.match(
        invalid(["--http"], { MCP_HTTP_ALLOWED_ORIGINS: `https://ok.example,${wrong}` }),
        /^MCP_HTTP_ALLOWED_ORIGINS: ".*" is not an origin; write scheme:\/\/host\[:port\]/,
        wrong,
      );
    }
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
    assert.match(
      invalid([], { FLOQER_SANDBOX: "maybe" }),
      /FLOQER_SANDBOX must be 1 or 0 \(or true\/false, yes\/no\)/,
    );
    assert.match(invalid([], { MCP_CONFIRMATION_SECRET: "short" }), /at least 32 characters/);
    const message = invalid([], { FLOQER_API_KEY: "floq_secret part2" });
    assert.match(message, /spaces or line breaks/);
    assert.ok(!message.includes("floq_secret"));
    assert.match(invalid(["--bogus"]), /unknown option "--bogus"/);
  });
});

describe("the settings table", () => {
  it("takes every variable and flag name from settingNames, and each name there is a setting's", () => {
    const table = Object.entries(SETTINGS) as [string, { env?: string; flag?: { name: string } }][];
    assert.deepEqual(
      table.flatMap(([key, spec]) => (spec.env ? [[key, spec.env]] : [])),
      Object.entries(ENV),
    );
    assert.deepEqual(
      table.flatMap(([key, spec]) => (spec.flag ? [[key, spec.flag.name]] : [])),
      Object.entries(FLAG),
    );
  });

  it("gives every setting a name the user can set, in --help", () => {
    for (const [key, spec] of Object.entries(SETTINGS) as [
      string,
      { env?: string; flag?: { name: string } },
    ][]) {
      const name = spec.env ?? spec.flag?.name;
      assert.ok(name, `${key} has no variable or flag`);
      assert.ok(USAGE.includes(name), `${name} is in --help`);
    }
  });

  it("names the flag the user typed when its value is wrong", () => {
    assert.equal(invalid(["--port", "99999"]), "--port must be at most 65535");
    assert.equal(invalid(["--port=abc"]), "--port must be a whole number");
    assert.equal(invalid([], { MCP_HTTP_PORT: "99999" }), "MCP_HTTP_PORT must be at most 65535");
  });
});

describe("the Claude Desktop bundle's settings", () => {
  const { userConfig, env } = bundleSettings();
  /** How the bundle's manifest fills a variable from the answer to one question. */
  const answerTo = (key: string) => `\${user_config.${key}}`;

  it("fills each variable from its own question, and asks nothing that fills no variable", () => {
    assert.deepEqual(env, {
      FLOQER_API_KEY: answerTo("floqer_api_key"),
      FLOQER_BASE_URL: answerTo("floqer_base_url"),
      FLOQER_READ_ONLY: answerTo("read_only"),
    });
    assert.deepEqual(Object.keys(userConfig).map(answerTo), Object.values(env));
  });

  it("asks for the key as a required secret, and the server takes every other question's default", () => {
    assert.deepEqual(
      Object.entries(userConfig).map(([key, question]) => [
        key,
        question.sensitive === true,
        question.required,
      ]),
      [
        ["floqer_api_key", true, true],
        ["floqer_base_url", false, false],
        ["read_only", false, false],
      ],
    );
    const defaults = Object.fromEntries(
      Object.entries(env).map(([variable, filled]) => {
        const question = userConfig[/user_config\.(\w+)/.exec(filled)?.[1] ?? ""];
        return [variable, String(question?.default ?? "floq_installed_key")];
      }),
    );
    const parsed = parseCommandLine([], defaults);
    assert.equal(parsed.kind, "run", JSON.stringify(parsed));
    assert.deepEqual(parsed.kind === "run" && [parsed.settings.baseUrl, parsed.settings.readOnly], [
      SETTINGS.baseUrl.shown,
      false,
    ]);
  });
});

describe("the doctor subcommand", () => {
  it("stands on either side of the options it takes", () => {
    for (const argv of [
      ["doctor", "--sandbox"],
      ["--sandbox", "doctor"],
    ]) {
      const parsed = parseCommandLine(argv, {});
      assert.equal(parsed.kind, "doctor", argv.join(" "));
      assert.equal(parsed.kind === "doctor" && parsed.settings.sandbox, true);
    }
  });

  it("refuses by name an option that does not apply to it, on either side, and a second doctor", () => {
    for (const argv of [
      ["doctor", "--http"],
      ["--http", "doctor"],
      ["doctor", "--read-only"],
    ]) {
      const parsed = parseCommandLine(argv, {});
      assert.equal(parsed.kind, "invalid", argv.join(" "));
      assert.match(
        parsed.kind === "invalid" ? parsed.message : "",
        /^--(http|read-only) does not apply to doctor/,
      );
    }
    const twice = parseCommandLine(["doctor", "doctor"], {});
    assert.match(twice.kind === "invalid" ? twice.message : "", /doctor is given twice/);
  });
});

describe("doctor's words", () => {
  it("speak to the person at the terminal, not to an agent", async () => {
    const { forAPerson } = await import("../../src/doctor.js");
    assert.equal(
      forAPerson(
        "Floqer rejected the API key (401). Ask the user to check FLOQER_API_KEY (make a new key in the Floqer app: Settings, API keys) and restart the server.",
      ),
      "Floqer rejected the API key (401). Check FLOQER_API_KEY (make a new key in the Floqer app: Settings, API keys), then run doctor again.",
    );
    assert.equal(
      forAPerson(
        "Salesforce is connected by another member (424). Ask the user to connect Salesforce from the key owner's account, or to use that member's key.",
      ),
      "Salesforce is connected by another member (424). Connect Salesforce from the key owner's account, or use that member's key.",
    );
    assert.equal(
      forAPerson(
        "Floqer could not refresh the Salesforce session (502). Ask the user to reconnect Salesforce in Connections, then call again.",
      ),
      "Floqer could not refresh the Salesforce session (502). Reconnect Salesforce in Connections, then run doctor again.",
    );
  });
});
