/**
 * Whether a literal value (no `{{token}}` in it) fits the Salesforce field it is written to, from
 * the field metadata Floqer lists beside the field (its `extras`, key names inferred; see
 * services/optionFields.ts). Salesforce refuses such a value on every row, so it is caught before
 * the write. Where the metadata does not say, nothing is guessed: the value is reported as not
 * checked. Pure.
 */

import { Suggestions } from "../names.js";
import { TOOL } from "../toolNames.js";
import type { SalesforceField } from "./fields.js";
import { checkRecordId } from "./recordId.js";

export type LiteralCheck =
  /** The value fits, or there is a note on it that does not stop the write. */
  | { kind: "fits"; note?: string }
  | { kind: "problem"; problem: string }
  /** The metadata does not say enough to check this value. */
  | { kind: "unchecked" };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME = /^(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?Z?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_SHAPE = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$|^https?:\/\/\S+$/i;
const TEXT_TYPES = new Set(["string", "textarea", "email", "phone", "url", "encryptedstring", "combobox"]);
const NUMBER_TYPES = new Set(["double", "currency", "percent"]);

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dateProblem(text: string): string | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? undefined : "is not a real date";
}

function timeFits(hours: number, minutes: number, seconds: number): boolean {
  return hours < 24 && minutes < 60 && seconds < 60;
}

/** Digits before and after the point, against the field's precision and scale. */
function numberCheck(text: string, field: SalesforceField, integer: boolean): LiteralCheck {
  if (!(integer ? INTEGER : DECIMAL).test(text)) {
    const shape = integer ? "a whole number" : "a number";
    return {
      kind: "problem",
      problem: `is not ${shape} as Salesforce takes it (digits, an optional sign${integer ? "" : " and a point"}; no thousands separators, currency signs or %)`,
    };
  }
  const [whole = "", fraction = ""] = text.replace(/^[+-]/, "").split(".");
  const wholeDigits = whole.replace(/^0+(?=\d)/, "").length;
  if (field.precision !== undefined) {
    const room = field.precision - (field.scale ?? 0);
    if (wholeDigits > room) {
      return {
        kind: "problem",
        problem: `has ${wholeDigits} digits before the point, and the field takes ${room} (precision ${field.precision}, scale ${field.scale ?? 0})`,
      };
    }
  }
  if (field.scale !== undefined && fraction.length > field.scale) {
    return {
      kind: "fits",
      note: `has ${fraction.length} digits after the point; Salesforce rounds it to ${field.scale}`,
    };
  }
  return { kind: "fits" };
}

function picklistCheck(
  values: string[],
  field: SalesforceField,
  suggestions: Suggestions,
  multi: boolean,
): LiteralCheck {
  const picklist = field.picklist;
  if (!picklist || picklist.active.length === 0) return { kind: "unchecked" };
  for (const value of values) {
    if (picklist.active.includes(value)) continue;
    // A multi-select value is named item by item; a single value is the one already quoted.
    const subject = multi ? `has the item '${value}', which` : "";
    const problem = (text: string) => ({ kind: "problem" as const, problem: `${subject} ${text}`.trim() });
    const sameButCase = picklist.active.find((active) => active.toLowerCase() === value.toLowerCase());
    if (sameButCase) return problem(`is written '${sameButCase}' in this picklist`);
    if (picklist.inactive.includes(value))
      return problem("is an inactive value of this picklist; pick an active one");
    const nearest = suggestions.closest(
      value,
      picklist.active.map((name) => ({ name, label: name })),
    );
    const hint = nearest.length > 0 ? `; did you mean '${nearest[0]}'?` : "";
    return problem(`is not a value of this picklist${hint} (${TOOL.listFields} shows its values)`);
  }
  return { kind: "fits" };
}

