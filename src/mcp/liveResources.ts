/**
 * Live state a user can attach to a conversation, as resource templates with completion: an
 * update action as configured now (inputs, run condition, outputs), and the writable fields of an
 * object as Floqer lists them for that action. Read-only, from the same cached reads as the tools,
 * redacted, within the answer ceiling.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { FloqerClient } from "../floqer/client.js";
import { PATH_ID } from "../floqer/endpoints.js";
import { cleanUpstreamValue } from "../floqer/envelope.js";
import { redact } from "../log.js";
import { writableFields } from "../salesforce/fields.js";
import { UPDATE_ACTION_ID, updateActionsOf } from "../salesforce/updateAction.js";
import type { SalesforceCatalog } from "../services/salesforceCatalog.js";
import type { SheetGraphs } from "../services/sheetGraphs.js";
import { shownRunSettings } from "../sheet/runCondition.js";
import { fitText } from "../tools/answerSize.js";

export const ACTION_TEMPLATE =
  "floqer://workflows/{workflow_id}/sheets/{sheet_id}/actions/{action_instance_id}";
export const FIELDS_TEMPLATE = `${ACTION_TEMPLATE}/objects/{salesforce_object}/fields`;

/** Most suggestions a completion answers with. */
const MAX_SUGGESTIONS = 20;

interface Upstream {
  client: FloqerClient;
  graphs: SheetGraphs;
  catalog: SalesforceCatalog;
}

type Variables = Record<string, string | string[]>;

/** One variable of a URI, as a path id; anything else is refused by name. */
function idOf(variables: Variables, name: string): string {
  const value = variables[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string" || !PATH_ID.test(decodeURIComponent(text))) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `${name} in the resource URI is not an id (letters, digits, '_' or '-').`,
    );
  }
  return decodeURIComponent(text);
}

/** A completion is a convenience: when Floqer cannot be asked, it offers nothing rather than fail. */
function suggest(read: () => Promise<string[]>) {
  return async (value: string): Promise<string[]> => {
    try {
      return (await read())
        .filter((id) => id.startsWith(value))
        .slice(0, MAX_SUGGESTIONS)
        .map((id) => redact(id));
    } catch {
      return [];
    }
  };
}

function json(uri: URL, value: unknown) {
  return {
    contents: [
      { uri: uri.href, mimeType: "application/json", text: fitText(redact(JSON.stringify(value, null, 2))) },
    ],
  };
}

export function registerLiveResources(server: McpServer, upstream: Upstream): void {
  const { client, graphs, catalog } = upstream;
  const sheetOf = (args: Record<string, string> | undefined) => ({
    workflow_id: args?.workflow_id ?? "",
    sheet_id: args?.sheet_id ?? args?.workflow_id ?? "",
  });
  const complete = {
    workflow_id: (value: string) =>
      suggest(async () => (await client.listWorkflows()).map((workflow) => workflow.workflow_id))(value),
    sheet_id: (value: string, context?: { arguments?: Record<string, string> }) =>
      suggest(async () =>
        (await client.getWorkflow(sheetOf(context?.arguments).workflow_id)).sheets.map(
          (sheet) => sheet.sheet_id,
        ),
      )(value),
    action_instance_id: (value: string, context?: { arguments?: Record<string, string> }) =>
      suggest(async () => {
        const read = await graphs.get(sheetOf(context?.arguments));
        return read.available ? updateActionsOf(read.graph) : [];
      })(value),
  };

  /** The update action named by the URI, as its sheet's graph holds it now. */
  const actionAt = async (variables: Variables) => {
    const location = {
      workflow_id: idOf(variables, "workflow_id"),
      sheet_id: idOf(variables, "sheet_id"),
      action_instance_id: idOf(variables, "action_instance_id"),
    };
    const read = await graphs.get(location);
    if (!read.available)
      throw new McpError(
        ErrorCode.InternalError,
        redact(`The sheet's actions cannot be read: ${read.reason}`),
      );
    const action = read.graph.actions.find(
      (candidate) => candidate.action_instance_id === location.action_instance_id,
    );
    if (action?.action_id !== UPDATE_ACTION_ID) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Sheet ${location.sheet_id} has no ${UPDATE_ACTION_ID} action ${location.action_instance_id} (its update actions: ${updateActionsOf(read.graph).join(", ") || "none"}).`,
      );
    }
    return { location, action };
  };

  server.registerResource(
    "salesforce_update_action",
    new ResourceTemplate(ACTION_TEMPLATE, { list: undefined, complete }),
    {
      title: "A Salesforce update action, as configured now",
      description: "Its inputs, run condition and outputs, read from the sheet's action graph. Read-only.",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const { location, action } = await actionAt(variables);
      return json(uri, {
        ...location,
        display_name: action.display_name,
        settings: cleanUpstreamValue({ ...action.inputs, ...shownRunSettings(action.run) }),
        outputs: action.outputs.map((output) => output.reference),
      });
    },
  );

  server.registerResource(
    "salesforce_object_fields",
    new ResourceTemplate(FIELDS_TEMPLATE, {
      list: undefined,
      complete: {
        ...complete,
        salesforce_object: (value: string, context?: { arguments?: Record<string, string> }) =>
          suggest(async () =>
            (
              await catalog.objects({
                ...sheetOf(context?.arguments),
                action_instance_id: context?.arguments?.action_instance_id ?? "",
              })
            ).map((object) => object.name),
          )(value),
      },
    }),
    {
      title: "The writable fields of a Salesforce object",
      description:
        "As Floqer lists them for an update action: name, label, type, picklist values. Read-only.",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const { location } = await actionAt(variables);
      const object = idOf(variables, "salesforce_object");
      const fields = writableFields(await catalog.fields(location, object));
      return json(uri, {
        salesforce_object: object,
        fields: fields.map((field) => ({
          name: field.name,
          label: field.label,
          ...(field.type !== undefined && { type: field.type }),
          ...(field.picklist &&
            field.picklist.active.length > 0 && { picklist_values: field.picklist.active }),
        })),
      });
    },
  );
}
