/**
 * Every setting, in one table: its environment name, its flag, its schema, its default as shown,
 * and its help. The parser, the --help text and the README's settings table are all written from
 * it. Pure: the CLI decides what to print and how to exit.
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
import { isLoopbackHost } from "./loopback.js";
import { TOOL } from "./toolNames.js";

/** A setting's schema, with the name the user wrote (a flag or a variable) in its messages. */
type SchemaFor = (name: string) => z.ZodType;

/**
 * Which schemas take a number and which a secret, recorded where each schema is made, for readers
 * of the table that need it (the MCP Registry's server.json). A switch is the one `flag` schema.
 */
const NUMBERS = new WeakSet<SchemaFor>();
const SECRETS = new WeakSet<SchemaFor>();
const noted = <Schema extends SchemaFor>(set: WeakSet<SchemaFor>, schema: Schema): Schema => {
  set.add(schema);
  return schema;
};

const integer = (min: number, max: number, defaultValue: number, scale = 1) =>
  noted(NUMBERS, (name: string) =>
    z.coerce
      .number({ error: `${name} must be a whole number` })
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be at least ${min}`)
      .max(max, `${name} must be at most ${max}`)
      .transform((value) => value * scale)
      .default(defaultValue),
  );

const flag = ((name: string) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no", ""], { error: `${name} must be 1 or 0` })
    .transform((value) => value === "1" || value === "true" || value === "yes")
    .default(false)) satisfies SchemaFor;

const baseUrl = ((name: string) =>
  z
    .string()
    .transform((value, context) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: "custom", message: `${name} is not a URL: ${value}` });
        return z.NEVER;
      }
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
        context.addIssue({
          code: "custom",
          message: `${name} must use https (plain http is allowed only for a loopback host)`,
        });
        return z.NEVER;
      }
      if (url.username || url.password || url.search || url.hash) {
        context.addIssue({
          code: "custom",
          message: `${name} must not carry credentials, a query or a fragment`,
        });
        return z.NEVER;
      }
      return url.toString().replace(/\/+$/, "");
    })
    .default(DEFAULT_BASE_URL)) satisfies SchemaFor;

const apiKey = noted(SECRETS, (name: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .refine((value) => !/\s/.test(value), `${name} contains spaces or line breaks; copy the key again`)
    .transform((value) => value || undefined)
    .optional(),
);

const secret = (what: string) =>
  noted(SECRETS, (name: string) =>
    z
      .string()
      .min(32, `${name} must be at least 32 characters (e.g. openssl rand -hex 32)`)
      .optional()
      .describe(what),
  );

const list = ((_name: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .optional()) satisfies SchemaFor;

interface SettingSpec {
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
}

/** Every setting. The order is the order of --help and of the README's table. */
export const SETTINGS = {
  apiKey: {
    env: "FLOQER_API_KEY",
    schema: apiKey,
    shown: "none",
    help: "Floqer API key (floq_...), made in the Floqer app: Settings, API keys.",
    readme:
      "Your Floqer API key (`floq_...`). Never printed or logged. Without it the server still starts and lists its tools; each tool then answers with how to set it.",
  },
  baseUrl: {
    env: "FLOQER_BASE_URL",
    schema: baseUrl,
    shown: DEFAULT_BASE_URL,
    help: "Floqer API base URL.",
    readme: "The Floqer API. Must be `https`; plain `http` only for a loopback host (a local emulator).",
  },
  timeoutMs: {
    env: "FLOQER_TIMEOUT_MS",
    schema: integer(100, 600_000, DEFAULT_TIMEOUT_MS),
    shown: String(DEFAULT_TIMEOUT_MS),
    help: "Timeout per upstream request in ms.",
    readme: "Timeout of each upstream request.",
  },
  sandbox: {
    env: "FLOQER_SANDBOX",
    flag: { name: "--sandbox" },
    schema: flag,
    shown: "off",
    help: "Run against the built-in Floqer emulator with a demo org (no key needed).",
    readme:
      'Run against the built-in emulator with a demo org; `FLOQER_API_KEY` and `FLOQER_BASE_URL` are ignored. Every answer then carries `"sandbox": true` (errors start with `[sandbox: ...]`).',
  },
  readOnly: {
    env: "FLOQER_READ_ONLY",
    flag: { name: "--read-only" },
    schema: flag,
    shown: "off",
    help: "Offer only the tools that change nothing (lists, workflow views, the guard).",
    readme: `Offer only the tools that change nothing (\`${TOOL.listWorkflows}\`, \`${TOOL.getWorkflow}\`, the guard, the list tools), chosen by each tool's own \`readOnlyHint\`; the instructions and the prompt are written from the tools offered.`,
  },
  optionsCacheTtlMs: {
    env: "FLOQER_OPTIONS_CACHE_TTL_SECONDS",
    schema: integer(0, 86_400, DEFAULT_OPTIONS_CACHE_TTL_MS, 1000),
    shown: String(DEFAULT_OPTIONS_CACHE_TTL_MS / 1000),
    help: "How long object and field lists and action graphs are cached.",
    readme:
      "How long object and field lists, and each sheet's action graph, are cached (`0`: always ask Floqer).",
  },
  maxResponseBytes: {
    env: "FLOQER_MAX_RESPONSE_BYTES",
    schema: integer(1024, 256 * 1024 * 1024, DEFAULT_MAX_RESPONSE_BYTES),
    shown: String(DEFAULT_MAX_RESPONSE_BYTES),
    help: "Largest upstream answer accepted.",
    readme: "Largest upstream answer accepted; bigger ones are refused with a clear error.",
  },
  confirmationSecret: {
    env: "MCP_CONFIRMATION_SECRET",
    schema: secret("signs confirmation tokens"),
    shown: "random per process",
    help: "Secret that signs confirmation tokens (default: random per process).",
    readme:
      "Secret (32+ characters) that signs confirmation tokens. Set the same value on several instances so that a token from one is accepted by the others.",
  },
  confirmationTtlSeconds: {
    env: "MCP_CONFIRMATION_TTL_SECONDS",
    schema: integer(60, 24 * 3600, DEFAULT_CONFIRMATION_TTL_SECONDS),
    shown: String(DEFAULT_CONFIRMATION_TTL_SECONDS),
    help: "Lifetime of a confirmation token in seconds.",
    readme: "How long a confirmation token stays valid.",
  },
  http: {
    env: "MCP_HTTP",
    flag: { name: "--http" },
    schema: flag,
    shown: "off (stdio)",
    help: "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio.",
    readme: "Serve Streamable HTTP at `/mcp`.",
  },
  httpHost: {
    env: "MCP_HTTP_HOST",
    flag: { name: "--host", value: "H" },
    schema: (name: string) => z.string().min(1, `${name} must not be empty`).default(HTTP_DEFAULTS.host),
    shown: HTTP_DEFAULTS.host,
    help: "Address to bind with --http.",
    readme: "Address to bind. Another than loopback needs `MCP_HTTP_ALLOWED_HOSTS`.",
  },
  httpPort: {
    env: "MCP_HTTP_PORT",
    flag: { name: "--port", value: "P" },
    schema: integer(0, 65_535, HTTP_DEFAULTS.port),
    shown: String(HTTP_DEFAULTS.port),
    help: "Port with --http (0 picks a free one).",
    readme: "Port (`0`: any free one; the log line says which).",
  },
  httpToken: {
    env: "MCP_HTTP_TOKEN",
    schema: secret("the bearer token"),
    shown: "generated, printed once",
    help: "Bearer token clients must send (default: generated, printed once to stderr).",
    readme: "Bearer token clients must send (32+ characters).",
  },
  httpAllowedHosts: {
    env: "MCP_HTTP_ALLOWED_HOSTS",
    schema: list,
    shown: "loopback names",
    help: "Comma-separated Host names accepted (required for a non-loopback --host).",
    readme: "Comma-separated `Host` names accepted.",
  },
  httpAllowedOrigins: {
    env: "MCP_HTTP_ALLOWED_ORIGINS",
    schema: list,
    shown: "the server's own loopback origins",
    help: "Comma-separated browser Origins accepted.",
    readme: "Comma-separated browser origins accepted.",
  },
  httpMaxSessions: {
    env: "MCP_HTTP_MAX_SESSIONS",
    schema: integer(1, 100_000, HTTP_DEFAULTS.maxSessions),
    shown: String(HTTP_DEFAULTS.maxSessions),
    help: "Live sessions at most.",
    readme: "Live sessions at most.",
  },
  httpSessionIdleMs: {
    env: "MCP_HTTP_SESSION_IDLE_SECONDS",
    schema: integer(1, 7 * 86_400, HTTP_DEFAULTS.sessionIdleMs, 1000),
    shown: String(HTTP_DEFAULTS.sessionIdleMs / 1000),
    help: "Idle time in seconds after which a session is closed.",
    readme: "A session without a request for this long is closed.",
  },
  httpMaxBodyBytes: {
    env: "MCP_HTTP_MAX_BODY_BYTES",
    schema: integer(1024, 64 * 1024 * 1024, HTTP_DEFAULTS.maxBodyBytes),
    shown: String(HTTP_DEFAULTS.maxBodyBytes),
    help: "Largest request body accepted.",
    readme: "Largest request body.",
  },
  httpNoAuthForTests: {
    flag: { name: "--test-only-no-auth" },
    schema: flag,
    shown: "off",
    help: "With --http on a loopback host only: no bearer token. For the conformance suite.",
    readme: "Loopback only: no bearer token. For the conformance suite; never for real use.",
  },
} satisfies Record<string, SettingSpec>;

