/**
 * Option lists from Get Action Field Options, read tolerantly. The wrapper around the list is
 * undocumented (**inferred**): this file is the one place that reads it. What the options mean for
 * Salesforce (objects, fields, their `extras`) is services/optionFields.ts.
 */
import { cleanName } from "./envelope.js";
import { isObject, listIn } from "./json.js";

export interface ActionOption {
  value: string;
  label: string;
  extras?: Record<string, unknown>;
}

function isOption(entry: unknown): entry is ActionOption {
  return (
    isObject(entry) &&
    typeof entry.value === "string" &&
    (entry.label === undefined || typeof entry.label === "string")
  );
}

/** `data` is the array itself or `{options: [...]}`; anything else is not an option list. */
export function readOptionList(data: unknown): ActionOption[] | undefined {
  const list = listIn(data, "options");
  if (!list?.every(isOption)) return undefined;
  // Labels are shown to agents: upstream text, so cleaned and bounded; values go back as they came.
  return list.map((option) => ({ ...option, label: cleanName(option.label ?? option.value) }));
}
