import { z } from "zod";
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import { actionIndex, referencesBefore } from "../sheet/visibility.js";
import { TOOL } from "../toolNames.js";
import { paginate } from "./paging.js";
import { listingShape, locationShape, nextCursor } from "./schemas.js";
import { defineTool, ToolFailure } from "./tool.js";

export const listReferences = defineTool({
  name: TOOL.listReferences,
  title: "List the references an action can use",
  description: `Lists the {{reference}} tokens an action can use in its values and record_id: the sheet's input columns ({{input.<column>}}) and the outputs of the actions that run before it, list columns included ({{<action>.<list>.<column>}}). Tokens from later actions are not there. Use it before ${TOOL.configureUpdate}; search with query.`,
  inputSchema: {
    ...locationShape,
    ...listingShape,
    query: listingShape.query.describe("Matches the token or its source."),
  },
  outputSchema: {
    action_instance_id: z.string(),
    references: z.array(
      z.object({
        token: z.string(),
        source: z.string().describe("input, or the action instance that produces it."),
        type: z.string().optional(),
      }),
    ),
    total: z.number().describe("Matches across all pages."),
    next_cursor: nextCursor,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Call ${TOOL.listReferences} for the update action and take record_id and any column values from the tokens it lists; never make a token up.`,
    step: `${TOOL.listReferences} (the tokens the action can use)`,
    manual: `The tokens the action can use in its values and \`record_id\`, in chain order: the sheet's input
columns (\`{{input.<column>}}\`, source \`input\`) and the outputs of the actions that run before it,
with each column of a list output (\`{{salesforce_lookup_record_1.records_found.Id}}\`). Nothing from
the action itself or from actions after it. \`query\` matches the token or its source.`,
  },
  async run(args, context, call) {
    const sheet = await context.graphs.get(args, { ...call.upstream, refresh: args.refresh });
    if (!sheet.available) {
      throw new ToolFailure(
        `The sheet's references cannot be listed: ${sheet.reason} ${TOOL.configureUpdate} still checks each token's form.`,
      );
    }
    const index = actionIndex(sheet.graph, args.action_instance_id);
    if (index < 0) {
      const ids = sheet.graph.actions.map((action) => action.action_instance_id).join(", ") || "none";
      throw new ToolFailure(
        `There is no action ${args.action_instance_id} on this sheet (its actions: ${ids}). Check the ids with ${TOOL.getWorkflow}.`,
      );
    }
    const query = args.query?.trim().toLowerCase();
    const visible = referencesBefore(sheet.graph, index);
    const matching = query
      ? visible.filter(
          (reference) =>
            reference.token.toLowerCase().includes(query) || reference.source.toLowerCase().includes(query),
        )
      : visible;
    const filter = `references|${args.action_instance_id}|${query ?? ""}`;
    const page = paginate(matching, args.limit ?? DEFAULT_PAGE_SIZE, args.cursor, filter);
    return {
      action_instance_id: args.action_instance_id,
      references: page.items,
      total: page.total,
      next_cursor: page.nextCursor,
    };
  },
});
