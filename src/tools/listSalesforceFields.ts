import { z } from "zod";
import { cleanName } from "../floqer/envelope.js";
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import { matchesQuery } from "../names.js";
import { isWritable, type SalesforceField, writableFields } from "../salesforce/fields.js";
import { resolveObject } from "../salesforce/validateUpdate.js";
import { TOOL } from "../toolNames.js";
import { paginate } from "./paging.js";
import { listingShape, locationShape, nextCursor, salesforceObjectName } from "./schemas.js";
import { defineTool, refusal } from "./tool.js";

/** The most picklist values shown per field: a page of fields stays within the answer ceiling. */
const MAX_PICKLIST_VALUES_SHOWN = 100;

export const listSalesforceFields = defineTool({
  name: TOOL.listFields,
  title: "List the fields of a Salesforce object",
  description: `Lists an object's fields (name, label, type, picklist values) for ${TOOL.configureUpdate}: writable ones, 50 a page; search with query.`,
  inputSchema: {
    ...locationShape,
    salesforce_object: salesforceObjectName,
    ...listingShape,
    updateable_only: z.boolean().optional().describe("Default true."),
  },
  outputSchema: {
    salesforce_object: z.string(),
    fields: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        type: z.string().optional(),
        updateable: z.boolean().optional(),
        picklist_values: z.array(z.string()).optional(),
      }),
    ),
    total: z.number(),
    next_cursor: nextCursor,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Call ${TOOL.listFields} with a query for each field to set (do not page through all fields).`,
    step: `${TOOL.listFields}`,
    manual: `\`salesforce_object\` in the answer is the canonical name. Objects can have hundreds of fields:
search with \`query\` rather than paging through them all; \`updateable_only\` (default true) leaves
out what cannot be written. A picklist shows its active values in \`picklist_values\` (the first
${MAX_PICKLIST_VALUES_SHOWN}), where Floqer lists them: a literal value for it must be one of them.`,
  },
  async run(args, context, call) {
    // refresh is about this object's fields; the object list is asked again only if it lacks the object.
    let object = resolveObject(args.salesforce_object, await context.catalog.objects(args, call.upstream));
    if (!object.ok && args.refresh) {
      object = resolveObject(
        args.salesforce_object,
        await context.catalog.objects(args, { ...call.upstream, refresh: true }),
      );
    }
    if (!object.ok)
      throw refusal("Refused; no fields listed:", object.problems, "Fix salesforce_object and call again.");
    const fields = await context.catalog.fields(args, object.value.name, {
      ...call.upstream,
      refresh: args.refresh,
    });
    const updateableOnly = args.updateable_only ?? true;
    const query = args.query?.trim();
    const candidates = updateableOnly ? writableFields(fields) : fields;
    const matching = query ? candidates.filter((field) => matchesQuery(field, query)) : candidates;
    const filter = `fields|${object.value.name}|${updateableOnly}|${query ?? ""}`;
    const page = paginate(matching, args.limit ?? DEFAULT_PAGE_SIZE, args.cursor, filter);
    const shown = page.items.map((field: SalesforceField) => ({
      name: field.name,
      label: field.label,
      ...(field.type !== undefined && { type: field.type }),
      ...(!updateableOnly && { updateable: isWritable(field) }),
      // The values a user can pick, so a literal can be chosen from them; upstream text, cleaned.
      ...(field.picklist &&
        field.picklist.active.length > 0 && {
          picklist_values: field.picklist.active
            .slice(0, MAX_PICKLIST_VALUES_SHOWN)
            .map((value) => cleanName(value, 255)),
        }),
    }));
    return {
      salesforce_object: object.value.name,
      fields: shown,
      total: page.total,
      next_cursor: page.nextCursor,
    };
  },
});
