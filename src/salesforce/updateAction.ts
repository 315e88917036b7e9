/** Facts about Floqer's `salesforce_update_record` action ("Salesforce: Update a Record"). */

export const UPDATE_ACTION_ID = "salesforce_update_record";

/** The dropdown fields whose options Floqer lists for this action. */
export const OPTION_FIELDS = {
  objects: "salesforce_object",
  fields: "add_fields_and_their_values",
} as const;

export const UPDATE_DEFAULTS = {
  ignore_empty_values: true,
  run_salesforce_assignment_rules: true,
} as const;

export const UPDATE_OUTPUTS = ["record_id", "account_url"] as const;

export interface FieldValuePair {
  name: string;
  value: string;
}

/** The `inputs` of a Configure Action body for this action, every input filled in. */
export type UpdateActionInputs = {
  record_id: string;
  salesforce_object: string;
  add_fields_and_their_values: FieldValuePair[];
  ignore_empty_values: boolean;
  run_salesforce_assignment_rules: boolean;
};

/** Limits that keep one configuration within what an agent can review and Salesforce accepts. */
export const UPDATE_LIMITS = {
  maxFieldPairs: 200,
  maxValueLength: 32_768,
} as const;
