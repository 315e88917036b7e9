import { z } from "zod";
import { type ActionLocation, configureActionRoute } from "../floqer/endpoints.js";
import { cleanUpstreamValue, describeWarning } from "../floqer/envelope.js";
import { FloqerError } from "../floqer/errors.js";
import { SHOWN_PROBLEMS } from "../limits.js";
import { type PlannedChange, planUpdate } from "../salesforce/planUpdate.js";
import {
  type HeldValue,
  UPDATE_ACTION_ID,
  UPDATE_LIMITS,
  UPDATE_OUTPUTS,
  type UpdateActionInputs,
} from "../salesforce/updateAction.js";
import { configureOutcome } from "../salesforce/writeOutcome.js";
import type { GraphAction, SheetRead } from "../sheet/graph.js";
import { outputReference } from "../sheet/references.js";
import {
  RUN_IF_INFERRED,
  RUN_IF_OPERATORS,
  type RunSettingsToSend,
  runSettingsHeld,
  sameRunSettings,
  shownRunSettings,
} from "../sheet/runCondition.js";
import { TOOL } from "../toolNames.js";
import { requireConfirmation } from "./confirmation.js";
import { faultOf, mayHaveLanded, readSheetBack } from "./readBack.js";
import { confirmationTokenInput, locationShape, salesforceObjectName } from "./schemas.js";
import { defineTool, refusal, type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

const fieldValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .describe("Literal and/or {{tokens}}.");

const inputSchema = {
  ...locationShape,
  confirmation_token: confirmationTokenInput,
  record_id: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe(`A {{token}} (${TOOL.listReferences}) or a Salesforce ID.`),
  salesforce_object: salesforceObjectName.optional(),
  add_fields_and_their_values: z
    .array(
      // Strict: a misspelled key inside a pair is refused by name, like an unknown argument.
      z.strictObject({
        name: z.string().min(1).max(128).describe("Field API name."),
        value: fieldValue,
      }),
    )
    .optional()
    .describe("Fields to set, merged into the action's."),
  // Both lists' lengths are checked in checkUpdateShape, with a clear problem: the schema stays short.
  remove_fields: z.array(z.string().min(1).max(128)).optional().describe("Field API names to drop."),
  replace_fields: z.boolean().optional().describe("true: the fields given become the whole list."),
  // Bounds and an empty group are checked in the plan, with a clear problem: the schema stays short.
  run_if: z
    .array(
      z.array(
        z.strictObject({
          variable: z.string().min(1).max(512).describe("A {{token}}."),
          // Checked in the plan, which names Floqer's operators and the nearest one.
          operator: z.string().min(1).max(64).describe("e.g. not empty."),
          values: z.array(z.string().max(UPDATE_LIMITS.maxValueLength)).optional(),
        }),
      ),
    )
    .optional()
    .describe("Run where any group's conditions all hold; [] removes."),
  continue_workflow_if_run_condition_not_met: z.boolean().optional().describe("Default false."),
  continue_workflow_if_action_fails: z.boolean().optional().describe("Default false."),
  ignore_empty_values: z.boolean().optional().describe("Default true."),
  run_salesforce_assignment_rules: z.boolean().optional().describe("Default true."),
  dry_run: z.boolean().optional().describe("Send nothing."),
};

/**
 * A value in `changes`, as text: a record ID, an object, a field's value, or a flag as "true" or
 * "false". Absent where there is none (`from`: not held; `to`: dropped). One type keeps the schema
 * portable to every model provider's function dialect.
 */
const changedValue = z.string().optional();

/**
 * 32768 as 32,768. Not toLocaleString: its first call loads the ICU locale data, the longest single
 * step of a start, and this description is written as the server starts.
 */
function withThousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** What a dry run does not prove, said in its answer (and in the instructions). */
export const DRY_RUN_LIMITS = `A dry run checks names, tokens and the record ID's form against the org and the sheet. It runs no row: it does not show that record_id finds a record on each row, that each value fits its field in Salesforce, or that Salesforce accepts the update. ${TOOL.testUpdate} shows that on one row, with the user's yes.`;

const outputSchema = {
  status: z.enum(["configured", "dry_run"]),
  request: z.record(z.string(), z.unknown()),
  current_inputs: z.record(z.string(), z.unknown()).optional(),
  // From and to are text (a flag "true"/"false"), absent where there is none: see changedValue.
  changes: z.array(
    z.object({ input: z.string(), field: z.string().optional(), from: changedValue, to: changedValue }),
  ),
  outputs: z.record(z.string(), z.string()),
  warnings: z.array(z.string()),
};

/**
 * A value as `changes` shows it: text, cleaned where the action held it (upstream data), absent
 * where there is none. Anything else Floqer may hold there is shown as its JSON text.
 */
function shownChangeValue(value: HeldValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return cleanUpstreamValue(typeof value === "string" ? value : JSON.stringify(value)) as string;
}

/** A change as the answer shows it: every value as text, and no key for a value that is none. */
function shownChange({ input, field, from, to }: PlannedChange & { field?: string }) {
  const shownFrom = shownChangeValue(from);
  const shownTo = shownChangeValue(to);
  return {
    input,
    ...(field !== undefined && { field }),
    ...(shownFrom !== undefined && { from: shownFrom }),
    ...(shownTo !== undefined && { to: shownTo }),
  };
}

export const configureSalesforceUpdate = defineTool({
  name: TOOL.configureUpdate,
  title: "Configure the Salesforce update action",
  description: `Configures a "Salesforce: Update a Record" action, names from the list tools. Fields given are merged into the action's; inputs left out are kept. dry_run first: it checks names and tokens, runs no row.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Call ${TOOL.configureUpdate} with dry_run true, show me its changes and any warnings, and only after I agree call it again with the confirmation_token and without dry_run.`,
    step: `then ${TOOL.configureUpdate} with dry_run true, and again without`,
    manual: `Floqer replaces the action's whole field list on every configure; this tool merges instead.
The fields given in \`add_fields_and_their_values\` are added to the ones the action holds (matched by
API name; a field it holds takes the new value), \`remove_fields\` drops fields, and
\`replace_fields: true\` makes the fields given the whole list. Every field a write drops is named
in \`warnings\` and in \`changes\`. Where the action's list cannot be read (no action-graph route),
a merge is refused: give \`replace_fields: true\` with the whole list. \`record_id\`,
\`salesforce_object\` and the flags left out keep what the action holds (a flag's documented default,
true, applies only where it holds none); changing the object with fields of the old one still held
needs \`replace_fields\`. \`current_inputs\` is what the action held before (${TOOL.getWorkflow} shows it
too, read-only); \`changes\` lists each input the write changes and each field apart, as text (a flag as
\`"true"\` or \`"false"\`; \`from\` absent: not held; \`to\` absent: dropped); \`outputs\` are the \`{{...}}\` tokens later actions use. A dry run's
warnings end with what it does not show: it runs no row.

**When it runs.** \`run_if\` is the action's run condition, as groups of
\`{variable, operator, values}\`: the action runs on a row where any group holds, and a group holds
where all its conditions do (Floqer's nested groups, leaves joined by AND and groups by OR).
\`variable\` is one \`{{token}}\` the action can see (the same rules as values); \`operator\` is one of
${RUN_IF_OPERATORS.map((operator) => `\`${operator}\``).join(", ")} (Floqer's list for comparing a
column, inferred for conditions); \`values\` has none for the two emptiness tests, one or more for
the two "any of" ones, else exactly one. \`run_if: []\` removes the condition (\`null\` means "not
given" here). \`continue_workflow_if_run_condition_not_met\` and
\`continue_workflow_if_action_fails\` (both false by default) let later actions run on a row this
one skips or fails on. All three go in the same \`PATCH\` beside \`inputs\`, and one left out keeps
what the action holds (see [docs/FLOQER_API.md](docs/FLOQER_API.md) for what is inferred: the
not-met flag travels inside \`run_if\`, and \`run_if: null\` removes it). \`current_inputs\` shows
the condition as Floqer holds it, \`changes\` as one line. When \`record_id\` comes from an earlier action's
output and no condition reads that action, the answer warns that rows where it is empty fail, and
gives the condition that would skip them.

Before anything is sent it checks:
- the token (not needed for a dry run): signed by this server (or one sharing its secret), not
  expired, issued for the API key in use, over HTTP without a shared secret issued in this session,
  and, where the client shows forms, confirmed by the user in a form (see
  [Sessions and single use](#sessions-and-single-use));
- \`record_id\`: one \`{{reference}}\` token, or a 15/18-character Salesforce ID whose 18-character
  checksum matches (an ID whose case was folded is accepted and restored); an ID whose prefix
  belongs to another standard object than \`salesforce_object\` gets a warning; so does a token that
  is not an ID: a lookup's column other than \`Id\`, a lookup of another object, an input column
  or output whose name does not say it holds an ID (\`domain\`, \`email\`), and a sheet with no
  \`salesforce_lookup_record\` before the update (the user adds one in the Floqer app; this server
  cannot);
- \`action_instance_id\` is a \`${UPDATE_ACTION_ID}\` action on that sheet (else the refusal names the
  sheet's update actions);
- every \`{{...}}\` token in \`record_id\` and every value: well formed (\`{{input.<column>}}\`,
  \`{{<action_instance_id>.<output>}}\` or \`{{<action_instance_id>.<list_output>.<column>}}\`) and
  visible to the action on its sheet: an unknown column or output, an action that runs later, the
  action itself or an action on another sheet is refused with the nearest valid tokens;
- the object exists in the org, and each field (those the action holds included) exists and can be written (names match
  case-insensitively and the canonical name is sent; a typo gets the closest names); no field
  twice; 1 to ${UPDATE_LIMITS.maxFieldPairs} pairs; values up to ${withThousands(UPDATE_LIMITS.maxValueLength)} characters;
- every literal value given (no \`{{token}}\` in it) against its field's Salesforce metadata, where
  Floqer lists it beside the field (key names inferred): a checkbox takes \`true\` or \`false\`; a number
  digits with an optional sign and point, no more digits before the point than precision and scale
  leave (more after it is rounded, with a note); a date \`YYYY-MM-DD\` that exists; a date-time
  \`YYYY-MM-DDThh:mm:ss\` with \`Z\` or an offset; an e-mail or web address its shape; a picklist an
  active value (a value in another case, an inactive one, or the nearest value is named), a
  multi-select picklist each of its \`;\`-separated items; a lookup field a record ID; text no longer
  than the field's length. A value the metadata says too little about gets a warning that it was not
  checked. Values with tokens are checked on each row by Salesforce, not here;
- when the run condition is given: every \`variable\` and every token in \`values\` visible to the
  action, every operator one Floqer lists (else the nearest is named), each count of values right;
- an empty value while \`ignore_empty_values\` is on gets a warning: it leaves the field as it is.

Reference and field problems come back together, in one refusal that lists the first
${SHOWN_PROBLEMS} (each once, with suggestions) and counts the rest. A real call reads the sheet's action
graph fresh first, so a flag changed in the Floqer app since a cached read is kept, not sent back
as it was; a dry run may use the cache and then says how old its read is. Then it sends one
\`PATCH /workflows/{w}/sheets/{s}/actions/{a}\` (Floqer's documented Configure Action) with the five
inputs, each field with its label from the org so the Floqer app shows it. When its answer is
lost, the sheet is read back and the answer says what the action now holds (see
[Failure behaviour](#failure-behaviour)). Floqer's own \`warnings\` on a 2xx answer
(\`unresolved_reference\`, \`unknown_field\`) are added to \`warnings\` as
\`Floqer warned (code on field): "message"\` (the message JSON-quoted).

If Floqer has no action-graph route (its path is inferred, see
[docs/FLOQER_API.md](docs/FLOQER_API.md)), the tools keep working: tokens are checked by their form
only, flags left out are left out of the \`PATCH\` (Floqer keeps what the action holds), and every
answer says what could not be checked.`,
  },
  async run(args, context, call) {
    const dryRun = args.dry_run ?? false;
    const warnings = requireConfirmation(args.confirmation_token, dryRun, context, call);
    const read = call.upstream;
    let sheetRead: SheetRead | undefined;
    const plan = await planUpdate(args, {
      // A real write starts from what Floqer holds now: a cached graph could send back a flag the
      // user has since changed in the Floqer app. A dry run may use the cache, and says how old.
      sheet: async () => {
        call.progress?.("Reading the sheet's actions from Floqer.");
        sheetRead = await context.graphs.get(args, dryRun ? read : { ...read, refresh: true });
        return sheetRead;
      },
      objects: () => {
        call.progress?.("Reading the Salesforce objects Floqer lists.");
        return context.catalog.objects(args, read);
      },
      fields: (objectName) => {
        call.progress?.(`Reading the fields of ${objectName}.`);
        return context.catalog.fields(args, objectName, read);
      },
    });
    if (!plan.ok) throw refusal("Refused; nothing was sent:", plan.problems, "Fix these and call again.");
    const { inputs, current, currentRun, changes } = plan;
    warnings.push(...plan.warnings);
    const request = configureActionRoute(args, { inputs, ...plan.run });
    const outputs = defaultOutputs(args.action_instance_id);
    // What the action held is upstream data: shown cleaned and bounded, compared as it came.
    const answer = {
      request: { ...request },
      ...(current && {
        current_inputs: cleanUpstreamValue({ ...current, ...shownRunSettings(currentRun) }) as Record<
          string,
          unknown
        >,
      }),
      changes: changes.map(shownChange),
      outputs,
      warnings,
    };
    if (dryRun) {
      const age = sheetRead?.available ? cachedAgeSeconds(sheetRead.readAt) : 0;
      if (age > 0) warnings.push(staleSheetNote(age));
      warnings.push(DRY_RUN_LIMITS);
      return { status: "dry_run" as const, ...answer };
    }

    let configured: Awaited<ReturnType<typeof context.client.configureAction>>;
    call.progress?.("Sending the configuration to Floqer.");
    try {
      configured = await context.client.configureAction(request, args, call.upstream);
    } catch (error) {
      if (call.signal.aborted) throw error;
      if (!mayHaveLanded(error)) throw withRunIfNote(error, plan.run);
      await readBackOutcome(
        error,
        { inputs, run: plan.run },
        { inputs: current, run: currentRun },
        context,
        call,
        args,
      );
      warnings.push(
        `Floqer's answer was lost (${faultOf(error)}), so the sheet was read back: the action holds exactly what was sent, so the change is in place.`,
      );
      return { status: "configured" as const, ...answer };
    } finally {
      // Whatever came of it, the action may have changed: the next read asks Floqer.
      context.graphs.forget(args);
    }
    warnings.push(...configured.warnings.map(describeWarning));
    for (const { name, reference } of configured.action.outputs ?? []) {
      if (Object.hasOwn(outputs, name)) outputs[name as keyof typeof outputs] = reference;
    }
    return { status: "configured" as const, ...answer };
  },
});

