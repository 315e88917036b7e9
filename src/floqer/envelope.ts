/**
 * Reading Floqer's response envelopes. Success: `{status, data, message?, warnings?}`. Errors are
 * flat (`{status, error, message, retryAfter?}`) or, in some answers, nested
 * (`{error: {code, message}}`); 400s list field problems under an undocumented key.
 */

import { MAX_UPSTREAM_DEPTH } from "../limits.js";
import { redact } from "../log.js";
import { isObject, type Json } from "./json.js";

const MAX_UPSTREAM_MESSAGE = 300;
const MAX_UPSTREAM_NAME = 200;

/** C0 and C1 control characters and the bidi overrides: never passed on from upstream text. */
const CONTROL_CLASS = "[\\p{Cc}\\u202a-\\u202e\\u2066-\\u2069]";
const CONTROL = new RegExp(`${CONTROL_CLASS}+`, "gu");
/** The same, but a configuration value's line breaks and tabs are part of it. */
const CONTROL_BUT_LAYOUT = new RegExp(`(?![\\t\\n])${CONTROL_CLASS}`, "gu");

/** Upstream text fit to show: no control characters, one line, bounded, secrets removed. */
export function cleanUpstreamText(
  text: string,
  secrets: readonly string[] = [],
  max = MAX_UPSTREAM_MESSAGE,
): string {
  const cleaned = redact(text.replace(CONTROL, " "), secrets).replace(/\s+/g, " ").trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

/**
 * Text set inside one of the server's own sentences, as data: cleaned as upstream text, then
 * quoted as JSON quotes a string, so a quote or backslash in it cannot close the quote and pass
 * for the server's words. The one way such text is quoted.
 */
export function quote(text: string, max = MAX_UPSTREAM_MESSAGE): string {
  return JSON.stringify(cleanUpstreamText(text, [], max));
}

/** A name, label or type from Floqer, cleaned as any upstream text and shorter. */
export function cleanName(text: string, max = MAX_UPSTREAM_NAME): string {
  return cleanUpstreamText(text, [], max);
}

/** Longest string of an action's configuration shown back: enough to recognize, bounded. */
const MAX_SHOWN_VALUE = 2_000;

/**
 * A configuration value from Floqer, fit to show: every string in it without control characters
 * (line breaks and tabs stay: values may be multi-line) and bounded; objects rebuilt from their own
 * properties, without `__proto__`. For display only: comparisons use the value as Floqer sent it.
 */
export function cleanUpstreamValue<Value>(value: Value): Value {
  return cleanValue(value, 1) as Value;
}

/** Shown in place of what nests past MAX_UPSTREAM_DEPTH: the walk stops there. */
const TOO_DEEP = "[nested too deeply to show]";

/**
 * A key no configuration has: in JSON it is only data, but a client that merges the answer into
 * its own objects naively would set their prototype with it, so it is not passed on.
 */
const PROTOTYPE_KEY = "__proto__";

/** The cleaning itself; each branch returns the kind of value it was given, down to a bounded depth. */
function cleanValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    const cleaned = redact(value.replace(CONTROL_BUT_LAYOUT, ""));
    return cleaned.length > MAX_SHOWN_VALUE ? `${cleaned.slice(0, MAX_SHOWN_VALUE)}…` : cleaned;
  }
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_UPSTREAM_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => cleanValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== PROTOTYPE_KEY)
      .map(([key, item]) => [cleanName(key, 128), cleanValue(item, depth + 1)]),
  );
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ErrorDetails {
  message?: string | undefined;
  fieldProblems: string[];
  retryAfterSeconds?: number | undefined;
}

function fieldProblemsIn(body: Json): string[] {
  for (const value of Object.values(body)) {
    if (!Array.isArray(value)) continue;
    const problems = value
      .filter(isObject)
      .filter((entry) => typeof entry.message === "string")
      .map((entry) =>
        typeof entry.field === "string" ? `${entry.field}: ${entry.message}` : String(entry.message),
      );
    if (problems.length > 0) return problems;
  }
  return [];
}

