import { z } from "zod";
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import { TOOL } from "../toolNames.js";
import { paginate } from "./paging.js";
import { listingShape, nextCursor } from "./schemas.js";
import { defineTool } from "./tool.js";

const { query, limit, cursor } = listingShape;

export const listWorkflows = defineTool({
  name: TOOL.listWorkflows,
  title: "List Floqer workflows",
  description: `Lists the Floqer workflows the API key's owner can see, with their workflow_id. Start here when the user names a workflow ("my lead routing workflow") instead of giving its id: search with query, then call ${TOOL.getWorkflow} for its sheets and actions.`,
  inputSchema: {
    query: query.describe("Case-insensitive text to find in the workflow's name or id, e.g. 'lead routing'."),
    limit,
    cursor,
  },
  outputSchema: {
    workflows: z.array(
      z.object({
        workflow_id: z.string(),
        name: z.string(),
        last_run_at: z.string().optional().describe("Last run (ISO 8601 UTC); absent if it never ran."),
      }),
    ),
    total: z.number().int().describe("Workflows matching query, across all pages."),
    next_cursor: nextCursor,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  guide: {
    promptStep: () =>
      `Call ${TOOL.listWorkflows} with query set to the workflow's name (or use it as workflow_id if it already is one).`,
    step: `${TOOL.listWorkflows} (find the workflow by name)`,
    manual: `Where to start when the user names a workflow instead of giving its id: \`query\` matches the
name or the id, case-insensitively.`,
  },
  async run(args, context, call) {
    const needle = args.query?.trim().toLowerCase();
    const workflows = (await context.client.listWorkflows(call.upstream)).filter(
      (workflow) =>
        !needle ||
        workflow.name.toLowerCase().includes(needle) ||
        workflow.workflow_id.toLowerCase().includes(needle),
    );
    const page = paginate(
      workflows,
      args.limit ?? DEFAULT_PAGE_SIZE,
      args.cursor,
      `workflows|${needle ?? ""}`,
    );
    return { workflows: page.items, total: page.total, next_cursor: page.nextCursor };
  },
});