/** Floqer refusing a write that carried a run condition may be refusing its inferred shape: said so. */
function withRunIfNote(error: unknown, run: RunSettingsToSend): unknown {
  const refused = error instanceof FloqerError && error.code === "bad_request";
  return refused && Object.keys(run).length > 0
    ? new ToolFailure(`${error.message} ${RUN_IF_INFERRED}`)
    : error;
}

/** Whole seconds since a cached read; 0 for a read made by this call. */
function cachedAgeSeconds(readAt: number): number {
  return Math.floor((Date.now() - readAt) / 1000);
}

function staleSheetNote(ageSeconds: number): string {
  return `current_inputs and changes come from the sheet as read ${ageSeconds} s ago (cached); the real call reads it again first, so they may differ if the action was changed in the Floqer app since.`;
}

/**
 * The PATCH's answer was lost. Returns when the sheet, read back, shows every input sent in place;
 * otherwise throws what it does show, or that the outcome is unknown.
 */
async function readBackOutcome(
  error: unknown,
  sent: { inputs: UpdateActionInputs; run: RunSettingsToSend },
  before: { inputs: Record<string, unknown> | undefined; run: GraphAction["run"] },
  context: ToolContext,
  call: ToolCall,
  location: ActionLocation,
): Promise<void> {
  const fault = faultOf(error);
  const back = await readSheetBack(context, location, call);
  const check = `Check what the action holds (${TOOL.getWorkflow} with its sheet_id, or the Floqer app) before calling again.`;
  if (!back.ok) {
    throw new ToolFailure(
      `Floqer's answer to the configure request was lost (${fault}), and reading the sheet back failed too (${back.why}): the change may have been applied. ${check}`,
    );
  }
  const now = back.graph.actions.find((action) => action.action_instance_id === location.action_instance_id);
  const inputsOutcome = configureOutcome(sent.inputs, before.inputs, now?.inputs);
  // When the action runs is part of what was sent: it too must be in place, or untouched.
  const runHeld = runSettingsHeld(sent.run, now?.run);
  const runUntouched = before.run !== undefined && sameRunSettings(before.run ?? {}, now?.run ?? {});
  const outcome =
    inputsOutcome.kind === "applied" && !runHeld
      ? { kind: "other" as const, differs: ["run_if"] }
      : inputsOutcome.kind === "not_applied" && !runUntouched && Object.keys(sent.run).length > 0
        ? { kind: "other" as const, differs: ["run_if"] }
        : inputsOutcome;
  if (outcome.kind === "applied") return;
  if (outcome.kind === "not_applied") {
    const said = error instanceof FloqerError && error.status !== undefined ? ` ${error.message}` : "";
    throw new ToolFailure(
      `Floqer's answer to the configure request was lost (${fault}). Read back just now, the action still holds what it held before: the change was not applied.${said} Calling again with the same arguments sends it once more.`,
    );
  }
  const where = now
    ? `holds neither what was sent nor what it held before${outcome.differs.length > 0 ? ` (it differs from what was sent in ${outcome.differs.join(", ")})` : ""}`
    : "is no longer on the sheet";
  throw new ToolFailure(
    `Floqer's answer to the configure request was lost (${fault}). Read back just now, the action ${where}: it may have been changed in part, or by someone else at the same time. ${check}`,
  );
}

function defaultOutputs(actionInstanceId: string): Record<(typeof UPDATE_OUTPUTS)[number], string> {
  return Object.fromEntries(
    UPDATE_OUTPUTS.map((output) => [output, outputReference(actionInstanceId, output)]),
  ) as Record<(typeof UPDATE_OUTPUTS)[number], string>;
}
