import { z } from "zod";
import { actionPath } from "../floqer/endpoints.js";
import { outputReference } from "../salesforce/references.js";
import {
  UPDATE_DEFAULTS,
  UPDATE_LIMITS,
  UPDATE_OUTPUTS,
  type UpdateActionInputs,
} from "../salesforce/updateAction.js";
import { checkUpdateShape, resolveFields, resolveObject } from "../salesforce/validateUpdate.js";
import { requireConfirmation } from "./confirmation.js";
import { confirmationTokenInput, locationShape, salesforceObjectName, sandboxMarker } from "./schemas.js";
import { defineTool, problemsMessage, ToolFailure } from "./tool.js";

const fieldValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .describe("Literal and/or {{reference}} tokens.");

const inputSchema = {
  ...locationShape,
  confirmation_token: confirmationTokenInput,
  record_id: z
    .string()
    .min(1)
    .max(256)
    .describe("{{salesforce_lookup_record_1.record_id}} or a Salesforce ID."),
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
  ignore_empty_values: z.boolean().optional().describe("Default true: empty values leave fields unchanged."),
  run_salesforce_assignment_rules: z.boolean().optional().describe("Default true."),
  dry_run: z.boolean().optional().describe("Validate and show the request; send nothing."),
};

const outputSchema = {
  status: z.enum(["configured", "dry_run"]),
  request: z.object({
    method: z.literal("PUT"),
    path: z.string(),
    body: z.object({ inputs: z.record(z.string(), z.unknown()) }),
  }),
  outputs: z.object({ record_id: z.string(), account_url: z.string() }),
  warnings: z.array(z.string()),
  sandbox: sandboxMarker,
};

export const configureSalesforceUpdate = defineTool({
  name: "configure_salesforce_update",
  title: "Configure the Salesforce update action",
  description: `Configures a "Salesforce: Update a Record" action: record, object, field values. Get the token from confirm_salesforce_connection and names from the list tools; dry_run first, then for real. Everything is checked against the org before sending; omitted inputs take defaults; repeating is safe.`,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async run(args, context, call) {
    const dryRun = args.dry_run ?? false;
    const warnings = requireConfirmation(args.confirmation_token, dryRun, context);
    const shape = checkUpdateShape({
      record_id: args.record_id,
      salesforce_object: args.salesforce_object,
      add_fields_and_their_values: args.add_fields_and_their_values,
      ignore_empty_values: args.ignore_empty_values ?? UPDATE_DEFAULTS.ignore_empty_values,
      run_salesforce_assignment_rules:
        args.run_salesforce_assignment_rules ?? UPDATE_DEFAULTS.run_salesforce_assignment_rules,
    });
    const refuse = (problems: string[]) =>
      new ToolFailure(problemsMessage("Refused; nothing was sent:", problems, "Fix these and call again."));
    if (!shape.ok) throw refuse(shape.problems);
    warnings.push(...shape.warnings);

    const read = call.upstream;
    const object = resolveObject(shape.value.salesforce_object, await context.catalog.objects(args, read));
    if (!object.ok) throw refuse(object.problems);
    const objectName = object.value.name;
    const fields = resolveFields(
      objectName,
      shape.value.add_fields_and_their_values,
      await context.catalog.fields(args, objectName, read),
    );
    if (!fields.ok) throw refuse(fields.problems);

    const inputs: UpdateActionInputs = {
      record_id: shape.value.record_id,
      salesforce_object: objectName,
      add_fields_and_their_values: fields.value,
      ignore_empty_values: shape.value.ignore_empty_values,
      run_salesforce_assignment_rules: shape.value.run_salesforce_assignment_rules,
    };
    const request = { method: "PUT" as const, path: actionPath(args), body: { inputs } };
    const outputs = defaultOutputs(args.action_instance_id);
    if (dryRun) {
      return { status: "dry_run" as const, request, outputs, warnings };
    }
    const configured = await context.client.configureAction(args, inputs, call.upstream);
    for (const output of configured.outputs ?? []) {
      if (output.name && output.name in outputs && typeof output.reference === "string") {
        outputs[output.name as keyof typeof outputs] = output.reference;
      }
    }
    return { status: "configured" as const, request, outputs, warnings };
  },
});

function defaultOutputs(actionInstanceId: string): Record<(typeof UPDATE_OUTPUTS)[number], string> {
  return Object.fromEntries(
    UPDATE_OUTPUTS.map((output) => [output, outputReference(actionInstanceId, output)]),
  ) as Record<(typeof UPDATE_OUTPUTS)[number], string>;
}
