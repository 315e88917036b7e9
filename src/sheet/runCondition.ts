/**
 * An action's run condition (`run_if`): groups of conditions on reference tokens, read from the
 * action graph in either published shape and normalised to the nested groups form, checked before
 * a write, and told as one line of text. Pure: the caller reads the graph and sends the body.
 *
 * Documented (schema ActionGraphNode, filter.txt): the nested `{conditions: [{conditions:
 * [{variable, operator, values, combinator?}], combinator?}]}` form, an older flat `{variable,
 * operator, values}` one, `continue_workflow_if_run_condition_not_met` inside `run_if`, and each
 * group's and leaf's `combinator` joining it to the one before (AND where absent). Inferred, and
 * said so where it fails: that `run_if` takes the operators ListRowsBody lists, and how a
 * condition is removed (`run_if: null`).
 */

import { SHOWN_PROBLEMS } from "../limits.js";
import { Suggestions } from "../names.js";
import type {
  ActionGraph,
  Combinator,
  Condition,
  ConditionGroup,
  RunCondition,
  RunSettings,
} from "./graph.js";
import { scanReferences, soleReference } from "./references.js";
import { checkNotOwn, checkVisible } from "./visibility.js";

/** The operators Floqer lists for comparing a column (ListRowsBody); **inferred** for `run_if`. */
export const RUN_IF_OPERATORS = [
  "is equal to",
  "not equal to",
  "is empty",
  "not empty",
  "contains",
  "does not contain",
  "contains any of",
  "not contains any of",
  "greater than",
  "less than",
] as const;
export type RunIfOperator = (typeof RUN_IF_OPERATORS)[number];

const NO_VALUES = new Set<string>(["is empty", "not empty"]);
const SEVERAL_VALUES = new Set<string>(["contains any of", "not contains any of"]);

/** The condition an agent gives: any group may hold (OR), and within one, every condition (AND). */
export type GivenCondition = { variable: string; operator: string; values?: string[] | undefined }[][];

export const CONTINUE_IF_NOT_MET = "continue_workflow_if_run_condition_not_met";
export const CONTINUE_IF_FAILS = "continue_workflow_if_action_fails";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function combinatorOf(value: unknown): Combinator | undefined {
  return value === "AND" || value === "OR" ? value : undefined;
}

function readLeaf(value: unknown): Condition | undefined {
  if (!isObject(value)) return undefined;
  const { variable, operator, values } = value;
  if (typeof variable !== "string" || typeof operator !== "string") return undefined;
  const list = Array.isArray(values) ? values : values === undefined || values === null ? [] : [values];
  if (
    !list.every((item) => typeof item === "string" || typeof item === "number" || typeof item === "boolean")
  )
    return undefined;
  const combinator = combinatorOf(value.combinator);
  return { variable, operator, values: list.map(String), ...(combinator && { combinator }) };
}

function readGroup(value: unknown): ConditionGroup | undefined {
  if (!isObject(value) || !Array.isArray(value.conditions)) return undefined;
  const conditions = value.conditions.map(readLeaf);
  if (conditions.length === 0 || conditions.some((leaf) => leaf === undefined)) return undefined;
  const combinator = combinatorOf(value.combinator);
  return { conditions: conditions as Condition[], ...(combinator && { combinator }) };
}

/**
 * What a graph node says about when its action runs: `run_if` in either shape, normalised to
 * nested groups; the continue flags from inside `run_if` or beside it. `unreadable` when `run_if`
 * is there but in neither shape: it is then shown, never rewritten.
 */