type SettingKey = keyof typeof SETTINGS;
const KEYS = Object.keys(SETTINGS) as SettingKey[];
const spec = (key: SettingKey): SettingSpec => SETTINGS[key];

/** How a setting is named to the user: its variable, else its flag. */
function displayName(key: SettingKey): string {
  return spec(key).env ?? spec(key).flag?.name ?? key;
}

const settingsObject = z.object(
  Object.fromEntries(KEYS.map((key) => [key, spec(key).schema(displayName(key))])) as {
    [K in SettingKey]: ReturnType<(typeof SETTINGS)[K]["schema"]>;
  },
);

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

const flagged = KEYS.filter((key) => spec(key).flag);

/** A default that is a value (a number, an address, a URL) rather than words. */
const isValue = (shown: string) => /^\d|^\w+:/.test(shown);

function helpWithDefault(key: SettingKey): string {
  const { help, shown } = spec(key);
  return isValue(shown) ? `${help.replace(/\.$/, "")} (default ${shown}).` : help;
}
const pad = (text: string, width: number) => text.padEnd(width);

export const USAGE = `Usage: floqer-salesforce-mcp [--sandbox] [--read-only] [--http [--host H] [--port P]] [--help] [--version]
       floqer-salesforce-mcp doctor [--sandbox]

An MCP server that configures Floqer's "Salesforce: Update a Record" action. It speaks MCP over
stdio by default, or over Streamable HTTP at /mcp with --http.

doctor checks, read-only, that the key in FLOQER_API_KEY works: whose it is, the workflows, one
workflow's overview and its main sheet's action graph, and the Salesforce objects of an update
action. One line per check; exit code 0 when every check passed, 1 otherwise.

Options:
${flagged
  .map((key) => {
    const { name, value } = spec(key).flag as { name: string; value?: string };
    return `  ${pad(`${name}${value ? ` ${value}` : ""}`, 22)}${helpWithDefault(key)}`;
  })
  .join("\n")}
  ${pad("--help", 22)}Show this help.
  ${pad("--version", 22)}Show the version.

Environment:
${KEYS.filter((key) => spec(key).env)
  .map((key) => {
    return `  ${pad(spec(key).env as string, 34)}${helpWithDefault(key)}`;
  })
  .join("\n")}
`;

