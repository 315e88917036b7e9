/**
 * An emulator of the Floqer public API (docs/FLOQER_API.md) on a loopback port: the sandbox that
 * `--sandbox`, the demo and the tests run against. It checks auth and request shapes as the real
 * API does, keeps the configured actions, and takes injected faults for tests.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { DEMO_OBJECTS, type DemoObject } from "./demoOrg.js";

const API_PREFIX = "/api/v1";
const RATE_LIMIT_PER_MINUTE = 200;
const MAX_REQUEST_BYTES = 1024 * 1024;

export type ConnectionState = "connected" | "not_connected" | "other_member" | "session_expired";

export interface ActionInstance {
  action_instance_id: string;
  action_id: string;
  display_name: string;
  inputs: Record<string, unknown>;
}

export interface InputColumn {
  name: string;
  type: string;
}

export interface DemoSheet {
  sheet_id: string;
  name: string;
  /** The sheet's input columns, referenced as {{input.<name>}}. */
  inputs: InputColumn[];
  actions: ActionInstance[];
}

export interface DemoWorkflow {
  workflow_id: string;
  name: string;
  created_at: string;
  last_run_at: string | null;
  sheets: DemoSheet[];
}

/** A fault to inject: the next `times` requests that match get it instead of a normal answer. */
export interface Fault {
  method?: string;
  /** Substring of the path after /api/v1, e.g. "/options/salesforce_object". */
  path?: string;
  times?: number;
  /** Wait this long before answering (or, with hang, forever). */
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  /** Raw body text; by default a Floqer error envelope for `status`. */
  body?: string;
  /** Close the connection without answering. */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** When it arrived (ms since the epoch). */
  at: number;
  body?: unknown;
  /** The client went away before the answer was sent (a cancelled or timed-out request). */
  abandoned?: boolean;
}

export interface EmulatorOptions {
  apiKey?: string;
  objects?: DemoObject[];
  workflows?: DemoWorkflow[];
  connection?: ConnectionState;
  /** Requests a key may make per minute (Floqer's documented 200 by default). */
  rateLimitPerMinute?: number;
  /** Added to every answer, to stand in for a real API's network round trip. */
  latencyMs?: number;
  /** false: answer the action-graph route as an unknown route, as a Floqer without it would. */
  actionGraphRoute?: boolean;
}

const DISPLAY_NAMES: Record<string, string> = {
  salesforce_update_record: "Salesforce: Update a Record",
  salesforce_lookup_record: "Salesforce: Lookup a Record",
  salesforce_upsert_record: "Salesforce: Upsert a Record",
  salesforce_create_record: "Salesforce: Create a Record",
  workflow_if_else: "If / Else",
  find_work_email: "Find Work Email",
};

interface OutputSpec {
  name: string;
  type: string;
  columns?: InputColumn[];
}

/** What each demo action produces; a lookup's records_found is a list whose columns are the fields queried. */
const ACTION_OUTPUTS: Record<string, OutputSpec[]> = {
  salesforce_update_record: [
    { name: "record_id", type: "string" },
    { name: "account_url", type: "url" },
  ],
  salesforce_create_record: [
    { name: "record_id", type: "string" },
    { name: "account_url", type: "url" },
  ],
  salesforce_upsert_record: [
    { name: "record_id", type: "string" },
    { name: "account_url", type: "url" },
  ],
  salesforce_lookup_record: [
    {
      name: "records_found",
      type: "structured_array",
      columns: [
        { name: "Id", type: "string" },
        { name: "Name", type: "string" },
        { name: "Email", type: "string" },
        { name: "OwnerId", type: "string" },
      ],
    },
  ],
  find_work_email: [
    { name: "email", type: "string" },
    { name: "email_status", type: "string" },
  ],
  workflow_if_else: [],
};

function instance(actionId: string, n: number, inputs: Record<string, unknown> = {}): ActionInstance {
  return {
    action_instance_id: `${actionId}_${n}`,
    action_id: actionId,
    display_name: DISPLAY_NAMES[actionId] ?? actionId,
    inputs,
  };
}

function columns(...names: string[]): InputColumn[] {
  return names.map((name) => ({ name, type: "string" }));
}