export function readRunSettings(node: Record<string, unknown>): RunSettings | "unreadable" {
  const settings: RunSettings = {};
  const failFlag = node[CONTINUE_IF_FAILS];
  if (typeof failFlag === "boolean") settings[CONTINUE_IF_FAILS] = failFlag;
  const outsideFlag = node[CONTINUE_IF_NOT_MET];
  if (typeof outsideFlag === "boolean") settings[CONTINUE_IF_NOT_MET] = outsideFlag;
  const raw = node.run_if;
  if (raw === undefined || raw === null) return settings;
  if (!isObject(raw)) return "unreadable";
  const insideFlag = raw[CONTINUE_IF_NOT_MET];
  if (typeof insideFlag === "boolean") settings[CONTINUE_IF_NOT_MET] = insideFlag;
  if (Array.isArray(raw.conditions)) {
    const groups = raw.conditions.map(readGroup);
    if (groups.some((group) => group === undefined)) return "unreadable";
    if (groups.length > 0) settings.run_if = { conditions: groups as ConditionGroup[] };
    return settings;
  }
  const leaf = readLeaf(raw);
  if (!leaf) return "unreadable";
  settings.run_if = { conditions: [{ conditions: [leaf] }] };
  return settings;
}

/** The agent's groups in Floqer's nested form: leaves joined by AND, groups by OR. */
export function toRunCondition(given: GivenCondition): RunCondition {
  return {
    conditions: given.map((group, groupIndex) => ({
      conditions: group.map((leaf, leafIndex) => ({
        variable: leaf.variable.trim(),
        operator: leaf.operator.trim(),
        values: leaf.values ?? [],
        ...(leafIndex > 0 && { combinator: "AND" as const }),
      })),
      ...(groupIndex > 0 && { combinator: "OR" as const }),
    })),
  };
}

function quoteValue(value: string): string {
  return JSON.stringify(value);
}

/** The condition as one line, e.g. `{{a.b}} not empty AND ({{c}} is equal to "x" OR ...)`. */
export function describeRunCondition(condition: RunCondition): string {
  const leaf = (item: Condition) =>
    [
      item.variable,
      item.operator,
      ...(item.values.length > 0 ? [item.values.map(quoteValue).join(", ")] : []),
    ].join(" ");
  const groups = condition.conditions.map((group) => {
    const text = group.conditions
      .map((item, index) => (index === 0 ? leaf(item) : `${item.combinator ?? "AND"} ${leaf(item)}`))
      .join(" ");
    return condition.conditions.length > 1 && group.conditions.length > 1 ? `(${text})` : text;
  });
  return groups
    .map((text, index) =>
      index === 0 ? text : `${condition.conditions[index]?.combinator ?? "AND"} ${text}`,
    )
    .join(" ");
}

function valueCountProblem(operator: string, count: number): string | undefined {
  if (NO_VALUES.has(operator)) return count === 0 ? undefined : `'${operator}' takes no values`;
  if (SEVERAL_VALUES.has(operator)) return count > 0 ? undefined : `'${operator}' takes one value or more`;
  return count === 1 ? undefined : `'${operator}' takes exactly one value, got ${count}`;
}

/**
 * Every problem with a condition an agent gives, for the action at `index` on the sheet (or, with
 * no graph, by pattern only): each variable one reference token the action can see, each operator
 * one Floqer lists, each leaf with the count of values its operator takes, tokens in values seen too.
 */
