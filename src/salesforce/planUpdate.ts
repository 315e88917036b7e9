/**
 * The update pipeline: one function turns what an agent asks for, plus what the sheet and the org
 * say, into the inputs to send or the list of problems. It reads through the sources it is given
 * and nothing else, and reads nothing at all for a request that fails the checks that need no data.
 */

import { SHOWN_PROBLEMS } from "../limits.js";
import { indexByName, Suggestions } from "../names.js";
import type { ActionGraph, GraphAction, SheetRead } from "../sheet/graph.js";
import {
  checkRunCondition,
  planRunSettings,
  type RunChange,
  type RunSettingsToSend,
} from "../sheet/runCondition.js";
import { actionIndex, checkNotOwn, checkVisible } from "../sheet/visibility.js";
import { TOOL } from "../toolNames.js";
import {
  FIELD_LIST,
  type FieldChange,
  fieldChanges,
  type PlannedPair,
  planFieldList,
  readHeldFields,
} from "./fieldList.js";
import type { SalesforceField, SalesforceObject } from "./fields.js";
import { checkLiterals, uncheckedNote } from "./literalValues.js";
import { recordIdWarnings, unguardedRecordIdWarning } from "./recordIdSource.js";
import {
  type FieldValuePair,
  type InputChange,
  UPDATE_ACTION_ID,
  UPDATE_DEFAULTS,
  UPDATE_FLAGS,
  UPDATE_LIMITS,
  type UpdateActionInputs,
  updateActionsOf,
} from "./updateAction.js";
import {
  type CheckedRequest,
  changesFrom,
  checkUpdateShape,
  emptyValueWarnings,
  recordIdPrefixWarning,
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
      /** What is sent beside the inputs about when the action runs; empty when nothing changes. */
      run: RunSettingsToSend;
      /** What the action holds now; undefined when the sheet could not be read. */
      current: Record<string, unknown> | undefined;
      /** When it runs now, as read; undefined when the sheet could not be read. */
      currentRun: GraphAction["run"];
      /** Each input the write changes, the field list one field at a time. */
      changes: PlannedChange[];
      warnings: string[];
    }
  | { ok: false; problems: string[] };

/** One change: an input set to a text or a flag, one field of the list, or when the action runs. */
export type PlannedChange = (InputChange & { to: string | boolean }) | FieldChange | RunChange;

/** What the plan knows of the action before it: its index in the graph and what it holds. */
type ActionAsRead =
  | {
      readable: true;
      graph: ActionGraph;
      index: number;
      inputs: Record<string, unknown>;
      run: GraphAction["run"];
    }
  | { readable: false; reason: string };