/**
 * The demo workflows: one whose chain already holds a lookup and an update, one with a child
 * sheet, and one with no update action yet (to add one).
 */
export function demoWorkflows(): DemoWorkflow[] {
  return [
    {
      workflow_id: "wf_demo_enrich_contacts",
      name: "Enrich contacts and update Salesforce",
      created_at: "2026-09-14T09:12:00Z",
      last_run_at: "2026-11-24T17:40:00Z",
      sheets: [
        {
          sheet_id: "wf_demo_enrich_contacts",
          name: "Contacts",
          inputs: columns("email", "first_name", "last_name", "job_title", "company_domain"),
          actions: [
            instance("salesforce_lookup_record", 1, { salesforce_object: "Contact" }),
            instance("workflow_if_else", 1),
            instance("salesforce_update_record", 1),
          ],
        },
      ],
    },
    {
      workflow_id: "wf_demo_account_scoring",
      name: "Account scoring",
      created_at: "2026-10-02T13:30:00Z",
      last_run_at: null,
      sheets: [
        {
          sheet_id: "wf_demo_account_scoring",
          name: "Accounts",
          inputs: columns("company_name", "domain", "score"),
          actions: [instance("salesforce_update_record", 1)],
        },
        {
          sheet_id: "sh_demo_enterprise",
          name: "Enterprise accounts",
          inputs: columns("company_name", "domain", "employee_count"),
          actions: [instance("salesforce_update_record", 2)],
        },
      ],
    },
    {
      workflow_id: "wf_demo_lead_routing",
      name: "Inbound lead routing",
      created_at: "2026-11-03T08:05:00Z",
      last_run_at: "2026-11-25T07:00:00Z",
      sheets: [
        {
          sheet_id: "wf_demo_lead_routing",
          name: "Inbound leads",
          inputs: columns("email", "full_name", "company", "country"),
          actions: [
            instance("find_work_email", 1),
            instance("salesforce_lookup_record", 1, { salesforce_object: "Lead" }),
          ],
        },
      ],
    },
  ];
}

function errorName(status: number): string {
  const names: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    424: "Failed Dependency",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
  };
  return names[status] ?? "Error";
}

function summarize(workflow: DemoWorkflow) {
  return {
    workflow_id: workflow.workflow_id,
    name: workflow.name,
    created_at: workflow.created_at,
    last_run_at: workflow.last_run_at,
  };
}

function overview(workflow: DemoWorkflow) {
  return {
    ...summarize(workflow),
    sheets: workflow.sheets.map((sheet, index) => ({
      sheet_id: sheet.sheet_id,
      name: sheet.name,
      is_main_sheet: index === 0,
      auto_run: false,
      cache_enabled: false,
      cache_since: null,
      webhook_url: null,
    })),
  };
}

function describeOutputs(source: string, specs: readonly OutputSpec[]) {
  return specs.map((spec) => ({
    name: spec.name,
    type: spec.type,
    reference: `{{${source}.${spec.name}}}`,
    ...(spec.columns && {
      columns: spec.columns.map((column) => ({
        name: column.name,
        type: column.type,
        structured_array_reference: `{{${source}.${spec.name}.${column.name}}}`,
      })),
    }),
  }));
}

/** An action instance as Add Action describes it (schema ActionInstance). */
function describeAction(action: ActionInstance) {
  return {
    action_instance_id: action.action_instance_id,
    action_id: action.action_id,
    display_name: action.display_name,
    inputs: Object.keys(action.action_id === "salesforce_update_record" ? UPDATE_INPUT_TYPES : {}).map(
      (name) => ({
        name,
        type: UPDATE_INPUT_TYPES[name],
        required: UPDATE_REQUIRED.has(name),
        description: name,
      }),
    ),
    outputs: describeOutputs(action.action_instance_id, ACTION_OUTPUTS[action.action_id] ?? []),
  };
}

