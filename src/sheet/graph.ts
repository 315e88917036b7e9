/**
 * A sheet as its action graph describes it: the input columns, and the actions in execution order,
 * each with what it holds and what it produces. The types and the name rule only: the reader of Floqer's answer is in
 * floqer/actionGraph.ts; who sees what is in visibility.ts.
 */

/** Output and column names: what a reference token can hold between its dots. */
export const OUTPUT_NAME = /^[A-Za-z0-9_]{1,128}$/;

export interface GraphColumn {
  name: string;
  type?: string;
  reference: string;
}

export interface GraphOutput {
  name: string;
  type?: string;
  reference: string;
  /** The columns of a structured_array output, each with its three-part reference. */
  columns: GraphColumn[];
}

/** How a group or a leaf joins the one before it (AND where absent). */
export type Combinator = "AND" | "OR";

export interface Condition {
  variable: string;
  operator: string;
  values: string[];
  combinator?: Combinator;
}

export interface ConditionGroup {
  conditions: Condition[];
  combinator?: Combinator;
}

/** A run condition in the nested groups form, the one Floqer returns and accepts. */
export interface RunCondition {
  conditions: ConditionGroup[];
}

/** What an action holds about when it runs, as read from its graph node. */
export interface RunSettings {
  /** Undefined where no condition is configured. */
  run_if?: RunCondition;
  continue_workflow_if_run_condition_not_met?: boolean;
  continue_workflow_if_action_fails?: boolean;
}

export interface GraphAction {
  action_instance_id: string;
  action_id: string;
  display_name: string;
  /** What the action holds now: input name to configured value; unconfigured inputs are absent. */
  inputs: Record<string, unknown>;
  outputs: GraphOutput[];
  /** When it runs (its condition and continue flags); "unreadable" for a condition in no known shape. */
  run?: RunSettings | "unreadable";
}

export interface ActionGraph {
  /** The sheet's input columns, each referenced as {{input.<column>}}. */
  inputs: GraphOutput[];
  /** The sheet's actions in execution order. */
  actions: GraphAction[];
}

/** A sheet's graph as a caller got it: with when Floqer was asked (ms since the epoch), or why not. */
export type SheetRead =
  | { available: true; graph: ActionGraph; readAt: number }
  | { available: false; reason: string };
