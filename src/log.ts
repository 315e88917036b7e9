/**
 * Diagnostics go to stderr only: over stdio, stdout carries protocol messages and nothing else.
 * Every line, every tool answer and every notification passes through the redactor, so a secret
 * that slips in (an upstream echoing the key in a name, a label, a message) never gets out.
 */

import { redact } from "./redact.js";
import { PACKAGE } from "./version.js";

export { redact, redactDeep, registerSecret } from "./redact.js";

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (detail === undefined) return "";
  return typeof detail === "string" ? detail : JSON.stringify(detail);
}

function write(level: string, message: string, detail?: unknown): void {
  const extra = describe(detail);
  process.stderr.write(`${redact(`[${PACKAGE.name}] ${level}: ${message}${extra ? ` ${extra}` : ""}`)}\n`);
}

export const log = {
  info: (message: string, detail?: unknown) => write("info", message, detail),
  warn: (message: string, detail?: unknown) => write("warn", message, detail),
  error: (message: string, detail?: unknown) => write("error", message, detail),
};