/** A sheet's action graph (schema ActionGraphNode): the input node, then the chain in order. */
function actionGraph(sheet: DemoSheet) {
  const inputNode = {
    action_instance_id: "input",
    action_id: "input",
    display_name: "Input",
    outputs: sheet.inputs.map((column) => ({
      name: column.name,
      type: column.type,
      reference: `{{input.${column.name}}}`,
    })),
    next: sheet.actions.slice(0, 1).map((action) => action.action_instance_id),
  };
  return [
    inputNode,
    ...sheet.actions.map((action, index) => {
      const outputs = ACTION_OUTPUTS[action.action_id] ?? [];
      return {
        action_instance_id: action.action_instance_id,
        action_id: action.action_id,
        display_name: action.display_name,
        inputs: structuredClone(action.inputs),
        ...(outputs.length > 0 && { outputs: describeOutputs(action.action_instance_id, outputs) }),
        next: sheet.actions.slice(index + 1, index + 2).map((next) => next.action_instance_id),
      };
    }),
  ];
}

/** The reference tokens an action at `index` of the sheet can read. */
function visibleTokens(sheet: DemoSheet, index: number): Set<string> {
  const tokens = new Set(sheet.inputs.map((column) => `{{input.${column.name}}}`));
  for (const action of sheet.actions.slice(0, index)) {
    for (const output of describeOutputs(action.action_instance_id, ACTION_OUTPUTS[action.action_id] ?? [])) {
      tokens.add(output.reference);
      for (const column of output.columns ?? []) tokens.add(column.structured_array_reference);
    }
  }
  return tokens;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const UPDATE_INPUT_TYPES: Record<string, string> = {
  record_id: "string",
  salesforce_object: "dropdown",
  add_fields_and_their_values: "jsonArray",
  ignore_empty_values: "boolean",
  run_salesforce_assignment_rules: "boolean",
};
const UPDATE_REQUIRED = new Set(["record_id", "salesforce_object", "add_fields_and_their_values"]);

interface Warning {
  field: string;
  code: "unknown_field" | "unresolved_reference";
  message: string;
}

/** A 200 whose envelope carries warnings beside the data (schema ConfigureActionWarning). */
class Warned {
  constructor(
    readonly data: unknown,
    readonly warnings: Warning[],
  ) {}
}

/** Fastify's own answer for a method or path it has no route for: not the API's envelope. */
class RouteNotFound extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(`Route ${method}:${path} not found`);
  }
}

