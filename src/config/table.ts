/**
 * Every setting, in one table: its environment variable and flag (named in src/settingNames.ts),
 * its schema, its default as shown, its help, the README's word on it, and what installers ask.
 * The parser (parse.ts) and every text about the settings (render.ts: --help, the README's table,
 * the manifests' variables) are written from it.
 */
import { DEFAULT_BASE_URL } from "../floqer/endpoints.js";
import {
  DEFAULT_CONFIRMATION_TTL_SECONDS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_OPTIONS_CACHE_TTL_MS,
  DEFAULT_TIMEOUT_MS,
  HTTP_DEFAULTS,
} from "../limits.js";
import { ENV, FLAG } from "../settingNames.js";
import { TOOL } from "../toolNames.js";
import {
  apiKey,
  baseUrl,
  flag,
  instanceName,
  integer,
  list,
  nonEmpty,
  origins,
  type SchemaFor,
  secret,
} from "./values.js";

export interface SettingSpec {
  /** The environment variable; absent for a flag-only switch. */
  env?: string;
  /** The command-line flag, and whether it takes a value (--port 8080) or is a switch. */
  flag?: { name: string; value?: string };
  schema: SchemaFor;
  /** The default as a person reads it. */
  shown: string;
  /** One line for --help. */
  help: string;
  /** The README's fuller word on it. */
  readme: string;
  /** Read only with --http: a stdio install (the MCP Registry's entry) does not list it. */
  transport?: "http";
  /** An installer asks for it: without it every tool only answers how to set it. */
  required?: true;
  /** Asked by the Claude Desktop bundle: its user_config key, and how the form shows it. */
  bundle?: { key: string; title: string; description: string };
}

