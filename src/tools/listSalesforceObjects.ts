import { z } from "zod";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../limits.js";
import { matchesQuery } from "../names.js";
import { TOOL } from "../toolNames.js";
import { paginate } from "./paging.js";
import { listingShape, locationShape, nextCursor } from "./schemas.js";
import { defineTool } from "./tool.js";

export const listSalesforceObjects = defineTool({
  name: TOOL.listObjects,
  title: "List Salesforce objects",
  description: `Lists the connected org's Salesforce objects (Account, custom __c): the salesforce_object values for the other tools.`,
  inputSchema: { ...locationShape, ...listingShape },
  outputSchema: {
    objects: z.array(z.object({ name: z.string(), label: z.string() })),
    total: z.number(),
    next_cursor: nextCursor,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: () => `Call ${TOOL.listObjects} to find the object.`,
    step: `${TOOL.listObjects}`,
    manual: `\`query\` matches the API name or the label, case-insensitively; \`limit\` defaults to ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.`,
  },
  async run(args, context, call) {
    const objects = await context.catalog.objects(args, { ...call.upstream, refresh: args.refresh });
    const query = args.query?.trim();
    const matching = objects.filter((object) => matchesQuery(object, query));
    const page = paginate(matching, args.limit ?? DEFAULT_PAGE_SIZE, args.cursor, `objects|${query ?? ""}`);
    return { objects: page.items, total: page.total, next_cursor: page.nextCursor };
  },
});
