/** Facts about Floqer's `salesforce_update_record` action ("Salesforce: Update a Record"). */

import type { ActionGraph } from "../sheet/graph.js";

export const UPDATE_ACTION_ID = "salesforce_update_record";

/** The sheet's update actions, by instance id, in chain order. */
export function updateActionsOf(graph: ActionGraph): string[] {
  return graph.actions
    .filter((action) => action.action_id === UPDATE_ACTION_ID)
    .map((action) => action.action_instance_id);
}

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

/** A pair as sent: the field's label rides along so the Floqer app shows it (else it shows the name). */
export interface LabelledFieldValue extends FieldValuePair {
  label: string;
}

export type UpdateFlag = keyof typeof UPDATE_DEFAULTS;

export const UPDATE_FLAGS = Object.keys(UPDATE_DEFAULTS) as UpdateFlag[];

/**
 * The `inputs` of a Configure Action body for this action. A flag is absent only when the action's
 * current value could not be read: PATCH then keeps whatever the action holds.
 */
export type UpdateActionInputs = {
  record_id: string;
  salesforce_object: string;
  add_fields_and_their_values: LabelledFieldValue[];
} & Partial<Record<UpdateFlag, boolean>>;

/** A value as Floqer stores it for an input: anything JSON holds. */
export type HeldValue = string | number | boolean | unknown[] | { [key: string]: unknown } | null;

/** One input whose value the write changes: `from` is null where the action held none. */
export interface InputChange {
  input: string;
  from: HeldValue;
  to: Exclude<UpdateActionInputs[keyof UpdateActionInputs], undefined>;
}

/** Limits that keep one configuration within what an agent can review and Salesforce accepts. */
export const UPDATE_LIMITS = {
  maxFieldPairs: 200,
  maxValueLength: 32_768,
} as const;