/** The README's settings table, written from the same table. */
export function settingsTable(): string {
  const rows = KEYS.map((key) => {
    const { env, flag: option, shown, readme } = spec(key);
    const names = [env && `\`${env}${option && !option.value ? "=1" : ""}\``, option && `\`${option.name}\``]
      .filter(Boolean)
      .join(" or ");
    const shownDefault = isValue(shown) ? `\`${shown}\`` : shown;
    return `| ${names} | ${shownDefault} | ${readme} |`;
  });
  return ["| Setting | Default | What it does |", "|---|---|---|", ...rows].join("\n");
}

/** A setting read from the environment, as a package manifest describes it to an installer. */
export interface EnvironmentSetting {
  name: string;
  description: string;
  format: "string" | "number" | "boolean";
  isSecret: boolean;
  /** The default as the variable would hold it; absent where the default is words. */
  default?: string;
}

/** Every setting that has an environment variable, except those of the HTTP transport. */
export function stdioEnvironment(): EnvironmentSetting[] {
  return KEYS.flatMap((key) => {
    const { env, schema, shown, help } = spec(key);
    if (!env || env.startsWith("MCP_HTTP")) return [];
    const format: EnvironmentSetting["format"] =
      schema === flag ? "boolean" : NUMBERS.has(schema) ? "number" : "string";
    return [
      {
        name: env,
        description: help,
        format,
        isSecret: SECRETS.has(schema),
        ...(isValue(shown) ? { default: shown } : format === "boolean" ? { default: "false" } : {}),
      },
    ];
  });
}

export type ParsedCommandLine =
  | { kind: "run"; settings: Settings }
  | { kind: "doctor"; settings: Settings }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "invalid"; message: string };

const BY_FLAG = new Map(flagged.map((key) => [(spec(key).flag as { name: string }).name, key]));

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const raw: Partial<Record<SettingKey, string>> = {};
  for (const key of KEYS) {
    const variable = spec(key).env;
    const value = variable === undefined ? undefined : env[variable];
    if (value !== undefined && (value !== "" || key === "apiKey")) raw[key] = value;
  }
  let wants: "run" | "help" | "version" = "run";
  const doctor = argv[0] === "doctor";
  for (let index = doctor ? 1 : 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    const [name = "", inlineValue] = argument.split(/=(.*)/s, 2);
    const key = BY_FLAG.get(name);
    if (name === "--help" || name === "-h") wants = "help";
    else if ((name === "--version" || name === "-v") && wants === "run") wants = "version";
    else if (key && !spec(key).flag?.value && inlineValue === undefined) raw[key] = "1";
    else if (key && spec(key).flag?.value) {
      const value = inlineValue ?? argv[++index];
      if (value === undefined || value.startsWith("--"))
        return { kind: "invalid", message: `${name} needs a value` };
      // A value given by flag is checked under the flag's name, the one the user typed.
      const check = spec(key).schema(name).safeParse(value);
      if (!check.success)
        return { kind: "invalid", message: check.error.issues[0]?.message ?? `${name} is invalid` };
      raw[key] = value;
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
