/**
 * Reading Floqer's response envelopes. Success: `{status, data, message?, warnings?}`. Errors are
 * flat (`{status, error, message, retryAfter?}`) or, in some answers, nested
 * (`{error: {code, message}}`); 400s list field problems under an undocumented key.
 */

import { redact } from "../log.js";
import { isObject, type Json } from "./json.js";

const MAX_UPSTREAM_MESSAGE = 300;

/** Shortens upstream text and removes the given secrets and anything that looks like a Floqer key. */
export function cleanUpstreamText(text: string, secrets: readonly string[] = []): string {
  const cleaned = redact(text, secrets).replace(/\s+/g, " ").trim();
  return cleaned.length > MAX_UPSTREAM_MESSAGE ? `${cleaned.slice(0, MAX_UPSTREAM_MESSAGE)}…` : cleaned;
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
  const retryAfter = Number(body.retryAfter ?? body.retry_after);
  const problems = fieldProblemsIn(body);
  return {
    message: message || undefined,
    fieldProblems: problems.length > 0 ? problems : nested ? fieldProblemsIn(nested) : [],
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  };
}

/** The `data` of a success envelope, or undefined when the body is not one. */
export function readSuccessData(body: unknown): { found: true; data: unknown } | { found: false } {
  return isObject(body) && "data" in body ? { found: true, data: body.data } : { found: false };
}

/** Seconds to wait from a `Retry-After` header: delta seconds or an HTTP date. */
export function parseRetryAfterHeader(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}
