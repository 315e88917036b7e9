/**
 * Salesforce objects and fields as Floqer lists them, and the rules for matching what an agent asks for
 * against them. Field API names are case-insensitive in Salesforce.
 */

export interface SalesforceObject {
  name: string;
  label: string;
}

export interface SalesforceField {
  name: string;
  label: string;
  type?: string;
  /** false when the field can never be written; undefined when Floqer did not say. */
  updateable?: boolean;
  /** The most characters a text value may have, where Floqer says. */
  length?: number;
  /** A number's digits in all, and after the point, where Floqer says. */
  precision?: number;
  scale?: number;
  /** A picklist's values, active ones first in Salesforce's order, where Floqer lists them. */
  picklist?: { active: string[]; inactive: string[] };
}

/** Fields no update can write, whatever the metadata says: the record's id and system audit fields. */
const SYSTEM_FIELDS = new Set(
  [
    "Id",
    "IsDeleted",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "LastActivityDate",
    "LastViewedDate",
    "LastReferencedDate",
    "MasterRecordId",
  ].map((name) => name.toLowerCase()),
);

/** Field types whose values Salesforce computes. */
const COMPUTED_TYPES = new Set([
  "id",
  "formula",
  "calculated",
  "rollup",
  "roll-up summary",
  "summary",
  "autonumber",
]);

export function isWritable(field: SalesforceField): boolean {
  if (field.updateable === false) return false;
  if (SYSTEM_FIELDS.has(field.name.toLowerCase())) return false;
  return !(field.type && COMPUTED_TYPES.has(field.type.toLowerCase()));
}

const writableLists = new WeakMap<readonly SalesforceField[], SalesforceField[]>();

/** The writable fields of a list, kept with the list. */
export function writableFields(fields: readonly SalesforceField[]): SalesforceField[] {
  let writable = writableLists.get(fields);
  if (!writable) {
    writable = fields.filter(isWritable);
    writableLists.set(fields, writable);
  }
  return writable;
}