/** Whether a literal value fits its field. The caller leaves out values with tokens and empty ones. */
export function checkLiteral(
  value: string,
  field: SalesforceField,
  suggestions = new Suggestions(1),
): LiteralCheck {
  const type = field.type?.toLowerCase();
  const text = value.trim();
  if (
    field.length !== undefined &&
    (type === undefined || TEXT_TYPES.has(type)) &&
    value.length > field.length
  ) {
    return {
      kind: "problem",
      problem: `is ${value.length} characters, and the field takes at most ${field.length}`,
    };
  }
  switch (type) {
    case undefined:
      return field.length !== undefined ? { kind: "fits" } : { kind: "unchecked" };
    case "boolean":
      return /^(true|false)$/i.test(text)
        ? { kind: "fits" }
        : { kind: "problem", problem: "is not true or false (a checkbox field)" };
    case "int":
    case "integer":
    case "long":
      return numberCheck(text, field, true);
    case "date": {
      if (!DATE.test(text))
        return { kind: "problem", problem: "is not a date as Salesforce takes it: YYYY-MM-DD" };
      const problem = dateProblem(text);
      return problem ? { kind: "problem", problem } : { kind: "fits" };
    }
    case "datetime": {
      const match = DATE_TIME.exec(text);
      if (!match) {
        return {
          kind: "problem",
          problem:
            "is not a date and time as Salesforce takes it: YYYY-MM-DDThh:mm:ssZ (or with an offset, e.g. +02:00)",
        };
      }
      const problem = dateProblem(match[1] ?? "");
      if (problem) return { kind: "problem", problem };
      return timeFits(Number(match[2]), Number(match[3]), Number(match[5] ?? 0))
        ? { kind: "fits" }
        : { kind: "problem", problem: "has a time of day that does not exist" };
    }
    case "time": {
      const match = TIME.exec(text);
      return match && timeFits(Number(match[1]), Number(match[2]), Number(match[4] ?? 0))
        ? { kind: "fits" }
        : { kind: "problem", problem: "is not a time as Salesforce takes it: hh:mm:ss" };
    }
    case "email":
      return EMAIL.test(text)
        ? { kind: "fits" }
        : { kind: "problem", problem: "is not an e-mail address (name@domain.tld)" };
    case "url":
      return URL_SHAPE.test(text)
        ? { kind: "fits" }
        : { kind: "problem", problem: "is not a web address (e.g. https://example.com)" };
    case "picklist":
      return picklistCheck([text], field, suggestions, false);
    case "multipicklist":
      return picklistCheck(
        text
          .split(";")
          .map((item) => item.trim())
          .filter(Boolean),
        field,
        suggestions,
        true,
      );
    case "reference":
    case "id": {
      const check = checkRecordId(text);
      return check.ok
        ? { kind: "fits" }
        : { kind: "problem", problem: `is not a record ID: ${check.problem}` };
    }
    default:
      if (NUMBER_TYPES.has(type)) return numberCheck(text, field, false);
      if (TEXT_TYPES.has(type)) return field.length !== undefined ? { kind: "fits" } : { kind: "unchecked" };
      return { kind: "unchecked" };
  }
}

/** A literal as a problem quotes it: JSON-quoted, cut to a length a sentence can carry. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/**
 * Every literal value given, checked against its field: the problems that stop the write, notes
 * that do not, and the fields whose metadata said too little to check.
 */
export function checkLiterals(
  pairs: readonly { name: string; value: string; where: string }[],
  fields: ReadonlyMap<string, SalesforceField>,
  suggestions: Suggestions,
): { problems: string[]; notes: string[]; unchecked: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const unchecked: string[] = [];
  for (const pair of pairs) {
    if (pair.value.includes("{{") || pair.value.trim() === "") continue;
    const field = fields.get(pair.name.toLowerCase());
    if (!field) continue;
    const check = checkLiteral(pair.value, field, suggestions);
    if (check.kind === "problem")
      problems.push(`${pair.where}: value ${quoted(pair.value)} ${check.problem}`);
    else if (check.kind === "unchecked") unchecked.push(field.name);
    else if (check.note) notes.push(`${field.name}: value ${quoted(pair.value)} ${check.note}`);
  }
  return { problems, notes, unchecked };
}

/** The warning for literal values the metadata could not check. */
export function uncheckedNote(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return `Not checked against the field in Salesforce, because Floqer listed no type, length or values for it: the literal value of ${names.join(", ")}.`;
}