export function checkRunCondition(
  given: GivenCondition,
  sheet: { graph: ActionGraph; index: number } | { actionInstanceId: string },
  suggestions = new Suggestions(SHOWN_PROBLEMS),
): string[] {
  const problems: string[] = [];
  if (given.some((group) => group.length === 0)) {
    problems.push(
      "run_if: every group needs at least one condition (to remove the condition, give run_if [])",
    );
  }
  const seeable = (tokens: Parameters<typeof checkNotOwn>[0]) =>
    "graph" in sheet
      ? checkVisible(tokens, sheet.graph, sheet.index, suggestions)
      : checkNotOwn(tokens, sheet.actionInstanceId);
  for (const [groupIndex, group] of given.entries()) {
    for (const [leafIndex, leaf] of group.entries()) {
      const where = `run_if[${groupIndex}][${leafIndex}]`;
      const token = soleReference(leaf.variable.trim());
      if (!token) {
        problems.push(
          `${where}.variable: give one reference token such as {{salesforce_lookup_record_1.records_found.Id}}, not '${leaf.variable}'`,
        );
      } else {
        for (const problem of seeable([token])) problems.push(`${where}.variable: ${problem}`);
      }
      const operator = leaf.operator.trim();
      if (!(RUN_IF_OPERATORS as readonly string[]).includes(operator)) {
        const nearest = suggestions.closest(
          operator,
          RUN_IF_OPERATORS.map((name) => ({ name, label: name })),
        );
        problems.push(
          `${where}.operator: '${leaf.operator}' is not one Floqer lists${nearest.length > 0 ? `; did you mean '${nearest[0]}'?` : ""} (the operators: ${RUN_IF_OPERATORS.join(", ")})`,
        );
      } else {
        const count = valueCountProblem(operator, leaf.values?.length ?? 0);
        if (count) problems.push(`${where}.values: ${count}`);
      }
      for (const value of leaf.values ?? []) {
        const scan = scanReferences(value);
        if (!scan.ok) problems.push(...scan.problems.map((problem) => `${where}.values: ${problem}`));
        else for (const problem of seeable(scan.tokens)) problems.push(`${where}.values: ${problem}`);
      }
    }
  }
  return problems;
}

/** The tokens a condition reads, for telling whether it guards a reference. */
export function conditionVariables(condition: RunCondition | undefined): string[] {
  return (condition?.conditions ?? []).flatMap((group) =>
    group.conditions.map((leaf) => leaf.variable.trim()),
  );
}

/**
 * What Configure Action is sent about when the action runs, beside `inputs`. **Inferred**, here
 * alone: the continue-if-not-met flag travels inside `run_if` (where both published shapes of the
 * graph node carry it), and `run_if: null` removes a condition (the body's rule is that a field
 * sent replaces what is held; nothing says how to clear one).
 */
export interface RunSettingsToSend {
  run_if?: (RunCondition & { [CONTINUE_IF_NOT_MET]?: boolean }) | null;
  [CONTINUE_IF_FAILS]?: boolean;
}

export function runIfToSend(
  condition: RunCondition,
  continueIfNotMet: boolean | undefined,
): NonNullable<RunSettingsToSend["run_if"]> {
  return { ...condition, ...(continueIfNotMet !== undefined && { [CONTINUE_IF_NOT_MET]: continueIfNotMet }) };
}

/** Whether the action, read back, holds what was sent about when it runs. */
export function runSettingsHeld(
  sent: RunSettingsToSend,
  now: RunSettings | "unreadable" | undefined,
): boolean {
  const held = now === "unreadable" || now === undefined ? {} : now;
  if (sent.run_if === null && held.run_if !== undefined) return false;
  if (sent.run_if) {
    if (!held.run_if || describeRunCondition(held.run_if) !== describeRunCondition(sent.run_if)) return false;
    const flag = sent.run_if[CONTINUE_IF_NOT_MET];
    if (flag !== undefined && held[CONTINUE_IF_NOT_MET] !== flag) return false;
  }
  const fails = sent[CONTINUE_IF_FAILS];
  return fails === undefined || held[CONTINUE_IF_FAILS] === fails;
}

/** What an agent asks about when the action runs; each left out keeps what the action holds. */
export interface RunRequest {
  run_if: GivenCondition | undefined;
  remove_run_if: boolean;
  [CONTINUE_IF_NOT_MET]: boolean | undefined;
  [CONTINUE_IF_FAILS]: boolean | undefined;
}

/** One change to when the action runs, as text (a condition as its line, a flag as true/false). */
export interface RunChange {
  input: string;
  from: string | null;
  to: string | null;
}

export type RunPlan =
  | {
      ok: true;
      send: RunSettingsToSend;
      /** The condition the action will hold after the write, when known. */
      after: RunCondition | undefined;
      changes: RunChange[];
      warnings: string[];
    }
  | { ok: false; problems: string[] };

const flagText = (value: boolean | undefined) => (value === undefined ? null : String(value));

