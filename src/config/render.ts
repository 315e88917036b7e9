/**
 * Every text about the settings, written from the table: --help, the README's settings table,
 * and the variables a package manifest lists (the MCP Registry's server.json, the Claude Desktop
 * bundle's user_config). `npm run docs` (scripts/docs.ts) writes the documents from these.
 */
import { ENV, FLAG } from "../settingNames.js";
import { PACKAGE } from "../version.js";
import { KEYS, SETTINGS, type SettingKey, spec } from "./table.js";
import { formatOf, isSecret, type ValueFormat } from "./values.js";

/** A default that is a value (a number, an address, a URL) rather than words. */
const isValue = (shown: string) => /^\d|^\w+:/.test(shown);

function helpWithDefault(key: SettingKey): string {
  const { help, shown } = spec(key);
  return isValue(shown) ? `${help.replace(/\.$/, "")} (default ${shown}).` : help;
}
const pad = (text: string, width: number) => text.padEnd(width);
const BIN = PACKAGE.name;

export const USAGE = `Usage: ${BIN} [${FLAG.sandbox}] [${FLAG.readOnly}] [${FLAG.http} [${FLAG.httpHost} ${SETTINGS.httpHost.flag.value}] [${FLAG.httpPort} ${SETTINGS.httpPort.flag.value}]] [--help] [--version]
       ${BIN} doctor [${FLAG.sandbox}]

An MCP server that configures Floqer's "Salesforce: Update a Record" action. It speaks MCP over
stdio by default, or over Streamable HTTP at /mcp with ${FLAG.http}.

doctor checks, read-only, that the key in ${ENV.apiKey} works: whose it is, the workflows, one
workflow's overview, its main sheet's action graph and rows, and the Salesforce objects of an
update action. One line per check; exit code 0 when every check passed, 1 otherwise.

Options:
${KEYS.flatMap((key) => {
  const option = spec(key).flag;
  if (!option) return [];
  return [`  ${pad(`${option.name}${option.value ? ` ${option.value}` : ""}`, 22)}${helpWithDefault(key)}`];
}).join("\n")}
  ${pad("--help", 22)}Show this help.
  ${pad("--version", 22)}Show the version.

Environment:
${KEYS.flatMap((key) => {
  const variable = spec(key).env;
  return variable ? [`  ${pad(variable, 34)}${helpWithDefault(key)}`] : [];
}).join("\n")}
`;

/** The README's settings table. */
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

/** A setting read from the environment, as the MCP Registry's server.json describes it. */
export interface EnvironmentSetting {
  name: string;
  description: string;
  format: ValueFormat;
  isSecret: boolean;
  /** The default as the variable would hold it; absent where the default is words. */
  default?: string;
  isRequired: boolean;
}

/** Every setting that has an environment variable, except those of the HTTP transport. */
export function stdioEnvironment(): EnvironmentSetting[] {
  return KEYS.flatMap((key) => {
    const { env, schema, shown, help, transport, required } = spec(key);
    if (!env || transport === "http") return [];
    const format = formatOf(schema);
    return [
      {
        name: env,
        description: help,
        format,
        isSecret: isSecret(schema),
        ...(isValue(shown) ? { default: shown } : format === "boolean" ? { default: "false" } : {}),
        isRequired: required === true,
      },
    ];
  });
}

/** One question of the Claude Desktop bundle's settings form. */
export interface BundleQuestion {
  type: ValueFormat;
  title: string;
  description: string;
  sensitive?: true;
  required: boolean;
  /** Empty (or off): the server's own default, since an empty variable counts as not set. */
  default?: string | boolean;
}

/**
 * The settings the Claude Desktop bundle asks for: its user_config, and the environment its
 * server runs with, each variable filled from its answer.
 */
export function bundleSettings(): {
  userConfig: Record<string, BundleQuestion>;
  env: Record<string, string>;
} {
  const userConfig: Record<string, BundleQuestion> = {};
  const env: Record<string, string> = {};
  for (const key of KEYS) {
    const { env: variable, schema, required, bundle } = spec(key);
    if (!bundle || !variable) continue;
    const type = formatOf(schema);
    env[variable] = `\${user_config.${bundle.key}}`;
    userConfig[bundle.key] = {
      type,
      title: bundle.title,
      description: bundle.description,
      ...(isSecret(schema) && { sensitive: true as const }),
      required: required === true,
      ...(required !== true && { default: type === "boolean" ? false : "" }),
    };
  }
  return { userConfig, env };
}
