/** The `update_salesforce_record` prompt: the order of work, with this server's real tool names. */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { FloqerClient } from "../../floqer/client.js";
import type { WorkflowSummary } from "../../floqer/workflows.js";
import { redact } from "../../log.js";
import { updateActionsOf } from "../../salesforce/updateAction.js";
import type { SheetGraphs } from "../../services/sheetGraphs.js";
import type { AnyToolDefinition } from "../../tools/tool.js";
import { NEIGHBOURS } from "./instructions.js";
import { ACTION_REFERENCE_URI } from "./reference.js";

const UPDATE_PROMPT_NAME = "update_salesforce_record";

export interface UpdatePromptArguments {
  workflow: string;
  action_instance_id?: string | undefined;
  what_to_update: string;
}

/** The order of work, step by step: each offered tool's own step, in the catalog's order. */
function updatePromptText(args: UpdatePromptArguments, offered: readonly AnyToolDefinition[]): string {
  const where = args.action_instance_id
    ? `the action ${args.action_instance_id} in the workflow "${args.workflow}"`
    : `the workflow "${args.workflow}"`;
  const context = {
    actionInstanceId: args.action_instance_id,
    offered: new Set(offered.map((tool) => tool.name)),
  };
  const steps = offered.map((tool) => tool.guide.promptStep(context));
  if (!offered.some((tool) => !tool.annotations.readOnlyHint)) {
    steps.push(
      "This server is read-only: tell me the exact configuration to enter in the Floqer app, field by field.",
    );
  }
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
          .flatMap(({ chain }) => (chain?.available ? updateActionsOf(chain.graph) : []))
          .filter((id) => id.startsWith(value))
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
  offered: readonly AnyToolDefinition[],
  upstream: { client: FloqerClient; graphs: SheetGraphs },
): void {
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
      messages: [{ role: "user", content: { type: "text", text: updatePromptText(args, offered) } }],
    }),
  );
}
