import { z } from "zod";
import { configureActionRoute } from "../floqer/endpoints.js";
import { cleanUpstreamValue, describeWarning } from "../floqer/envelope.js";
import { planUpdate } from "../salesforce/planUpdate.js";
import { isWellFormedReference, outputReference } from "../salesforce/references.js";
import { type HeldValue, UPDATE_LIMITS, UPDATE_OUTPUTS } from "../salesforce/updateAction.js";
import { TOOL } from "../toolNames.js";
import { requireConfirmation } from "./confirmation.js";
import { confirmationTokenInput, locationShape, salesforceObjectName, sandboxMarker } from "./schemas.js";
import { defineTool, problemsMessage, ToolFailure } from "./tool.js";

const fieldValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .describe("Literal and/or {{tokens}}.");

const inputSchema = {
  ...locationShape,
  confirmation_token: confirmationTokenInput,
  record_id: z.string().min(1).max(256).describe("A {{token}} or a Salesforce ID."),
  salesforce_object: salesforceObjectName,
  add_fields_and_their_values: z
    .array(
      z.object({
        name: z.string().min(1).max(128).describe("Field API name."),
        value: fieldValue,
      }),
    )
    .min(1, "give at least one {name, value} pair in add_fields_and_their_values")
    .max(UPDATE_LIMITS.maxFieldPairs)
    .describe("Fields to write, each once."),
  ignore_empty_values: z.boolean().optional().describe("true: empty values leave fields unchanged."),
  run_salesforce_assignment_rules: z.boolean().optional().describe("Omit to keep."),
  dry_run: z.boolean().optional().describe("Check and show; send nothing."),
};

/**
 * A value the action held before, as shown: a string, a flag, the field pairs, or null where it
 * held none. Anything else Floqer may hold there is shown as its JSON text (see shownHeldValue).
 */
const heldValue = z.union([z.string(), z.boolean(), z.array(z.unknown()), z.null()]);
/** A value this write sets: the record ID or object, a flag, or the field pairs. */
const writtenValue = z.union([z.string(), z.boolean(), z.array(z.unknown())]);

const outputSchema = {
  status: z.enum(["configured", "dry_run"]),
  request: z.object({
    method: z.literal("PATCH"),
    path: z.string(),
    body: z.object({ inputs: z.record(z.string(), z.unknown()) }),
  }),
  current_inputs: z.record(z.string(), z.unknown()).optional(),
  changes: z.array(z.object({ input: z.string(), from: heldValue, to: writtenValue })),
  outputs: z.object({ record_id: z.string(), account_url: z.string() }),
  warnings: z.array(z.string()),
  sandbox: sandboxMarker,
};

/** What the action held, cleaned for display; a kind the inputs never take is shown as JSON text. */
function shownHeldValue(value: HeldValue): z.output<typeof heldValue> {
  const otherKind =
    typeof value === "number" || (typeof value === "object" && value !== null && !Array.isArray(value));
  return cleanUpstreamValue(otherKind ? JSON.stringify(value) : value);
}

function refusal(problems: readonly string[]): ToolFailure {
  return new ToolFailure(
    problemsMessage("Refused; nothing was sent:", problems, "Fix these and call again."),
  );
}

export const configureSalesforceUpdate = defineTool({
  name: TOOL.configureUpdate,
  title: "Configure the Salesforce update action",
  description: `Configures a "Salesforce: Update a Record" action. Needs ${TOOL.confirmConnection}'s token; names from the list tools, {{tokens}} from ${TOOL.listReferences}. dry_run first. Checked against org and sheet before sending; omitted flags kept; safe to repeat.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async run(args, context, call) {
    const dryRun = args.dry_run ?? false;
    const warnings = requireConfirmation(args.confirmation_token, dryRun, context);
    const read = call.upstream;
    const plan = await planUpdate(args, {
      sheet: () => context.graphs.get(args, read),
      objects: () => context.catalog.objects(args, read),
      fields: (objectName) => context.catalog.fields(args, objectName, read),
    });
    if (!plan.ok) throw refusal(plan.problems);
    const { inputs, current, changes } = plan;
    warnings.push(...plan.warnings);
    const request = configureActionRoute(args, { inputs });
    const outputs = defaultOutputs(args.action_instance_id);
    // What the action held is upstream data: shown cleaned and bounded, compared as it came.
    const answer = {
      request,
      ...(current && { current_inputs: cleanUpstreamValue(current) as Record<string, unknown> }),
      changes: changes.map((change) => ({ ...change, from: shownHeldValue(change.from) })),
      outputs,
      warnings,
    };
    if (dryRun) return { status: "dry_run" as const, ...answer };

    let configured: Awaited<ReturnType<typeof context.client.configureAction>>;
    try {
      configured = await context.client.configureAction(request, args, call.upstream);
    } finally {
      // Even a failed PATCH may have landed: the next read asks Floqer what the action holds.
      context.graphs.forget(args);
    }
    warnings.push(...configured.warnings.map(describeWarning));
    for (const output of configured.action.outputs ?? []) {
      const { name, reference } = output;
      if (
        name &&
        Object.hasOwn(outputs, name) &&
        typeof reference === "string" &&
        isWellFormedReference(reference)
      ) {
        outputs[name as keyof typeof outputs] = reference;
      }
    }
    return { status: "configured" as const, ...answer };
  },
});

function defaultOutputs(actionInstanceId: string): Record<(typeof UPDATE_OUTPUTS)[number], string> {
  return Object.fromEntries(
    UPDATE_OUTPUTS.map((output) => [output, outputReference(actionInstanceId, output)]),
  ) as Record<(typeof UPDATE_OUTPUTS)[number], string>;
}
