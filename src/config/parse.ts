/**
 * The command line and the environment to Settings, through the table's schemas. Pure: the CLI
 * decides what to print and how to exit.
 */
import { z } from "zod";
import { isLoopbackHost } from "../loopback.js";
import { ENV, FLAG } from "../settingNames.js";
import { displayName, KEYS, type SETTINGS, type SettingKey, spec } from "./table.js";

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
      message: `binding to ${settings.httpHost} (not loopback) needs ${ENV.httpAllowedHosts}: the host names clients will use to reach this server, e.g. mcp.example.com`,
    });
  }
  if (settings.httpNoAuthForTests && !loopback) {
    context.addIssue({
      code: "custom",
      message: `${FLAG.httpNoAuthForTests} is allowed only with a loopback ${FLAG.httpHost}`,
    });
  }
});

export type Settings = z.output<typeof settingsSchema>;

export type ParsedCommandLine =
  | { kind: "run"; settings: Settings }
  | { kind: "doctor"; settings: Settings }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "invalid"; message: string };

const BY_FLAG = new Map(
  KEYS.flatMap((key) => {
    const name = spec(key).flag?.name;
    return name ? [[name, key] as const] : [];
  }),
);

/** The flags of settings that only serve HTTP, --http itself aside. */
function isHttpOnlyFlag(name: string): boolean {
  const key = BY_FLAG.get(name);
  return key !== undefined && name !== FLAG.http && spec(key).transport === "http";
}

/** The options doctor takes: it checks the key against Floqer, or the sandbox, and serves nothing. */
const DOCTOR_FLAGS: ReadonlySet<string> = new Set([FLAG.sandbox]);

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const raw: Partial<Record<SettingKey, string>> = {};
  for (const key of KEYS) {
    const variable = spec(key).env;
    const value = variable === undefined ? undefined : env[variable];
    if (value !== undefined && (value !== "" || key === "apiKey")) raw[key] = value;
  }
  let wants: "run" | "help" | "version" = "run";
  // The subcommand may stand on either side of the options; each option is checked once it is known.
  let doctor = false;
  const flagsGiven: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    const [name = "", inlineValue] = argument.split(/=(.*)/s, 2);
    const key = BY_FLAG.get(name);
    if (key) flagsGiven.push(name);
    if (argument === "doctor") {
      if (doctor) return { kind: "invalid", message: "doctor is given twice; see --help" };
      doctor = true;
    } else if (name === "--help" || name === "-h") wants = "help";
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
  const notForDoctor = doctor ? flagsGiven.find((name) => !DOCTOR_FLAGS.has(name)) : undefined;
  if (notForDoctor !== undefined) {
    return {
      kind: "invalid",
      message: `${notForDoctor} does not apply to doctor, which checks the Floqer key and exits (it takes ${[...DOCTOR_FLAGS].join(" or ")}); see --help`,
    };
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "invalid", message: issue?.message ?? "invalid settings" };
  }
  // An HTTP option typed without HTTP would be ignored in silence, and the server would run over
  // stdio on another port than the user thinks; variables may be set for other runs, so only flags.
  const httpOnly = doctor || parsed.data.http ? undefined : flagsGiven.find(isHttpOnlyFlag);
  if (httpOnly !== undefined) {
    return { kind: "invalid", message: `${httpOnly} applies only with ${FLAG.http}; see --help` };
  }
  return { kind: doctor ? "doctor" : "run", settings: parsed.data };
}
