/**
 * Diagnostics go to stderr only: over stdio, stdout carries protocol messages and nothing else.
 * Every line, every tool answer and every notification passes through the redactor, so a secret
 * that slips in (an upstream echoing the key in a name, a label, a message) never gets out.
 */

/** What may stand between the characters of a secret that was split to slip past a plain match. */
const SPLITTERS = "[\\s\\u00ad\\u200b-\\u200d\\u2060\\ufeff]*";

/** A secret shorter than this is not worth hunting inside base64: its fragments would match noise. */
const MIN_ENCODED_SECRET = 12;

/** Anything shaped like a Floqer key, registered or not. */
const KEY_SHAPE = /floq_[A-Za-z0-9_-]+/gi;
const KEY_PREFIX = /floq_/i;

const patterns: RegExp[] = [];
/** The shortest text any registered form can hide in: shorter strings skip the patterns. */
let shortestForm = Number.POSITIVE_INFINITY;

function escapeRegex(character: string): string {
  return character.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The secret in any case, with whitespace or invisible characters between its characters. */
function splitForm(secret: string): string {
  return [...secret].map(escapeRegex).join(SPLITTERS);
}

/**
 * The base64 and base64url spellings the secret takes inside any encoded text: for each of the
 * three alignments it can start at, the run of characters that depend on the secret alone.
 */
function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length < MIN_ENCODED_SECRET) return [];
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString("base64")
      .replace(/=+$/, "");
    const first = Math.ceil((offset * 4) / 3) + (offset === 0 ? 0 : 1);
    const last = Math.floor(((offset + bytes.length) * 4) / 3) - 1;
    const stable = encoded.slice(first, last);
    forms.push(stable, stable.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** Registers a value (the Floqer key, a signing secret, the HTTP token) that must never get out. */
export function registerSecret(secret: string | undefined): void {
  if (!secret) return;
  const encodedSpellings = [...new Set(encodedForms(secret))];
  const encoded = encodedSpellings.map((form) => [...form].map(escapeRegex).join(""));
  patterns.push(new RegExp([splitForm(secret), ...encoded].join("|"), "giu"));
  shortestForm = Math.min(shortestForm, [...secret].length, ...encodedSpellings.map((form) => form.length));
}

/** Removes every registered secret in every form, the `extra` ones, and anything shaped like a Floqer key. */
export function redact(text: string, extra: readonly string[] = []): string {
  let clean = text;
  for (const secret of extra) if (secret) clean = clean.split(secret).join("[redacted]");
  // Most strings (names, labels) are shorter than any secret: they are checked only for a key's shape.
  if (clean.length >= shortestForm)
    for (const pattern of patterns) clean = clean.replace(pattern, "[redacted]");
  return KEY_PREFIX.test(clean) ? clean.replace(KEY_SHAPE, "floq_[redacted]") : clean;
}

/**
 * The same value with every string in it (keys included) redacted; own properties only. What has
 * nothing to redact is returned as it is, so the common answer costs a walk, not a copy.
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const cleaned = value.map((item) => redactDeep(item));
    return (cleaned.some((item, index) => item !== value[index]) ? cleaned : value) as T;
  }
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const cleanKey = redact(key);
    const cleanItem = redactDeep(item);
    if (cleanKey !== key || cleanItem !== item) changed = true;
    return [cleanKey, cleanItem] as const;
  });
  return (changed ? Object.fromEntries(entries) : value) as T;
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