/** Whatever an error body says, read tolerantly: any of the shapes above, or none. */
export function readErrorBody(body: unknown): ErrorDetails {
  if (!isObject(body)) return { fieldProblems: [] };
  const nested = isObject(body.error) ? body.error : undefined;
  const message =
    (typeof body.message === "string" && body.message) ||
    (nested && typeof nested.message === "string" && nested.message) ||
    (typeof body.error === "string" && body.error) ||
    undefined;
  const retryAfter = boundedRetryAfter(Number(body.retryAfter ?? body.retry_after));
  const problems = fieldProblemsIn(body);
  return {
    message: message || undefined,
    fieldProblems: problems.length > 0 ? problems : nested ? fieldProblemsIn(nested) : [],
    retryAfterSeconds: retryAfter,
  };
}

/** A warning Floqer attached to a 2xx answer (schema ConfigureActionWarning), cleaned for output. */
export interface UpstreamWarning {
  field?: string;
  code: string;
  message: string;
}

const WARNING_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const WARNING_FIELD = /^[A-Za-z0-9_.[\]]{1,128}$/;

function readWarnings(list: unknown, secrets: readonly string[]): UpstreamWarning[] {
  if (!Array.isArray(list)) return [];
  // Code and field sit in the server's own sentence, so they must look like what they are; the
  // message is free text, cleaned here and quoted where it is shown.
  const matching = (value: unknown, pattern: RegExp) =>
    typeof value === "string" && pattern.test(value) ? value : undefined;
  return list.filter(isObject).map((entry) => {
    const field = matching(entry.field, WARNING_FIELD);
    const message = typeof entry.message === "string" ? cleanUpstreamText(entry.message, secrets) : "";
    return {
      ...(field !== undefined && { field }),
      code: matching(entry.code, WARNING_CODE) ?? "warning",
      message: message || "(no message)",
    };
  });
}

/**
 * One of Floqer's own warnings on a 2xx answer (the write went through, but not as clean as it
 * looks), as the server reports it: code and field were checked when read, the message is quoted.
 */
export function describeWarning(warning: UpstreamWarning): string {
  return `Floqer warned (${warning.code}${warning.field ? ` on ${warning.field}` : ""}): ${quote(warning.message)}`;
}

export type SuccessBody = { found: true; data: unknown; warnings: UpstreamWarning[] } | { found: false };

/** The `data` and `warnings` of a success envelope, or found: false when the body is not one. */
export function readSuccessData(body: unknown, secrets: readonly string[] = []): SuccessBody {
  if (!isObject(body) || !("data" in body)) return { found: false };
  return { found: true, data: body.data, warnings: readWarnings(body.warnings, secrets) };
}

/**
 * Floqer's API runs on Fastify, which answers a method or path it has no route for with its own
 * body, `{message: "Route PATCH:/api/v1/... not found", error, statusCode}`, not the API's
 * `{status, error, message}` envelope. Such an answer means the route is wrong, not the ids.
 */
export function isRouteNotFound(status: number, body: unknown): boolean {
  if (status === 405) return true;
  if (status !== 404 || !isObject(body)) return false;
  const message = typeof body.message === "string" ? body.message : "";
  return (
    /^Route [A-Z]+:\S* not found/.test(message) ||
    (typeof body.statusCode === "number" && !("status" in body))
  );
}

/** Floqer's waits are seconds within its daily window; anything beyond is not a wait but noise. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/** A wait in seconds, or undefined (unknown) when it is not a number or beyond the documented scale. */
function boundedRetryAfter(seconds: number): number | undefined {
  return Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : undefined;
}

/** Seconds to wait from a `Retry-After` header: delta seconds or an HTTP date. */
export function parseRetryAfterHeader(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds)) return boundedRetryAfter(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : boundedRetryAfter(Math.max(0, Math.ceil((date - nowMs) / 1000)));
}
