/**
 * Option lists as Salesforce objects and fields. The `extras` key names of a field option are
 * undocumented (**inferred**): this file is the one place that reads them, tolerantly.
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
  return field;
}
