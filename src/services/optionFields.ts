/**
 * Option lists as Salesforce objects and fields. The `extras` key names of a field option are
 * undocumented (**inferred**): this file is the one place that reads them, tolerantly, in the
 * spellings of Salesforce's own describe result and its common variants (type, updateable,
 * length, precision, scale, picklistValues with `active`). None is required.
 */
import type { ActionOption } from "../floqer/options.js";
import type { SalesforceField, SalesforceObject } from "../salesforce/fields.js";

/**
 * A Salesforce API name (Account, Title, ns__Score__c). Object and field values that are not one
 * cannot be written to Salesforce, and are never placed in the server's own sentences.
 */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

const FIELD_TYPE = /^[A-Za-z][A-Za-z0-9 _-]{0,63}$/;

export function isApiName(value: string): boolean {
  return API_NAME.test(value);
}

function firstOf<T>(
  extras: Record<string, unknown>,
  keys: readonly string[],
  kind: "string" | "boolean",
): T | undefined {
  for (const key of keys) if (typeof extras[key] === kind) return extras[key] as T;
  return undefined;
}

const TYPE_KEYS = ["type", "fieldType", "field_type", "dataType", "data_type"] as const;
const UPDATEABLE_KEYS = [
  "updateable",
  "updatable",
  "isUpdateable",
  "is_updateable",
  "editable",
  "writable",
] as const;
const CALCULATED_KEYS = ["calculated", "isCalculated", "is_calculated", "formula"] as const;
const LENGTH_KEYS = ["length", "maxLength", "max_length"] as const;
const PRECISION_KEYS = ["precision", "digits"] as const;
const SCALE_KEYS = ["scale", "decimals"] as const;
const PICKLIST_KEYS = ["picklistValues", "picklist_values", "picklistOptions", "values"] as const;

/** The most picklist values kept per field: a picklist past this is listed in part and said so. */
export const MAX_PICKLIST_VALUES = 1_000;

function countOf(extras: Record<string, unknown>, keys: readonly string[], least = 1): number | undefined {
  for (const key of keys) {
    const value = extras[key];
    if (typeof value === "number" && Number.isInteger(value) && value >= least && value <= 1_000_000)
      return value;
  }
  return undefined;
}

/**
 * A picklist's values: items `{value, active?}` (or plain strings, all active), each kept only
 * where it is a short line of text; undefined where Floqer lists none.
 */
function picklistOf(extras: Record<string, unknown>): SalesforceField["picklist"] {
  const list = PICKLIST_KEYS.map((key) => extras[key]).find(Array.isArray) as unknown[] | undefined;
  if (!list) return undefined;
  const active: string[] = [];
  const inactive: string[] = [];
  for (const item of list.slice(0, MAX_PICKLIST_VALUES)) {
    const entry = typeof item === "string" ? { value: item } : (item as Record<string, unknown> | null);
    const value = entry?.value;
    if (typeof value !== "string" || value.length === 0 || value.length > 255 || /\p{Cc}/u.test(value))
      continue;
    (entry?.active === false ? inactive : active).push(value);
  }
  return { active, inactive };
}

export function toObject(option: ActionOption): SalesforceObject {
  return { name: option.value, label: option.label };
}

export function toField(option: ActionOption): SalesforceField {
  const extras = option.extras ?? {};
  const rawType = firstOf<string>(extras, TYPE_KEYS, "string");
  // A type is one word or two (picklist, roll-up summary): anything else is not shown.
  const type = rawType !== undefined && FIELD_TYPE.test(rawType) ? rawType : undefined;
  const updateable = firstOf<boolean>(extras, UPDATEABLE_KEYS, "boolean");
  const calculated = firstOf<boolean>(extras, CALCULATED_KEYS, "boolean");
  const field: SalesforceField = { name: option.value, label: option.label };
  if (type !== undefined) field.type = type;
  if (calculated === true) field.updateable = false;
  else if (updateable !== undefined) field.updateable = updateable;
  const length = countOf(extras, LENGTH_KEYS);
  if (length !== undefined) field.length = length;
  const precision = countOf(extras, PRECISION_KEYS);
  if (precision !== undefined) field.precision = precision;
  const scale = countOf(extras, SCALE_KEYS, 0);
  if (scale !== undefined) field.scale = scale;
  const picklist = picklistOf(extras);
  if (picklist) field.picklist = picklist;
  return field;
}