export async function planUpdate(
  request: UpdateRequest & { action_instance_id: string },
  sources: UpdateSources,
): Promise<UpdatePlan> {
  const shape = checkUpdateShape(request);
  if (!shape.ok) return shape;
  const asked = shape.value;
  const warnings = [...shape.warnings];
  // Problems with references and with fields are reported together, so one fix-up round suffices.
  const problems: string[] = [];
  // One budget for the whole request, spent in the order its problems are listed.
  const suggestions = new Suggestions(SHOWN_PROBLEMS);

  const sheet = await sources.sheet();
  let action: ActionAsRead;
  if (sheet.available) {
    const index = actionIndex(sheet.graph, request.action_instance_id);
    const found = sheet.graph.actions[index];
    if (found?.action_id !== UPDATE_ACTION_ID) {
      const updates = updateActionsOf(sheet.graph);
      const what = found ? `is a ${found.action_id} action` : "is not on this sheet";
      return {
        ok: false,
        problems: [
          `action_instance_id ${request.action_instance_id} ${what}; this sheet's ${UPDATE_ACTION_ID} actions: ${updates.join(", ") || `none (add one with ${TOOL.addUpdateAction})`}`,
        ],
      };
    }
    action = { readable: true, graph: sheet.graph, index, inputs: found.inputs, run: found.run };
  } else {
    action = { readable: false, reason: sheet.reason };
    warnings.push(
      `References were checked by pattern only, not against the sheet: ${sheet.reason} Omitted flags are left out of the request, so the action keeps what it holds. What it holds now is unknown, so changes show every input as new, and what replace_fields drops cannot be named.`,
    );
  }

  const target = settleTarget(asked, action);
  if (!target.ok) return target;
  const { recordId, objectName, heldObject, held, list } = target;
  if (action.readable && held === undefined) {
    warnings.push(
      `The action holds ${FIELD_LIST} in a form this server does not read: replace_fields sends the list given, changes show each field as new, and what it drops cannot be named.`,
    );
  }
  if (list.dropped.length > 0) {
    warnings.push(
      `This drops ${list.dropped.join(", ")} from the action's fields (${asked.replace_fields ? "replace_fields" : "remove_fields"}): ${list.dropped.length === 1 ? "it is" : "they are"} no longer written.`,
    );
  }

  for (const { where, tokens } of referencesIn(recordId, list.pairs)) {
    const found = action.readable
      ? checkVisible(tokens, action.graph, action.index, suggestions)
      : checkNotOwn(tokens, request.action_instance_id);
    for (const problem of found) problems.push(`${where}: ${problem}`);
  }
  if (asked.run_if !== undefined) {
    const where = action.readable
      ? { graph: action.graph, index: action.index }
      : { actionInstanceId: request.action_instance_id };
    problems.push(...checkRunCondition(asked.run_if, where, suggestions));
  }
  const run = planRunSettings(asked, action.readable ? (action.run ?? {}) : undefined);
  if (!run.ok) problems.push(...run.problems);

  const object = resolveObject(objectName, await sources.objects(), suggestions);
  if (!object.ok) return { ok: false, problems: [...problems, ...object.problems] };
  const switched = objectSwitchProblem(heldObject, object.value.name, list.pairs);
  if (switched) return { ok: false, problems: [...problems, switched] };
  const orgFields = await sources.fields(object.value.name);
  const fields = resolveFields(object.value.name, list.pairs, orgFields, suggestions);
  if (!fields.ok) problems.push(...fields.problems);
  // Only the values given now: a value the action held was the user's, and is not refused here.
  const literals = checkLiterals(
    list.pairs.filter((pair) => !pair.held),
    indexByName(orgFields),
    suggestions,
  );
  problems.push(...literals.problems);
  if (!fields.ok || !run.ok || problems.length > 0) return { ok: false, problems };

  const current = action.readable ? action.inputs : undefined;
  const inputs: UpdateActionInputs = {
    record_id: recordId,
    salesforce_object: object.value.name,
    add_fields_and_their_values: fields.value,
  };
  for (const flag of UPDATE_FLAGS) {
    const value = resolveFlag(flag, asked[flag], current);
    if (value !== undefined) inputs[flag] = value;
  }
  const prefix = recordIdPrefixWarning(recordId, object.value.name);
  if (prefix) warnings.push(prefix);
  if (action.readable) {
    warnings.push(...recordIdWarnings(recordId, action.graph, action.index, object.value.name));
  }
  warnings.push(...run.warnings, ...literals.notes);
  const unchecked = uncheckedNote(literals.unchecked);
  if (unchecked) warnings.push(unchecked);
  const unguarded = unguardedRecordIdWarning(recordId, run.after);
  if (unguarded) warnings.push(unguarded);
  const ignoreEmpty = inputs.ignore_empty_values ?? UPDATE_DEFAULTS.ignore_empty_values;
  warnings.push(...emptyValueWarnings(asked.add_fields_and_their_values, ignoreEmpty));

  // The field list is shown field by field; where the list held could not be read, each field
  // shows as new (the warnings say why the list could not be read).
  const changes = changesFrom(current ?? {}, inputs).flatMap((change): PlannedChange[] =>
    typeof change.to === "string" || typeof change.to === "boolean"
      ? [{ input: change.input, from: change.from, to: change.to }]
      : fieldChanges(held ?? [], fields.value),
  );
  changes.push(...run.changes);
  const currentRun = action.readable ? (action.run ?? {}) : undefined;
  return { ok: true, inputs, run: run.send, current, currentRun, changes, warnings };
}

