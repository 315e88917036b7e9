/**
 * The update pipeline: one function turns what an agent asks for, plus what the sheet and the org
 * say, into the inputs to send or the list of problems. It reads through the sources it is given
 * and nothing else, and reads nothing at all for a request that fails the checks that need no data.
 */

import { SHOWN_PROBLEMS } from "../limits.js";
import { Suggestions } from "../names.js";
import type { SheetRead } from "../sheet/graph.js";
import { actionIndex, checkNotOwn, checkVisible } from "../sheet/visibility.js";
import { TOOL } from "../toolNames.js";
import type { SalesforceField, SalesforceObject } from "./fields.js";
import {
  type InputChange,
  UPDATE_ACTION_ID,
  UPDATE_FLAGS,
  type UpdateActionInputs,
  updateActionsOf,
} from "./updateAction.js";
import {
  changesFrom,
  checkUpdateShape,
  referencesIn,
  resolveFields,
  resolveFlag,
  resolveObject,
  type UpdateRequest,
} from "./validateUpdate.js";

/** Where the plan reads from: the sheet, and the org as Floqer lists it for the action. */
export interface UpdateSources {
  sheet(): Promise<SheetRead>;
  objects(): Promise<SalesforceObject[]>;
  fields(objectName: string): Promise<SalesforceField[]>;
}

export type UpdatePlan =
  | {
      ok: true;
      inputs: UpdateActionInputs;
      /** What the action holds now; undefined when the sheet could not be read. */
      current: Record<string, unknown> | undefined;
      changes: InputChange[];
      warnings: string[];
    }
  | { ok: false; problems: string[] };

export async function planUpdate(
  request: UpdateRequest & { action_instance_id: string },
  sources: UpdateSources,
): Promise<UpdatePlan> {
  const shape = checkUpdateShape(request);
  if (!shape.ok) return shape;
  const warnings = [...shape.warnings];
  // Problems with references and with fields are reported together, so one fix-up round suffices.
  const problems: string[] = [];
  // One budget for the whole request, spent in the order its problems are listed.
  const suggestions = new Suggestions(SHOWN_PROBLEMS);

  const sheet = await sources.sheet();
  let current: Record<string, unknown> | undefined;
  if (sheet.available) {
    const index = actionIndex(sheet.graph, request.action_instance_id);
    const action = sheet.graph.actions[index];
    if (action?.action_id !== UPDATE_ACTION_ID) {
      const updates = updateActionsOf(sheet.graph);
      const what = action ? `is a ${action.action_id} action` : "is not on this sheet";
      return {
        ok: false,
        problems: [
          `action_instance_id ${request.action_instance_id} ${what}; this sheet's ${UPDATE_ACTION_ID} actions: ${updates.join(", ") || `none (add one with ${TOOL.addUpdateAction})`}`,
        ],
      };
    }
    for (const { where, tokens } of referencesIn(shape.value)) {
      for (const problem of checkVisible(tokens, sheet.graph, index, suggestions)) {
        problems.push(`${where}: ${problem}`);
      }
    }
    current = action.inputs;
  } else {
    for (const { where, tokens } of referencesIn(shape.value)) {
      for (const problem of checkNotOwn(tokens, request.action_instance_id))
        problems.push(`${where}: ${problem}`);
    }
    warnings.push(
      `References were checked by pattern only, not against the sheet: ${sheet.reason} Omitted flags are left out of the request, so the action keeps what it holds.`,
    );
  }

  const object = resolveObject(shape.value.salesforce_object, await sources.objects(), suggestions);
  if (!object.ok) return { ok: false, problems: [...problems, ...object.problems] };
  const fields = resolveFields(
    object.value.name,
    shape.value.add_fields_and_their_values,
    await sources.fields(object.value.name),
    suggestions,
  );
  if (!fields.ok) problems.push(...fields.problems);
  if (!fields.ok || problems.length > 0) return { ok: false, problems };

  const inputs: UpdateActionInputs = {
    record_id: shape.value.record_id,
    salesforce_object: object.value.name,
    add_fields_and_their_values: fields.value,
  };
  for (const flag of UPDATE_FLAGS) {
    const value = resolveFlag(flag, request[flag], current);
    if (value !== undefined) inputs[flag] = value;
  }
  return { ok: true, inputs, current, changes: changesFrom(current ?? {}, inputs), warnings };
}
