/**
 * Every setting, read from flags and the environment through one schema. Pure: the CLI decides
 * what to print and how to exit.
 */
import { z } from "zod";
import { DEFAULT_BASE_URL } from "./floqer/endpoints.js";
import {
  DEFAULT_CONFIRMATION_TTL_SECONDS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_OPTIONS_CACHE_TTL_MS,
  DEFAULT_TIMEOUT_MS,
  HTTP_DEFAULTS,
} from "./limits.js";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const integerSetting = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const booleanSetting = (name: string) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no", ""], { error: `${name} must be 1 or 0` })
    .transform((value) => value === "1" || value === "true" || value === "yes");

const baseUrlSetting = z.string().transform((value, context) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    context.addIssue({ code: "custom", message: `FLOQER_BASE_URL is not a URL: ${value}` });
    return z.NEVER;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    context.addIssue({
      code: "custom",
      message: "FLOQER_BASE_URL must use https (plain http is allowed only for a loopback host)",
    });
    return z.NEVER;
  }
  if (url.username || url.password || url.search || url.hash) {
    context.addIssue({
      code: "custom",
      message: "FLOQER_BASE_URL must not carry credentials, a query or a fragment",
    });
    return z.NEVER;
  }
  return url.toString().replace(/\/+$/, "");
});

const apiKeySetting = z
  .string()
  .transform((value) => value.trim())
  .refine((value) => !/\s/.test(value), "FLOQER_API_KEY contains spaces or line breaks; copy the key again")
  .transform((value) => value || undefined);

const listSetting = z.string().transform((value) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean),
);

const settingsObject = z.object({
  apiKey: apiKeySetting.optional(),
  baseUrl: baseUrlSetting.default(DEFAULT_BASE_URL),
  timeoutMs: integerSetting("FLOQER_TIMEOUT_MS", 100, 600_000).default(DEFAULT_TIMEOUT_MS),
  sandbox: booleanSetting("FLOQER_SANDBOX").default(false),
  readOnly: booleanSetting("FLOQER_READ_ONLY").default(false),
  confirmationSecret: z
    .string()
    .min(32, "MCP_CONFIRMATION_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)")
    .optional(),
  confirmationTtlSeconds: integerSetting("MCP_CONFIRMATION_TTL_SECONDS", 60, 24 * 3600).default(
    DEFAULT_CONFIRMATION_TTL_SECONDS,
  ),
  optionsCacheTtlMs: integerSetting("FLOQER_OPTIONS_CACHE_TTL_SECONDS", 0, 86_400)
    .transform((seconds) => seconds * 1000)
    .default(DEFAULT_OPTIONS_CACHE_TTL_MS),
  maxResponseBytes: integerSetting("FLOQER_MAX_RESPONSE_BYTES", 1024, 256 * 1024 * 1024).default(
    DEFAULT_MAX_RESPONSE_BYTES,
  ),
  http: booleanSetting("MCP_HTTP").default(false),
  httpHost: z.string().min(1).default(HTTP_DEFAULTS.host),
  httpPort: integerSetting("MCP_HTTP_PORT", 0, 65_535).default(HTTP_DEFAULTS.port),
  httpToken: z
    .string()
    .min(32, "MCP_HTTP_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)")
    .optional(),
  httpAllowedHosts: listSetting.optional(),
  httpAllowedOrigins: listSetting.optional(),
  httpMaxSessions: integerSetting("MCP_HTTP_MAX_SESSIONS", 1, 100_000).default(HTTP_DEFAULTS.maxSessions),
  httpSessionIdleMs: integerSetting("MCP_HTTP_SESSION_IDLE_SECONDS", 1, 7 * 86_400)
    .transform((seconds) => seconds * 1000)
    .default(HTTP_DEFAULTS.sessionIdleMs),
  httpMaxBodyBytes: integerSetting("MCP_HTTP_MAX_BODY_BYTES", 1024, 64 * 1024 * 1024).default(
    HTTP_DEFAULTS.maxBodyBytes,
  ),
  httpNoAuthForTests: booleanSetting("--test-only-no-auth").default(false),
});

export const settingsSchema = settingsObject.superRefine((settings, context) => {
  if (!settings.http) return;
  const loopback = isLoopbackHost(settings.httpHost);
  if (!loopback && !settings.httpAllowedHosts?.length) {
    context.addIssue({
      code: "custom",
      message: `binding to ${settings.httpHost} (not loopback) needs MCP_HTTP_ALLOWED_HOSTS: the host names clients will use to reach this server, e.g. mcp.example.com`,
    });
  }
  if (settings.httpNoAuthForTests && !loopback) {
    context.addIssue({
      code: "custom",
      message: "--test-only-no-auth is allowed only with a loopback --host",
    });
  }
});

export type Settings = z.output<typeof settingsSchema>;

/** Environment variable behind each setting; the README's settings table follows this. */
export const ENVIRONMENT_VARIABLES: Partial<Record<keyof Settings, string>> = {
  apiKey: "FLOQER_API_KEY",
  baseUrl: "FLOQER_BASE_URL",
  timeoutMs: "FLOQER_TIMEOUT_MS",
  sandbox: "FLOQER_SANDBOX",
  readOnly: "FLOQER_READ_ONLY",
  confirmationSecret: "MCP_CONFIRMATION_SECRET",
  confirmationTtlSeconds: "MCP_CONFIRMATION_TTL_SECONDS",
  optionsCacheTtlMs: "FLOQER_OPTIONS_CACHE_TTL_SECONDS",
  maxResponseBytes: "FLOQER_MAX_RESPONSE_BYTES",
  http: "MCP_HTTP",
  httpHost: "MCP_HTTP_HOST",
  httpPort: "MCP_HTTP_PORT",
  httpToken: "MCP_HTTP_TOKEN",
  httpAllowedHosts: "MCP_HTTP_ALLOWED_HOSTS",
  httpAllowedOrigins: "MCP_HTTP_ALLOWED_ORIGINS",
  httpMaxSessions: "MCP_HTTP_MAX_SESSIONS",
  httpSessionIdleMs: "MCP_HTTP_SESSION_IDLE_SECONDS",
  httpMaxBodyBytes: "MCP_HTTP_MAX_BODY_BYTES",
};