export class FloqerEmulator {
  readonly apiKey: string;
  readonly objects: DemoObject[];
  readonly workflows: DemoWorkflow[];
  connection: ConnectionState;
  readonly rateLimitPerMinute: number;
  latencyMs: number;
  actionGraphRoute: boolean;
  readonly faults: Fault[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #window = { startedAt: Date.now(), count: 0 };
  #baseUrl = "";

  constructor(options: EmulatorOptions = {}) {
    this.apiKey = options.apiKey ?? `floq_sandbox_${randomBytes(12).toString("hex")}`;
    this.objects = options.objects ?? DEMO_OBJECTS;
    this.workflows = options.workflows ?? demoWorkflows();
    this.connection = options.connection ?? "connected";
    this.rateLimitPerMinute = options.rateLimitPerMinute ?? RATE_LIMIT_PER_MINUTE;
    this.latencyMs = options.latencyMs ?? 0;
    this.actionGraphRoute = options.actionGraphRoute ?? true;
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent)
          this.#send(response, 500, { status: 500, error: "Internal Server Error", message: String(error) });
      });
    });
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
  }

  /** Base URL to give the client, e.g. http://127.0.0.1:41234/api/v1. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = this.#server.address() as AddressInfo;
    this.#baseUrl = `http://127.0.0.1:${address.port}${API_PREFIX}`;
    return this.#baseUrl;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The Configure Action requests that were accepted: what reached "Floqer". */
  get writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === "PATCH" && request.status === 200);
  }

  /** Every request that could change something: configure, add, or any other non-read method. */
  get changeAttempts(): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.method !== "GET" && !/\/options\/[^/]+$/.test(request.path),
    );
  }

  countRequests(method: string, pathPart = ""): number {
    return this.requests.filter((request) => request.method === method && request.path.includes(pathPart))
      .length;
  }

  findAction(workflowId: string, sheetId: string, actionInstanceId: string): ActionInstance | undefined {
    return this.workflows
      .find((workflow) => workflow.workflow_id === workflowId)
      ?.sheets.find((sheet) => sheet.sheet_id === sheetId)
      ?.actions.find((action) => action.action_instance_id === actionInstanceId);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const method = request.method ?? "GET";
    const record: RecordedRequest = { method, path, status: 0, at: Date.now() };
    this.requests.push(record);
    response.once("close", () => {
      if (!response.writableFinished) record.abandoned = true;
    });

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.#takeFault(method, path);
    if (fault) {
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.hang) return;
      if (fault.reset) {
        request.socket.destroy();
        record.status = -1;
        return;
      }
      if (fault.status !== undefined) {
        record.status = fault.status;
        const body =
          fault.body ??
          JSON.stringify({ status: fault.status, error: errorName(fault.status), message: "Injected fault" });
        response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        response.end(body);
        return;
      }
    }

    let status = 200;
    let envelope: unknown;
    try {
      this.#checkAuth(request);
      this.#checkRateLimit();
      const body = await this.#readBody(request);
      record.body = body;
      const answer = this.#route(method, path, body);
      envelope =
        answer instanceof Warned
          ? { status: 200, data: answer.data, warnings: answer.warnings }
          : { status: 200, data: answer };
    } catch (error) {
      if (error instanceof RouteNotFound) {
        status = 404;
        envelope = { message: error.message, error: "Not Found", statusCode: 404 };
      } else if (error instanceof HttpError) {
        status = error.status;
        envelope = { status, error: errorName(status), message: error.message, ...error.extra };
      } else throw error;
    }
    record.status = status;
    this.#send(response, status, envelope);
  }

  #takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) => (!fault.method || fault.method === method) && (!fault.path || path.includes(fault.path)),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index] as Fault;
    const times = (fault.times ?? 1) - 1;
    if (times <= 0) this.faults.splice(index, 1);
    else fault.times = times;
    return fault;
  }

  #send(response: ServerResponse, status: number, body: unknown): void {
    const resetAt = Math.ceil((this.#window.startedAt + 60_000) / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-ratelimit-limit": String(this.rateLimitPerMinute),
      "x-ratelimit-remaining": String(Math.max(0, this.rateLimitPerMinute - this.#window.count)),
      "x-ratelimit-reset": String(resetAt),
    };
    if (status === 429) headers["retry-after"] = String((body as { retryAfter?: number }).retryAfter ?? 60);
    response.writeHead(status, headers);
    response.end(JSON.stringify(body));
  }

  #checkAuth(request: IncomingMessage): void {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) throw new HttpError(401, "Missing API key. Send Authorization: Bearer <key>.");
    if (match[1] !== this.apiKey) throw new HttpError(401, "Invalid API key.");
  }

  #checkRateLimit(): void {
    const now = Date.now();
    if (now - this.#window.startedAt >= 60_000) this.#window = { startedAt: now, count: 0 };
    this.#window.count++;
    if (this.#window.count > this.rateLimitPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((this.#window.startedAt + 60_000 - now) / 1000));
      throw new HttpError(429, `Rate limit exceeded. Try again in ${retryAfter} seconds.`, { retryAfter });
    }
  }

  async #readBody(request: IncomingMessage): Promise<unknown> {
    if (request.method === "GET") return undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) throw new HttpError(413, "Request body too large.");
      chunks.push(chunk as Buffer);
    }
    if (!(request.headers["content-type"] ?? "").includes("application/json")) {
      throw new HttpError(415, "Send a JSON body with Content-Type: application/json.");
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      throw new HttpError(400, "Request body is not valid JSON.");
    }
  }

  #route(method: string, path: string, body: unknown): unknown {
    const parts = path.split("/").filter(Boolean);
    if (parts[0] === "user" && parts.length === 1 && method === "GET") {
      return { email: "sandbox@example.com", first_name: "Sandbox", last_name: "User", role: "admin" };
    }
    if (parts[0] === "workflows") {
      if (parts.length === 1 && method === "GET") return this.workflows.map(summarize);
      const workflow = this.#workflow(parts[1] ?? "");
      if (parts.length === 2 && method === "GET") return overview(workflow);
      if (parts[2] === "sheets" && parts.length === 5 && parts[4] === "actions") {
        const sheet = this.#sheet(workflow, parts[3] ?? "");
        if (method === "POST") return this.#addAction(sheet, body);
        if (method === "GET" && this.actionGraphRoute) return actionGraph(sheet);
      }
      if (parts[2] === "sheets" && parts[4] === "actions" && parts[5]) {
        if (parts.length === 8 && parts[6] === "options" && method === "POST") {
          const action = this.#action(workflow.workflow_id, parts[3] ?? "", parts[5]);
          return this.#options(action, parts[7] ?? "", body);
        }
        if (parts.length === 6 && method === "PATCH") {
          const sheet = this.#sheet(workflow, parts[3] ?? "");
          return this.#configure(sheet, this.#action(workflow.workflow_id, sheet.sheet_id, parts[5]), body);
        }
      }
    }
    throw new RouteNotFound(method, `${API_PREFIX}${path}`);
  }

  #workflow(workflowId: string): DemoWorkflow {
    const workflow = this.workflows.find((candidate) => candidate.workflow_id === workflowId);
    if (!workflow) throw new HttpError(404, `Workflow ${workflowId} not found.`);
    return workflow;
  }

  #sheet(workflow: DemoWorkflow, sheetId: string): DemoSheet {
    const sheet = workflow.sheets.find((candidate) => candidate.sheet_id === sheetId);
    if (!sheet) throw new HttpError(404, `Sheet ${sheetId} not found in workflow ${workflow.workflow_id}.`);
    return sheet;
  }

  #addAction(sheet: DemoSheet, body: unknown): unknown {
    const request = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const { action_id: actionId, after, name } = request;
    if (typeof actionId !== "string" || !DISPLAY_NAMES[actionId]) {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "action_id", message: "Unknown action." }],
      });
    }
    if (name !== undefined && typeof name !== "string") {
      throw new HttpError(400, "Validation failed.", {
        errors: [{ field: "name", message: "Must be a string." }],
      });
    }
    let position = sheet.actions.length;
    if (after !== undefined) {
      const index = sheet.actions.findIndex((action) => action.action_instance_id === after);
      if (index < 0) {
        throw new HttpError(400, "Validation failed.", {
          errors: [{ field: "after", message: `No action ${String(after)} in this sheet.` }],
        });
      }
      position = index + 1;
    }
    // Instance ids are unique within a sheet, so numbering is per sheet.
    const taken = sheet.actions
      .filter((action) => action.action_id === actionId)
      .map((action) => Number(action.action_instance_id.slice(actionId.length + 1)));
    const added = instance(actionId, Math.max(0, ...taken) + 1);
    if (typeof name === "string") added.display_name = name;
    sheet.actions.splice(position, 0, added);
    return describeAction(added);
  }

  #action(workflowId: string, sheetId: string, actionInstanceId: string): ActionInstance {
    const sheet = this.#sheet(this.#workflow(workflowId), sheetId);
    const action = sheet.actions.find((candidate) => candidate.action_instance_id === actionInstanceId);
    if (!action) throw new HttpError(404, `Action ${actionInstanceId} not found in sheet ${sheetId}.`);
    return action;
  }

  #checkConnection(): void {
    switch (this.connection) {
      case "not_connected":
        throw new HttpError(
          403,
          "Salesforce is not connected. Connect it in Floqer: Connections > Salesforce.",
        );
      case "other_member":
        throw new HttpError(424, "The Salesforce connection belongs to another team member.");
      case "session_expired":
        throw new HttpError(502, "Salesforce session could not be refreshed (INVALID_SESSION_ID).");
      default:
    }
  }

  #object(name: unknown): DemoObject {
    const object = this.objects.find((candidate) => candidate.name === name);
    if (!object)
      throw new HttpError(400, "Invalid salesforce_object.", {
        errors: [{ field: "salesforce_object", message: `Unknown object ${String(name)}` }],
      });
    return object;
  }

  #options(action: ActionInstance, field: string, body: unknown): unknown {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'Body must be a JSON object: {} or {"context": {...}}.');
    }
    if (action.action_id !== "salesforce_update_record") {
      throw new HttpError(400, `Field ${field} has no options for action ${action.action_id}.`);
    }
    this.#checkConnection();
    if (field === "salesforce_object") {
      return this.objects.map((object) => ({ value: object.name, label: object.label }));
    }
    if (field === "add_fields_and_their_values") {
      const context = (body as { context?: { salesforce_object?: unknown } }).context;
      if (!context?.salesforce_object) {
        throw new HttpError(
          400,
          'This field depends on salesforce_object: send {"context": {"salesforce_object": ...}}.',
        );
      }
      return this.#object(context.salesforce_object).fields.map((entry) => ({
        value: entry.name,
        label: entry.label,
        extras: { type: entry.type, updateable: entry.updateable, custom: entry.name.endsWith("__c") },
      }));
    }
    throw new HttpError(400, `Field ${field} has no dynamic options.`);
  }

  /**
   * Configure Action: sets only the inputs sent. Like Floqer, it keeps an unknown input out and a
   * token that matches nothing on the sheet in, and says so in `warnings` beside a 200.
   */
  #configure(sheet: DemoSheet, action: ActionInstance, body: unknown): Warned {
    const sent = (body as { inputs?: unknown } | null)?.inputs;
    if (typeof sent !== "object" || sent === null || Array.isArray(sent)) {
      throw new HttpError(400, 'Body must be {"inputs": {...}}.');
    }
    if (action.action_id !== "salesforce_update_record") {
      throw new HttpError(
        400,
        `This emulator configures only salesforce_update_record, not ${action.action_id}.`,
      );
    }
    const warnings: Warning[] = [];
    const inputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(sent)) {
      if (Object.hasOwn(UPDATE_INPUT_TYPES, name)) inputs[name] = value;
      else
        warnings.push({
          field: name,
          code: "unknown_field",
          message: `Input '${name}' is not a field of this action; ignored.`,
        });
    }
    const errors = this.#inputErrors({ ...action.inputs, ...inputs });
    if (errors.length > 0) throw new HttpError(400, "Validation failed.", { errors });
    this.#checkConnection();
    if (Array.isArray(inputs.add_fields_and_their_values)) {
      // Without a label Floqer stores the name as the label.
      inputs.add_fields_and_their_values = inputs.add_fields_and_their_values.map(
        (pair: Record<string, unknown>) => ({
          ...pair,
          label: typeof pair.label === "string" ? pair.label : pair.name,
        }),
      );
    }
    const visible = visibleTokens(sheet, sheet.actions.indexOf(action));
    for (const [name, value] of Object.entries(inputs)) {
      for (const token of JSON.stringify(value).match(/\{\{[^{}]*\}\}/g) ?? []) {
        if (!visible.has(token)) {
          warnings.push({
            field: name,
            code: "unresolved_reference",
            message: `${token} matches nothing on this sheet before this action.`,
          });
        }
      }
    }
    Object.assign(action.inputs, inputs);
    return new Warned(describeAction(action), warnings);
  }

  #inputErrors(inputs: Record<string, unknown>): { field: string; message: string }[] {
    const errors: { field: string; message: string }[] = [];
    if (typeof inputs.record_id !== "string" || inputs.record_id === "") {
      errors.push({ field: "record_id", message: "Required string." });
    }
    const object = this.objects.find((candidate) => candidate.name === inputs.salesforce_object);
    if (!object)
      errors.push({ field: "salesforce_object", message: "Must be one of the salesforce_object options." });
    const pairs = inputs.add_fields_and_their_values;
    if (!Array.isArray(pairs) || pairs.length === 0) {
      errors.push({
        field: "add_fields_and_their_values",
        message: "Required non-empty array of {name, value}.",
      });
    } else if (object) {
      for (const [index, pair] of pairs.entries()) {
        const field = object.fields.find((candidate) => candidate.name === pair?.name);
        const where = `add_fields_and_their_values[${index}]`;
        if (typeof pair?.value !== "string")
          errors.push({ field: where, message: "value must be a string." });
        if (!field)
          errors.push({ field: where, message: `Unknown field ${String(pair?.name)} on ${object.name}.` });
        else if (!field.updateable)
          errors.push({ field: where, message: `Field ${field.name} is not updateable.` });
      }
    }
    for (const flag of ["ignore_empty_values", "run_salesforce_assignment_rules"]) {
      if (flag in inputs && typeof inputs[flag] !== "boolean")
        errors.push({ field: flag, message: "Must be a boolean." });
    }
    return errors;
  }
}