/** Every setting. The order is the order of --help and of the README's table. */
export const SETTINGS = {
  apiKey: {
    env: ENV.apiKey,
    schema: apiKey,
    shown: "none",
    help: "Floqer API key (floq_...), made in the Floqer app: Settings, API keys.",
    readme:
      "Your Floqer API key (`floq_...`). Never printed or logged. Without it the server still starts and lists its tools; each tool then answers with how to set it.",
    required: true,
    bundle: {
      key: "floqer_api_key",
      title: "Floqer API key",
      description: "Your key (floq_...), made in the Floqer app under Settings, API keys.",
    },
  },
  baseUrl: {
    env: ENV.baseUrl,
    schema: baseUrl,
    shown: DEFAULT_BASE_URL,
    help: "Floqer API base URL.",
    readme: "The Floqer API. Must be `https`; plain `http` only for a loopback host (a local emulator).",
    bundle: {
      key: "floqer_base_url",
      title: "Floqer API base URL",
      description: `Leave empty for ${DEFAULT_BASE_URL}.`,
    },
  },
  timeoutMs: {
    env: ENV.timeoutMs,
    schema: integer(100, 600_000, DEFAULT_TIMEOUT_MS),
    shown: String(DEFAULT_TIMEOUT_MS),
    help: "Timeout per upstream request in ms.",
    readme: "Timeout of each upstream request.",
  },
  sandbox: {
    env: ENV.sandbox,
    flag: { name: FLAG.sandbox },
    schema: flag,
    shown: "off",
    help: "Run against the built-in Floqer emulator with a demo org (no key needed).",
    readme: `Run against the built-in emulator with a demo org; \`${ENV.apiKey}\` and \`${ENV.baseUrl}\` are ignored. Every answer then carries \`"sandbox": true\` (errors start with \`[sandbox: ...]\`).`,
  },
  readOnly: {
    env: ENV.readOnly,
    flag: { name: FLAG.readOnly },
    schema: flag,
    shown: "off",
    help: "Offer only the tools that change nothing (lists, workflow views, the guard).",
    readme: `Offer only the tools that change nothing (${[TOOL.listWorkflows, TOOL.getWorkflow, TOOL.confirmConnection, TOOL.listObjects, TOOL.listFields, TOOL.listReferences, TOOL.getRowResult].map((name) => `\`${name}\``).join(", ")}), chosen by each tool's own \`readOnlyHint\`; the instructions and the prompt are written from the tools offered. The server says so on stderr when it starts.`,
    bundle: {
      key: "read_only",
      title: "Read-only",
      description: "Only look things up; never add or configure actions.",
    },
  },
  optionsCacheTtlMs: {
    env: ENV.optionsCacheTtlMs,
    schema: integer(0, 86_400, DEFAULT_OPTIONS_CACHE_TTL_MS, 1000),
    shown: String(DEFAULT_OPTIONS_CACHE_TTL_MS / 1000),
    help: "How long object and field lists and action graphs are cached.",
    readme:
      "How long object and field lists, and each sheet's action graph, are cached (`0`: always ask Floqer).",
  },
  maxResponseBytes: {
    env: ENV.maxResponseBytes,
    schema: integer(1024, 256 * 1024 * 1024, DEFAULT_MAX_RESPONSE_BYTES),
    shown: String(DEFAULT_MAX_RESPONSE_BYTES),
    help: "Largest upstream answer accepted.",
    readme: "Largest upstream answer accepted; bigger ones are refused with a clear error.",
  },
  confirmationSecret: {
    env: ENV.confirmationSecret,
    schema: secret("signs confirmation tokens"),
    shown: "random per process",
    help: "Secret that signs confirmation tokens (default: random per process).",
    readme:
      "Secret (32+ characters) that signs confirmation tokens. Set the same value on several instances so that a token from one is accepted by the others.",
  },
  confirmationTtlSeconds: {
    env: ENV.confirmationTtlSeconds,
    schema: integer(60, 24 * 3600, DEFAULT_CONFIRMATION_TTL_SECONDS),
    shown: String(DEFAULT_CONFIRMATION_TTL_SECONDS),
    help: "Lifetime of a confirmation token in seconds.",
    readme: "How long a confirmation token stays valid.",
  },
  http: {
    env: ENV.http,
    flag: { name: FLAG.http },
    schema: flag,
    shown: "off (stdio)",
    help: "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio.",
    readme: "Serve Streamable HTTP at `/mcp`.",
    transport: "http",
  },
  httpHost: {
    env: ENV.httpHost,
    flag: { name: FLAG.httpHost, value: "H" },
    schema: nonEmpty(HTTP_DEFAULTS.host),
    shown: HTTP_DEFAULTS.host,
    help: `Address to bind with ${FLAG.http}.`,
    readme: `Address to bind. Another than loopback needs \`${ENV.httpAllowedHosts}\`.`,
    transport: "http",
  },
  httpPort: {
    env: ENV.httpPort,
    flag: { name: FLAG.httpPort, value: "P" },
    schema: integer(0, 65_535, HTTP_DEFAULTS.port),
    shown: String(HTTP_DEFAULTS.port),
    help: `Port with ${FLAG.http} (0 picks a free one).`,
    readme: "Port (`0`: any free one; the log line says which).",
    transport: "http",
  },
  httpToken: {
    env: ENV.httpToken,
    schema: secret("the bearer token"),
    shown: "generated, printed once",
    help: "Bearer token clients must send (default: generated, printed once to stderr).",
    readme: "Bearer token clients must send (32+ characters).",
    transport: "http",
  },
  httpAllowedHosts: {
    env: ENV.httpAllowedHosts,
    schema: list,
    shown: "loopback names",
    help: `Comma-separated Host names accepted (required for a non-loopback ${FLAG.httpHost}).`,
    readme: "Comma-separated `Host` names accepted.",
    transport: "http",
  },
  httpAllowedOrigins: {
    env: ENV.httpAllowedOrigins,
    schema: origins,
    shown: "the server's own loopback origins",
    help: "Comma-separated browser Origins accepted.",
    readme: "Comma-separated browser origins accepted; a page on one of them may connect (CORS).",
    transport: "http",
  },
  httpMaxSessions: {
    env: ENV.httpMaxSessions,
    schema: integer(1, 100_000, HTTP_DEFAULTS.maxSessions),
    shown: String(HTTP_DEFAULTS.maxSessions),
    help: "Live sessions at most.",
    readme: "Live sessions at most.",
    transport: "http",
  },
  httpSessionIdleMs: {
    env: ENV.httpSessionIdleMs,
    schema: integer(1, 7 * 86_400, HTTP_DEFAULTS.sessionIdleMs, 1000),
    shown: String(HTTP_DEFAULTS.sessionIdleMs / 1000),
    help: "Idle time in seconds after which a session is closed.",
    readme: "A session without a request for this long is closed.",
    transport: "http",
  },
  httpMaxBodyBytes: {
    env: ENV.httpMaxBodyBytes,
    schema: integer(1024, 64 * 1024 * 1024, HTTP_DEFAULTS.maxBodyBytes),
    shown: String(HTTP_DEFAULTS.maxBodyBytes),
    help: "Largest request body accepted.",
    readme: "Largest request body.",
    transport: "http",
  },
  httpInstanceName: {
    env: ENV.httpInstanceName,
    schema: instanceName,
    shown: "none",
    help: "This instance's name, leading every session id it makes (for a load balancer to route by).",
    readme:
      "This instance's name among several behind one load balancer (a-z, 0-9, '-'): every session id it makes starts with it and a dot, so the balancer sends each session's requests back to it. See [Several instances](#several-instances-behind-a-load-balancer).",
    transport: "http",
  },
  httpNoAuthForTests: {
    flag: { name: FLAG.httpNoAuthForTests },
    schema: flag,
    shown: "off",
    help: `With ${FLAG.http} on a loopback host only: no bearer token. For the conformance suite.`,
    readme: "Loopback only: no bearer token. For the conformance suite; never for real use.",
    transport: "http",
  },
} satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export const KEYS = Object.keys(SETTINGS) as SettingKey[];
export const spec = (key: SettingKey): SettingSpec => SETTINGS[key];

/** How a setting is named to the user: its variable, else its flag. */
export function displayName(key: SettingKey): string {
  return spec(key).env ?? spec(key).flag?.name ?? key;
}