/** Command-line flags: switches, and options that take a value. */
const SWITCHES: Record<string, keyof Settings> = {
  "--sandbox": "sandbox",
  "--read-only": "readOnly",
  "--http": "http",
  "--test-only-no-auth": "httpNoAuthForTests",
};
const VALUE_OPTIONS: Record<string, keyof Settings> = { "--host": "httpHost", "--port": "httpPort" };

export const USAGE = `Usage: floqer-salesforce-mcp [--sandbox] [--read-only] [--http [--host H] [--port P]] [--help] [--version]
       floqer-salesforce-mcp doctor [--sandbox]

An MCP server that configures Floqer's "Salesforce: Update a Record" action. It speaks MCP over
stdio by default, or over Streamable HTTP at /mcp with --http.

doctor checks, read-only, that the key in FLOQER_API_KEY works: whose it is, the workflows, one
workflow's overview and its main sheet's action graph, and the Salesforce objects of an update
action. One line per check; exit code 0 when every check passed, 1 otherwise.

Options:
  --sandbox             Run against the built-in Floqer emulator with a demo org (no key needed).
  --read-only           Offer only the tools that change nothing (lists, workflow views, the guard).
  --http                Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio.
  --host H              Address to bind with --http (default ${HTTP_DEFAULTS.host}).
  --port P              Port with --http (default ${HTTP_DEFAULTS.port}; 0 picks a free one).
  --test-only-no-auth   With --http on a loopback host only: accept requests without the bearer
                        token. For the MCP conformance suite, which cannot send one.
  --help                Show this help.
  --version             Show the version.

Environment:
  FLOQER_API_KEY                    Floqer API key (floq_...), made in the Floqer app: Settings, API keys.
  FLOQER_BASE_URL                   Floqer API base URL (default ${DEFAULT_BASE_URL}).
  FLOQER_TIMEOUT_MS                 Timeout per upstream request in ms (default ${DEFAULT_TIMEOUT_MS}).
  FLOQER_SANDBOX=1                  Same as --sandbox.
  FLOQER_READ_ONLY=1                Same as --read-only.
  FLOQER_OPTIONS_CACHE_TTL_SECONDS  How long object and field lists are cached (default ${DEFAULT_OPTIONS_CACHE_TTL_MS / 1000}).
  FLOQER_MAX_RESPONSE_BYTES         Largest upstream answer accepted (default ${DEFAULT_MAX_RESPONSE_BYTES}).
  MCP_CONFIRMATION_SECRET           Secret that signs confirmation tokens (default: random per process).
  MCP_CONFIRMATION_TTL_SECONDS      Lifetime of a confirmation token (default ${DEFAULT_CONFIRMATION_TTL_SECONDS}).
  MCP_HTTP=1, MCP_HTTP_HOST, MCP_HTTP_PORT   Same as --http, --host, --port.
  MCP_HTTP_TOKEN                    Bearer token clients must send (default: generated, printed once to stderr).
  MCP_HTTP_ALLOWED_HOSTS            Comma-separated Host names accepted (required for a non-loopback --host).
  MCP_HTTP_ALLOWED_ORIGINS          Comma-separated browser Origins accepted (default: this server's own loopback origins).
  MCP_HTTP_MAX_SESSIONS             Live sessions at most (default ${HTTP_DEFAULTS.maxSessions}).
  MCP_HTTP_SESSION_IDLE_SECONDS     Idle time after which a session is closed (default ${HTTP_DEFAULTS.sessionIdleMs / 1000}).
  MCP_HTTP_MAX_BODY_BYTES           Largest request body accepted (default ${HTTP_DEFAULTS.maxBodyBytes}).
`;

export type ParsedCommandLine =
  | { kind: "run"; settings: Settings }
  | { kind: "doctor"; settings: Settings }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "invalid"; message: string };

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const raw: Partial<Record<keyof Settings, string>> = {};
  for (const [setting, variable] of Object.entries(ENVIRONMENT_VARIABLES) as [keyof Settings, string][]) {
    const value = env[variable];
    if (value !== undefined && (value !== "" || setting === "apiKey")) raw[setting] = value;
  }
  let wants: "run" | "help" | "version" = "run";
  const doctor = argv[0] === "doctor";
  for (let index = doctor ? 1 : 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    const [flag = "", inlineValue] = argument.split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") wants = "help";
    else if ((flag === "--version" || flag === "-v") && wants === "run") wants = "version";
    else if (SWITCHES[flag] && inlineValue === undefined) raw[SWITCHES[flag]] = "1";
    else if (VALUE_OPTIONS[flag]) {
      const value = inlineValue ?? argv[++index];
      if (value === undefined || value.startsWith("--"))
        return { kind: "invalid", message: `${flag} needs a value` };
      raw[VALUE_OPTIONS[flag]] = value;
    } else return { kind: "invalid", message: `unknown option ${JSON.stringify(argument)}; see --help` };
  }
  if (wants !== "run") return { kind: wants };
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "invalid", message: issue?.message ?? "invalid settings" };
  }
  return { kind: doctor ? "doctor" : "run", settings: parsed.data };
}