/**
 * What to send about when the action runs, from what was asked and what the action holds
 * (`held`: undefined when the sheet could not be read). A flag inside `run_if` cannot be sent
 * without the condition it belongs to, so where that condition is unknown the call is refused.
 */
export function planRunSettings(asked: RunRequest, held: RunSettings | "unreadable" | undefined): RunPlan {
  const known = held !== undefined && held !== "unreadable" ? held : undefined;
  const heldCondition = known?.run_if;
  const send: RunSettingsToSend = {};
  const warnings: string[] = [];
  const notMet = asked[CONTINUE_IF_NOT_MET];
  let after = heldCondition;
  if (asked.remove_run_if) {
    if (known && !heldCondition)
      warnings.push("run_if []: the action has no condition to remove; nothing about it is sent.");
    else {
      send.run_if = null;
      after = undefined;
    }
  } else if (asked.run_if !== undefined) {
    after = toRunCondition(asked.run_if);
    send.run_if = runIfToSend(after, notMet ?? known?.[CONTINUE_IF_NOT_MET]);
  } else if (notMet !== undefined) {
    if (!heldCondition) {
      const why =
        known !== undefined
          ? "the action has no condition for it to apply to"
          : "the action's condition cannot be read, so it cannot be sent back with the new flag";
      return { ok: false, problems: [`${CONTINUE_IF_NOT_MET}: ${why}; give run_if with it`] };
    }
    send.run_if = runIfToSend(heldCondition, notMet);
  }
  if (asked[CONTINUE_IF_FAILS] !== undefined) send[CONTINUE_IF_FAILS] = asked[CONTINUE_IF_FAILS];

  const changes: RunChange[] = [];
  const change = (input: string, from: string | null, to: string | null) => {
    if (from !== to) changes.push({ input, from, to });
  };
  if (send.run_if !== undefined) {
    change(
      "run_if",
      heldCondition ? describeRunCondition(heldCondition) : null,
      after ? describeRunCondition(after) : null,
    );
    if (send.run_if)
      change(
        CONTINUE_IF_NOT_MET,
        flagText(known?.[CONTINUE_IF_NOT_MET]),
        flagText(send.run_if[CONTINUE_IF_NOT_MET]),
      );
  }
  if (send[CONTINUE_IF_FAILS] !== undefined) {
    change(CONTINUE_IF_FAILS, flagText(known?.[CONTINUE_IF_FAILS]), flagText(send[CONTINUE_IF_FAILS]));
  }
  if (held === "unreadable" && send.run_if !== undefined) {
    warnings.push(
      "The action held a run condition in a form this server does not read; the one sent replaces it.",
    );
  }
  return { ok: true, send, after, changes, warnings };
}

/** When the action runs, as shown beside its inputs: the condition in nested groups, and the flags. */
export function shownRunSettings(run: RunSettings | "unreadable" | undefined): Record<string, unknown> {
  if (run === undefined) return {};
  if (run === "unreadable") return { run_if: "(held in a form this server does not read)" };
  return { ...run };
}

/** Whether two readings of when an action runs say the same. */
export function sameRunSettings(
  a: RunSettings | "unreadable" | undefined,
  b: RunSettings | "unreadable" | undefined,
): boolean {
  const text = (run: RunSettings | "unreadable" | undefined) => {
    if (run === "unreadable") return run;
    const { run_if: condition, ...flags } = run ?? {};
    return JSON.stringify([
      condition ? describeRunCondition(condition) : null,
      flags[CONTINUE_IF_NOT_MET],
      flags[CONTINUE_IF_FAILS],
    ]);
  };
  return text(a) === text(b);
}

/** Said with a refusal of a write that carried `run_if`: how it is sent is inferred. */
export const RUN_IF_INFERRED =
  "How the run condition is sent (run_if beside inputs, the not-met flag inside it, null to remove it) is inferred from Floqer's pages (docs/FLOQER_API.md, Run conditions): if Floqer refused it, configure without run_if, ask the user to set the condition in the Floqer app, and report this message.";
