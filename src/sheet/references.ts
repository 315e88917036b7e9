/**
 * Floqer reference tokens: `{{input.<column>}}`, `{{<action_instance_id>.<output>}}` and
 * `{{<action_instance_id>.<list_output>.<column>}}`. Values may mix literals and tokens.
 */

const NAME = /^[A-Za-z0-9_]+$/;
/** Action instance ids are `<action_id>_<n>`, e.g. `salesforce_lookup_record_1`. */
const ACTION_INSTANCE = /^[a-z][a-z0-9_]*_\d+$/;
const TOKEN = /\{\{(.*?)\}\}/gs;

export interface ReferenceToken {
  /** The token as written, braces included. */
  raw: string;
  /** `input` or the action instance id the token points at. */
  source: string;
  path: string[];
}

export type ReferenceScan = { ok: true; tokens: ReferenceToken[] } | { ok: false; problems: string[] };

function checkInner(inner: string): string | undefined {
  if (inner.trim() !== inner) return `remove the spaces inside the braces: {{${inner.trim()}}}`;
  const parts = inner.split(".");
  if (parts.some((part) => !NAME.test(part))) {
    return "each part of a reference is letters, digits and underscores, separated by dots";
  }
  const [source] = parts as [string, ...string[]];
  if (source === "input") {
    return parts.length === 2 ? undefined : "an input reference has one column name: {{input.<column>}}";
  }
  if (!ACTION_INSTANCE.test(source)) {
    return `'${source}' is neither 'input' nor an action instance id like salesforce_lookup_record_1`;
  }
  if (parts.length < 2 || parts.length > 3) {
    return "an action reference is {{<action_instance_id>.<output>}} or {{<action_instance_id>.<list_output>.<column>}}";
  }
  return undefined;
}

/** Finds every `{{...}}` token in a value and reports each malformed one, and stray braces. */
export function scanReferences(value: string): ReferenceScan {
  const tokens: ReferenceToken[] = [];
  const problems: string[] = [];
  for (const match of value.matchAll(TOKEN)) {
    const inner = match[1] ?? "";
    const problem = checkInner(inner);
    if (problem) problems.push(`${match[0]}: ${problem}`);
    else {
      const [source, ...path] = inner.split(".") as [string, ...string[]];
      tokens.push({ raw: match[0], source, path });
    }
  }
  // Each token leaves a private-use mark behind, so what touches a token can be seen.
  const outside = value.replace(TOKEN, "\uE000");
  if (outside.includes("{{") || outside.includes("}}")) {
    problems.push("unbalanced braces: every reference opens with {{ and closes with }}");
  } else if (/[{}]\uE000|\uE000[{}]/.test(outside)) {
    // A lone brace against a token, as in {{input.a}}}: a typo that Floqer would keep as text.
    problems.push(
      "a stray brace touches a reference: write it as {{...}} with exactly two braces on each side",
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tokens };
}

/** The token, when the value is exactly one well-formed token with nothing around it. */
export function soleReference(value: string): ReferenceToken | undefined {
  const scan = scanReferences(value);
  const [token] = scan.ok && scan.tokens.length === 1 ? scan.tokens : [];
  return token?.raw === value ? token : undefined;
}

/** True when the whole value is exactly one token (what a record ID reference must be). */
export function isSingleReference(value: string): boolean {
  const trimmed = value.trim();
  return /^\{\{[^{}]*\}\}$/.test(trimmed);
}

/** The token a downstream action uses to read one output of an action instance. */
export function outputReference(actionInstanceId: string, output: string): string {
  return `{{${actionInstanceId}.${output}}}`;
}
