/** The `update_salesforce_record` prompt: the order of work, with this server's real tool names. */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { FloqerClient } from "../../floqer/client.js";
import type { WorkflowSummary } from "../../floqer/workflows.js";
import { redact } from "../../log.js";
import { UPDATE_ACTION_ID } from "../../salesforce/updateAction.js";
import type { SheetGraphs } from "../../services/sheetGraphs.js";
import { TOOL } from "../../toolNames.js";
import { NEIGHBOURS } from "./instructions.js";
import { ACTION_REFERENCE_URI } from "./reference.js";

const UPDATE_PROMPT_NAME = "update_salesforce_record";

export interface UpdatePromptArguments {
  workflow: string;
  action_instance_id?: string | undefined;
  what_to_update: string;
}

/** The order of work, step by step, with only the tools this server offers. */
function updatePromptText(args: UpdatePromptArguments, offered: ReadonlySet<string>): string {
  const where = args.action_instance_id
    ? `the action ${args.action_instance_id} in the workflow "${args.workflow}"`
    : `the workflow "${args.workflow}"`;
  const canAdd = offered.has(TOOL.addUpdateAction);
  const canConfigure = offered.has(TOOL.configureUpdate);
  const steps = [
    `Call ${TOOL.listWorkflows} with query set to the workflow's name (or use it as workflow_id if it already is one), then ${TOOL.getWorkflow} to see its sheets and actions.`,
    args.action_instance_id
      ? `Check that ${args.action_instance_id} is listed among the sheet's update_actions.`
      : `Pick the sheet's salesforce_update_record_N action from update_actions.${canAdd ? " If there is none, it will be added in step 4." : ""}`,
    `Call ${TOOL.confirmConnection} with the workflow_id and action_instance_id. If it returns needs_user_confirmation, ask me its question word for word and call it again with its question_id and my answer. Stop if the status is declined or not_connected, and tell me what to do.`,
  ];
  if (canAdd) {
    steps.push(
      `Only if the sheet has no update action: ${TOOL.addUpdateAction} with the token, after the salesforce_lookup_record action, dry_run first.`,
    );
  }
  steps.push(
    `Call ${TOOL.listObjects} to find the object, and ${TOOL.listFields} with a query for each field to set (do not page through all fields).`,
    `Call ${TOOL.listReferences} for the update action and take record_id and any column values from the tokens it lists; never make a token up.`,
  );
  steps.push(
    canConfigure
      ? `Call ${TOOL.configureUpdate} with dry_run true, show me its changes and any warnings, and only after I agree call it again with the confirmation_token and without dry_run.`
      : "This server is read-only: tell me the exact configuration to enter in the Floqer app, field by field.",
  );
  return `Set up a Floqer "Salesforce: Update a Record" action in ${where} so that it updates: ${args.what_to_update}.

Work in this order:
${steps.map((step, index) => `${index + 1}. ${step}`).join("\n")}

${NEIGHBOURS} The reference for this action is the resource ${ACTION_REFERENCE_URI}.`;
}

/** Most suggestions a completion answers with: enough to choose from, small in a menu. */
const MAX_SUGGESTIONS = 20;

/**
 * Suggestions for the prompt's arguments, from the key owner's real workflows. A completion is a
 * convenience: when Floqer cannot be asked (no key, an outage), it offers nothing rather than fail.
 */
function completions(client: FloqerClient, graphs: SheetGraphs) {
  const workflowNamed = async (nameOrId: string | undefined): Promise<WorkflowSummary | undefined> => {
    if (!nameOrId) return undefined;
    const wanted = nameOrId.toLowerCase();
    const workflows = await client.listWorkflows();
    return workflows.find(
      (workflow) => workflow.workflow_id === nameOrId || workflow.name.toLowerCase() === wanted,
    );
  };
  return {
    async workflow(value: string): Promise<string[]> {
      try {
        const needle = value.toLowerCase();
        return (await client.listWorkflows())
          .filter(
            (workflow) =>
              workflow.name.toLowerCase().includes(needle) || workflow.workflow_id.includes(value),
          )
          .map((workflow) => workflow.name)
          .slice(0, MAX_SUGGESTIONS)
          .map((suggestion) => redact(suggestion));
      } catch {
        return [];
      }
    },
    async actionInstanceId(
      value: string,
      context?: { arguments?: Record<string, string> },
    ): Promise<string[]> {
      try {
        const workflow = await workflowNamed(context?.arguments?.workflow);
        if (!workflow) return [];
        const { sheets } = await graphs.forWorkflow(workflow.workflow_id);
        return sheets
          .flatMap(({ chain }) => (chain?.available ? chain.graph.actions : []))
          .filter(
            (action) => action.action_id === UPDATE_ACTION_ID && action.action_instance_id.startsWith(value),
          )
          .map((action) => action.action_instance_id)
          .slice(0, MAX_SUGGESTIONS)
          .map((suggestion) => redact(suggestion));
      } catch {
        return [];
      }
    },
  };
}

export function registerUpdatePrompt(
  server: McpServer,
  offered: readonly { name: string }[],
  upstream: { client: FloqerClient; graphs: SheetGraphs },
): void {
  const names = new Set(offered.map((tool) => tool.name));
  const complete = completions(upstream.client, upstream.graphs);
  server.registerPrompt(
    UPDATE_PROMPT_NAME,
    {
      title: "Update a Salesforce record from a Floqer workflow",
      description:
        "Walks you through finding the workflow, confirming the Salesforce connection with the user, and configuring the update action, with this server's tools in order.",
      argsSchema: {
        workflow: completable(
          z.string().min(1).max(200).describe("The workflow's name or workflow_id."),
          complete.workflow,
        ),
        action_instance_id: completable(
          z
            .string()
            .max(128)
            .optional()
            .describe("The update action's id, e.g. salesforce_update_record_1, if known."),
          (value, context) => complete.actionInstanceId(value ?? "", context),
        ),
        what_to_update: z
          .string()
          .min(1)
          .max(2000)
          .describe(
            "What the action should write, e.g. 'the contact's title and phone from the enrichment columns'.",
          ),
      },
    },
    (args) => ({
      messages: [{ role: "user", content: { type: "text", text: updatePromptText(args, names) } }],
    }),
  );
}
