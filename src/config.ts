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

export const settingsSchema = z.object({
  apiKey: apiKeySetting.optional(),
  baseUrl: baseUrlSetting.default(DEFAULT_BASE_URL),
  timeoutMs: integerSetting("FLOQER_TIMEOUT_MS", 100, 600_000).default(DEFAULT_TIMEOUT_MS),
  sandbox: booleanSetting("FLOQER_SANDBOX").default(false),
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
});

export type Settings = z.output<typeof settingsSchema>;

/** Environment variable behind each setting; the README's settings table follows this. */
export const ENVIRONMENT_VARIABLES: Record<keyof Settings, string> = {
  apiKey: "FLOQER_API_KEY",
  baseUrl: "FLOQER_BASE_URL",
  timeoutMs: "FLOQER_TIMEOUT_MS",
  sandbox: "FLOQER_SANDBOX",
  confirmationSecret: "MCP_CONFIRMATION_SECRET",
  confirmationTtlSeconds: "MCP_CONFIRMATION_TTL_SECONDS",
  optionsCacheTtlMs: "FLOQER_OPTIONS_CACHE_TTL_SECONDS",
  maxResponseBytes: "FLOQER_MAX_RESPONSE_BYTES",
};

export const USAGE = `Usage: floqer-salesforce-mcp [--sandbox] [--help] [--version]

An MCP server (stdio) that configures Floqer's "Salesforce: Update a Record" action.

Options:
  --sandbox    Run against the built-in Floqer emulator with a demo org (no key needed).
  --help       Show this help.
  --version    Show the version.

Environment:
  FLOQER_API_KEY                    Floqer API key (floq_...), made in the Floqer app: Settings, API keys.
  FLOQER_BASE_URL                   Floqer API base URL (default ${DEFAULT_BASE_URL}).
  FLOQER_TIMEOUT_MS                 Timeout per upstream request in ms (default ${DEFAULT_TIMEOUT_MS}).
  FLOQER_SANDBOX=1                  Same as --sandbox.
  FLOQER_OPTIONS_CACHE_TTL_SECONDS  How long object and field lists are cached (default ${DEFAULT_OPTIONS_CACHE_TTL_MS / 1000}).
  FLOQER_MAX_RESPONSE_BYTES         Largest upstream answer accepted (default ${DEFAULT_MAX_RESPONSE_BYTES}).
  MCP_CONFIRMATION_SECRET           Secret that signs confirmation tokens (default: random per process).
  MCP_CONFIRMATION_TTL_SECONDS      Lifetime of a confirmation token (default ${DEFAULT_CONFIRMATION_TTL_SECONDS}).
`;

export type ParsedCommandLine =
  | { kind: "run"; settings: Settings }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "invalid"; message: string };

const FLAGS = new Set(["--sandbox", "--help", "-h", "--version", "-v"]);

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const unknown = argv.find((argument) => !FLAGS.has(argument));
  if (unknown !== undefined) {
    return { kind: "invalid", message: `unknown option ${JSON.stringify(unknown)}; see --help` };
  }
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  if (argv.includes("--version") || argv.includes("-v")) return { kind: "version" };
  const raw: Partial<Record<keyof Settings, string>> = {};
  for (const [setting, variable] of Object.entries(ENVIRONMENT_VARIABLES) as [keyof Settings, string][]) {
    const value = env[variable];
    if (value !== undefined && (value !== "" || setting === "apiKey")) raw[setting] = value;
  }
  if (argv.includes("--sandbox")) raw.sandbox = "1";
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "invalid", message: issue?.message ?? "invalid settings" };
  }
  return { kind: "run", settings: parsed.data };
}
