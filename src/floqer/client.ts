/**
 * The Floqer API client: one method per route this server uses, each answer read by its typed
 * reader. It knows nothing of MCP and never formats text for an agent beyond the error messages it
 * raises; sending, retrying and limits are the request engine's (requester.ts).
 */
import type { ActionGraph } from "../sheet/graph.js";
import { readActionGraph } from "./actionGraph.js";
import {
  type ActionLocation,
  actionGraphRoute,
  listRowsRoute,
  optionsRoute,
  pathUnderBase,
  type SheetLocation,
  sheetOf,
  type UpstreamRequest,
  userRoute,
  workflowRoute,
  workflowsRoute,
} from "./endpoints.js";
import type { UpstreamWarning } from "./envelope.js";
import { FloqerError } from "./errors.js";
import { isObject } from "./json.js";
import { type ActionOption, readOptionList } from "./options.js";
import { type Caller, type FloqerClientOptions, RequestEngine } from "./requester.js";
import {
  type AddedRows,
  type RowView,
  readAddedRows,
  readRows,
  readStoredOutputs,
  type StoredOutputs,
} from "./rows.js";
import {
  type ConfiguredAction,
  readAddedActionId,
  readConfiguredAction,
  readUser,
  readWorkflowList,
  readWorkflowOverview,
  type UserSummary,
  type WorkflowOverview,
  type WorkflowSummary,
} from "./workflows.js";

export class FloqerClient {
  readonly #engine: RequestEngine;

  constructor(options: FloqerClientOptions) {
    this.#engine = new RequestEngine(options);
  }

  async listOptions(
    location: ActionLocation,
    field: string,
    context: Record<string, string> | undefined,
    caller: Caller = {},
  ): Promise<ActionOption[]> {
    const { data } = await this.#engine.call(optionsRoute(location, field, context ? { context } : {}), {
      kind: "read",
      subject: describe(location),
      ...caller,
    });
    return readOrThrow(readOptionList(data), `${field} option list`, "an array of {value, label}");
  }

  /**
   * Sends a Configure Action request (PATCH: the same body twice gives the same result). It is
   * sent again only when the first try cannot have been processed (see shouldRetry); any other
   * failure carries outcomeUnknown, for the caller to read back what the action holds.
   */
  async configureAction(
    request: UpstreamRequest,
    location: ActionLocation,
    caller: Caller = {},
  ): Promise<{ action: ConfiguredAction; warnings: UpstreamWarning[] }> {
    const { data, warnings } = await this.#engine.call(request, {
      kind: "idempotent_write",
      subject: describe(location),
      ...caller,
    });
    return { action: readConfiguredAction(data, location.action_instance_id), warnings };
  }

  async getUser(caller: Caller = {}): Promise<UserSummary> {
    const { data } = await this.#engine.call(userRoute(), {
      kind: "read",
      subject: "the key's user",
      ...caller,
    });
    return readOrThrow(readUser(data), "user", "{email, first_name, last_name, role}");
  }

  async listWorkflows(caller: Caller = {}): Promise<WorkflowSummary[]> {
    const { data } = await this.#engine.call(workflowsRoute(), {
      kind: "read",
      subject: "the workflow list",
      ...caller,
    });
    return readOrThrow(readWorkflowList(data), "workflow list", "an array of workflows");
  }

  async getWorkflow(workflowId: string, caller: Caller = {}): Promise<WorkflowOverview> {
    const { data } = await this.#engine.call(workflowRoute(workflowId), {
      kind: "read",
      subject: `workflow_id ${workflowId}`,
      ...caller,
    });
    return readOrThrow(readWorkflowOverview(data, workflowId), "workflow overview", "a workflow with sheets");
  }

  async getActionGraph(location: SheetLocation, caller: Caller = {}): Promise<ActionGraph> {
    const { data } = await this.#engine.call(actionGraphRoute(location), {
      kind: "read",
      subject: `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
    return readOrThrow(readActionGraph(data), "action graph", "a list of action graph nodes");
  }

  /**
   * Adds an action to a sheet's chain. Not idempotent, so it is sent once and never repeated; a
   * 2xx whose new id cannot be read has still added the action, so it carries outcomeUnknown too.
   */
  async addAction(request: UpstreamRequest, location: SheetLocation, caller: Caller = {}): Promise<string> {
    const { data } = await this.#engine.call(request, {
      kind: "write",
      subject: `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
    const id = readAddedActionId(data);
    if (id !== undefined) return id;
    throw new FloqerError(
      "unexpected_response",
      "Floqer's Add Action answer did not have the expected shape (the new action_instance_id).",
      {
        outcomeUnknown: true,
        fault: "Floqer accepted the request but its answer did not name the new action",
      },
    );
  }

  /**
   * Adds rows (Add Rows). Not idempotent, so never sent twice; any failure after it may have
   * been processed carries outcomeUnknown, for the caller to look for the row before it answers.
   */
  async addRows(request: UpstreamRequest, location: SheetLocation, caller: Caller = {}): Promise<AddedRows> {
    const { data } = await this.#engine.call(request, {
      kind: "write",
      subject: `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
    const added = readAddedRows(data);
    if (added) return added;
    throw new FloqerError("unexpected_response", "Floqer's Add Rows answer did not name the rows it added.", {
      outcomeUnknown: true,
      fault: "Floqer accepted the rows but its answer did not name them",
    });
  }

  /** Queues rows through the sheet's whole chain (Run Rows). Not idempotent: sent once. */
  async runRows(request: UpstreamRequest, location: SheetLocation, caller: Caller = {}): Promise<void> {
    await this.#engine.call(request, {
      kind: "write",
      subject: `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
  }

  /** Reads rows (List Rows): a POST, but a read, so it may be sent again. */
  async listRows(location: SheetLocation, body: unknown, caller: Caller = {}): Promise<RowView[]> {
    const { data } = await this.#engine.call(listRowsRoute(location, body), {
      kind: "read",
      subject: `the rows of workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}`,
      ...caller,
    });
    return readOrThrow(readRows(data), "row list", "{rows: [...]}");
  }

  /**
   * A cell's outputs stored apart (`outputs_ref`), fetched with the key only from the API's own
   * address: a reference anywhere else is not followed, so the key never leaves for another host.
   */
  async fetchStoredOutputs(url: string, caller: Caller = {}): Promise<StoredOutputs> {
    const path = pathUnderBase(url, this.#engine.baseUrl);
    if (path === undefined) return { kind: "elsewhere" };
    const { data } = await this.#engine.call(
      { method: "GET", path },
      { kind: "read", subject: "a cell's stored outputs", ...caller },
    );
    return isObject(data) ? { kind: "read", outputs: readStoredOutputs(data) } : { kind: "unreadable" };
  }

  close(): Promise<void> {
    return this.#engine.close();
  }
}

function readOrThrow<T>(value: T | undefined, what: string, expected: string): T {
  if (value !== undefined) return value;
  throw new FloqerError(
    "unexpected_response",
    `Floqer's ${what} did not have the expected shape (${expected}). Try again; if it persists, the Floqer API has changed and this server needs an update.`,
  );
}

function describe(location: ActionLocation): string {
  return `workflow_id ${location.workflow_id}, sheet_id ${sheetOf(location)}, action_instance_id ${location.action_instance_id}`;
}
