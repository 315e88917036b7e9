/**
 * A sheet's action graph (schema ActionGraphNode), read tolerantly: `data[0]` is the synthetic
 * input node whose outputs are the sheet's input columns; the rest are the sheet's actions in
 * execution order, each with what it holds now (`inputs`) and what it produces (`outputs`). It is
 * the one source for a sheet's chain and for the references an action can see.
 */
import { MAX_UPSTREAM_DEPTH } from "../limits.js";
import { type ActionGraph, type GraphOutput, OUTPUT_NAME } from "../sheet/graph.js";
import { soleReference } from "../sheet/references.js";
import { readRunSettings } from "../sheet/runCondition.js";
import { PATH_ID } from "./endpoints.js";
import { cleanName } from "./envelope.js";
import { FloqerError } from "./errors.js";
import { isObject, type Json, listIn, nestsDeeperThan } from "./json.js";

/** The synthetic first node's id and action_id. */
const INPUT_NODE = "input";

function typeOf(entry: Json): string | undefined {
  return typeof entry.type === "string" ? cleanName(entry.type, 64) : undefined;
}

/**
 * The reference Floqer gives, when it is one well-formed token naming the action that declares it
 * (or `input` for the sheet's columns); otherwise the documented shape. A token an earlier action
 * declared for its own output but naming the action being configured, or a later one, would pass
 * for one that action can read.
 */
function referenceOf(given: unknown, source: string, fallback: string): string {
  const token = typeof given === "string" ? soleReference(given) : undefined;
  return token?.source === source ? token.raw : fallback;
}

function readOutputs(list: unknown, source: string): GraphOutput[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).flatMap((output) => {
    const name = output.name;
    if (typeof name !== "string" || !OUTPUT_NAME.test(name)) return [];
    const columns = (Array.isArray(output.columns) ? output.columns : [])
      .filter(isObject)
      .flatMap((column) => {
        if (typeof column.name !== "string" || !OUTPUT_NAME.test(column.name)) return [];
        const type = typeOf(column);
        return [
          {
            name: column.name,
            ...(type !== undefined && { type }),
            reference: referenceOf(
              column.structured_array_reference,
              source,
              `{{${source}.${name}.${column.name}}}`,
            ),
          },
        ];
      });
    const type = typeOf(output);
    return [
      {
        name,
        ...(type !== undefined && { type }),
        reference: referenceOf(output.reference, source, `{{${source}.${name}}}`),
        columns,
      },
    ];
  });
}

/** The configured inputs as own properties only, so no upstream name reaches a prototype. */
function readInputs(value: unknown): Record<string, unknown> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([name]) => OUTPUT_NAME.test(name)));
}

/** A sheet's action graph, or why it could not be read (a Floqer without the graph route). */
/**
 * The graph from `data` (the node list itself, or wrapped as `{nodes}` / `{actions}`), or
 * undefined. What the actions hold is walked, cleaned and compared later, so a graph nested past
 * any configuration is refused here, with what was wrong with it.
 */
export function readActionGraph(data: unknown): ActionGraph | undefined {
  if (nestsDeeperThan(data, MAX_UPSTREAM_DEPTH)) {
    throw new FloqerError(
      "unexpected_response",
      `Floqer's action graph nests deeper than ${MAX_UPSTREAM_DEPTH} levels, which no configuration does, so it was not read. Try again; if it persists, check the sheet's actions in the Floqer app, or report it.`,
    );
  }
  const list = listIn(data, "nodes") ?? listIn(data, "actions");
  if (!list) return undefined;
  const graph: ActionGraph = { inputs: [], actions: [] };
  for (const node of list.filter(isObject)) {
    const id = node.action_instance_id;
    if (id === INPUT_NODE || node.action_id === INPUT_NODE) {
      graph.inputs = readOutputs(node.outputs, INPUT_NODE);
      continue;
    }
    if (typeof id !== "string" || !PATH_ID.test(id)) continue;
    const actionId =
      typeof node.action_id === "string" && PATH_ID.test(node.action_id) ? node.action_id : undefined;
    if (!actionId) continue;
    graph.actions.push({
      action_instance_id: id,
      action_id: actionId,
      display_name: typeof node.display_name === "string" ? cleanName(node.display_name) : actionId,
      inputs: readInputs(node.inputs),
      outputs: readOutputs(node.outputs, id),
      run: readRunSettings(node),
    });
  }
  return graph;
}
