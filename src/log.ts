/**
 * Diagnostics go to stderr only: over stdio, stdout carries protocol messages and nothing else.
 * Every line passes through the redactor, so a secret that slips into an error never gets out.
 */

const secrets = new Set<string>();

/** Registers a value (the Floqer key) that must never appear in any log line. */
export function registerSecret(secret: string | undefined): void {
  if (secret) secrets.add(secret);
}

/** Removes every registered secret, the `extra` ones, and anything shaped like a Floqer key. */
export function redact(text: string, extra: readonly string[] = []): string {
  let clean = text;
  for (const secret of [...secrets, ...extra]) if (secret) clean = clean.split(secret).join("[redacted]");
  return clean.replace(/floq_[A-Za-z0-9_-]+/g, "floq_[redacted]");
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (detail === undefined) return "";
  return typeof detail === "string" ? detail : JSON.stringify(detail);
}

function write(level: string, message: string, detail?: unknown): void {
  const extra = describe(detail);
  process.stderr.write(
    `${redact(`[floqer-salesforce-mcp] ${level}: ${message}${extra ? ` ${extra}` : ""}`)}\n`,
  );
}

export const log = {
  info: (message: string, detail?: unknown) => write("info", message, detail),
  warn: (message: string, detail?: unknown) => write("warn", message, detail),
  error: (message: string, detail?: unknown) => write("error", message, detail),
};
