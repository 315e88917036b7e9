/**
 * Which reference tokens an action can use, from its sheet's action graph: the sheet's input
 * columns and the outputs of the actions that run before it, never its own or later ones. Pure:
 * the caller reads the graph.
 */

import { SHOWN_PROBLEMS } from "../limits.js";
import { Suggestions } from "../names.js";
import { TOOL } from "../toolNames.js";
import type { ActionGraph, GraphOutput } from "./graph.js";
import type { ReferenceToken } from "./references.js";

export interface VisibleReference {
  token: string;
  /** `input`, or the action instance id whose output it is. */
  source: string;
  type?: string;
}

function outputTokens(outputs: readonly GraphOutput[], source: string): VisibleReference[] {
  return outputs.flatMap((output) => [
    { token: output.reference, source, ...(output.type !== undefined && { type: output.type }) },
    ...output.columns.map((column) => ({
      token: column.reference,
      source,
      ...(column.type !== undefined && { type: column.type }),
    })),
  ]);
}

const visibleMemo = new WeakMap<ActionGraph, Map<number, VisibleReference[]>>();

/** The tokens the action at `index` in the graph's chain can read, in chain order. */
export function referencesBefore(graph: ActionGraph, index: number): VisibleReference[] {
  let byIndex = visibleMemo.get(graph);
  if (!byIndex) {
    byIndex = new Map();
    visibleMemo.set(graph, byIndex);
  }
  let visible = byIndex.get(index);
  if (!visible) {
    visible = [
      ...outputTokens(graph.inputs, "input"),
      ...graph.actions
        .slice(0, Math.max(0, index))
        .flatMap((action) => outputTokens(action.outputs, action.action_instance_id)),
    ];
    byIndex.set(index, visible);
  }
  return visible;
}

export function actionIndex(graph: ActionGraph, actionInstanceId: string): number {
  return graph.actions.findIndex((action) => action.action_instance_id === actionInstanceId);
}

const namedLists = new WeakMap<readonly VisibleReference[], { name: string; label: string }[]>();

/** The visible tokens as names to match against, kept with their list so matching is set up once. */
function asNames(visible: readonly VisibleReference[]): { name: string; label: string }[] {
  let named = namedLists.get(visible);
  if (!named) {
    named = visible.map((reference) => ({ name: reference.token, label: reference.token }));
    namedLists.set(visible, named);
  }
  return named;
}

function nearest(raw: string, visible: readonly VisibleReference[], suggestions: Suggestions): string {
  const names = suggestions.closest(raw, asNames(visible));
  return names.length > 0
    ? `; nearest: ${names.join(", ")} (${TOOL.listReferences} shows them all)`
    : `; call ${TOOL.listReferences} to see the tokens this action can use`;
}

function ownOutput(token: ReferenceToken): string {
  return `${token.raw}: an action cannot read its own outputs`;
}

/**
 * Without the sheet's graph, the rule a token can still be held to: the action being configured
 * never reads its own outputs, and its id alone shows that.
 */
export function checkNotOwn(tokens: readonly ReferenceToken[], actionInstanceId: string): string[] {
  return tokens.filter((token) => token.source === actionInstanceId).map(ownOutput);
}

/** Why a token the action cannot see is refused: unknown column or output, or a later action. */
function whyNotVisible(token: ReferenceToken, graph: ActionGraph, index: number): string {
  const [first = "", ...rest] = token.path;
  if (token.source === "input") return `${token.raw}: the sheet has no input column '${first}'`;
  const position = actionIndex(graph, token.source);
  if (position < 0) return `${token.raw}: there is no action ${token.source} on this sheet`;
  if (position === index) return ownOutput(token);
  if (position > index) {
    return `${token.raw}: ${token.source} runs after this action, so its outputs do not exist yet when this one runs`;
  }
  const output = [first, ...rest].join(".");
  return `${token.raw}: ${token.source} has no output '${output}'`;
}

/** A problem for every token the action at `index` cannot read, each with the nearest valid tokens. */
export function checkVisible(
  tokens: readonly ReferenceToken[],
  graph: ActionGraph,
  index: number,
  suggestions = new Suggestions(SHOWN_PROBLEMS),
): string[] {
  const visible = referencesBefore(graph, index);
  const known = new Set(visible.map((reference) => reference.token));
  // What a token names decides, not only that the graph lists it: input, or an action before.
  const earlier = new Set(
    graph.actions.slice(0, Math.max(0, index)).map((action) => action.action_instance_id),
  );
  const readable = (token: ReferenceToken) =>
    known.has(token.raw) && (token.source === "input" || earlier.has(token.source));
  return tokens
    .filter((token) => !readable(token))
    .map((token) => `${whyNotVisible(token, graph, index)}${nearest(token.raw, visible, suggestions)}`);
}