const REPLACE_INSTEAD = (fields: string) =>
  `to set the whole list instead, call again with replace_fields true and every ${fields} the action should write`;

/** Fields held for one object cannot be merged into another's list: the switch must replace it. */
function objectSwitchProblem(
  heldObject: string | undefined,
  objectName: string,
  pairs: readonly PlannedPair[],
): string | undefined {
  const kept = pairs.filter((pair) => pair.held).map((pair) => pair.name);
  if (!heldObject || heldObject.toLowerCase() === objectName.toLowerCase() || kept.length === 0)
    return undefined;
  return `salesforce_object: the action updates ${heldObject} and holds fields of it (${kept.join(", ")}), which cannot be merged into ${objectName}'s; ${REPLACE_INSTEAD(`${objectName} field`)}`;
}

type SettledTarget =
  | {
      ok: true;
      recordId: string;
      objectName: string;
      /** The object the action updates now, when it holds one. */
      heldObject: string | undefined;
      /** The field list the action held, when it could be read. */
      held: FieldValuePair[] | undefined;
      list: { pairs: PlannedPair[]; dropped: string[] };
    }
  | { ok: false; problems: string[] };

/**
 * What is to be sent for the record, the object and the field list: what was asked, else what the
 * action holds. Refuses a merge it cannot make (the action's list unread, or of another object)
 * rather than guess, and says how to replace the list instead. (A switch of object is checked once
 * the object's canonical name is known.)
 */
function settleTarget(asked: CheckedRequest, action: ActionAsRead): SettledTarget {
  const problems: string[] = [];
  const heldText = (input: string) => {
    const value = action.readable ? action.inputs[input] : undefined;
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
  const unread = action.readable ? undefined : `the action's settings cannot be read (${action.reason})`;
  const recordId = asked.record_id ?? heldText("record_id");
  if (recordId === undefined) {
    problems.push(`record_id: ${unread ? `needed, since ${unread}` : "the action holds none yet; give one"}`);
  }
  const heldObject = heldText("salesforce_object");
  const objectName = asked.salesforce_object ?? heldObject;
  if (objectName === undefined) {
    problems.push(
      `salesforce_object: ${unread ? `needed, since ${unread}` : `the action holds none yet; give one (${TOOL.listObjects})`}`,
    );
  }
  const held = action.readable ? readHeldFields(action.inputs[FIELD_LIST]) : undefined;
  if (held === undefined && !asked.replace_fields) {
    const why = unread ?? `the action holds ${FIELD_LIST} in a form this server does not read`;
    problems.push(
      `${FIELD_LIST}: ${why}, so the fields given cannot be merged into the action's; ${REPLACE_INSTEAD("field")}`,
    );
  }
  if (problems.length > 0 || recordId === undefined || objectName === undefined)
    return { ok: false, problems };
  const list = planFieldList(held ?? [], {
    given: asked.add_fields_and_their_values,
    remove: asked.remove_fields,
    replace: asked.replace_fields,
  });
  if (!list.ok) return list;
  if (list.pairs.length === 0) {
    return {
      ok: false,
      problems: [
        `${FIELD_LIST}: this would leave the action with no fields to write; Floqer needs at least one`,
      ],
    };
  }
  if (list.pairs.length > UPDATE_LIMITS.maxFieldPairs) {
    return {
      ok: false,
      problems: [
        `${FIELD_LIST}: the merged list would have ${list.pairs.length} fields, at most ${UPDATE_LIMITS.maxFieldPairs}; remove some with remove_fields`,
      ],
    };
  }
  return { ok: true, recordId, objectName, heldObject, held, list };
}
