/**
 * An emulator of the Floqer public API (docs/FLOQER_API.md) on a loopback port: the sandbox that
 * `--sandbox`, the demo and the tests run against. This is its server: auth, rate limit, body
 * reading, injected faults and the record of requests; the routes are in routes.ts, the demo data
 * in demoWorkflows.ts and demoOrg.ts.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Listening, listen } from "../listening.js";
import { DEMO_OBJECTS, type DemoObject, type DemoRecord, demoRecords } from "./demoOrg.js";
import { type ActionInstance, type DemoWorkflow, demoWorkflows } from "./demoWorkflows.js";
import { type Fault, FaultQueue } from "./faults.js";
import { RateWindow } from "./rateWindow.js";
import {
  API_PREFIX,
  type ConnectionState,
  errorName,
  FloqerRoutes,
  HttpError,
  RouteNotFound,
  Warned,
} from "./routes.js";

export type { ActionInstance, DemoSheet, DemoWorkflow, InputColumn } from "./demoWorkflows.js";
export type { Fault } from "./faults.js";
export type { ConnectionState } from "./routes.js";

const RATE_LIMIT_PER_MINUTE = 200;
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** When it arrived (ms since the epoch). */
  at: number;
  body?: unknown;
  /** The client went away before the answer was sent (a cancelled or timed-out request). */
  abandoned?: boolean;
  /** Carried out before an injected fault replaced its answer (see Fault.afterApplying). */
  applied?: boolean;
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
  /** How long each action of a run takes before its cell is final (milliseconds). */
  rowStepMs?: number;
}

export class FloqerEmulator {
  readonly apiKey: string;
  readonly objects: DemoObject[];
  readonly workflows: DemoWorkflow[];
  connection: ConnectionState;
  readonly rateLimitPerMinute: number;
  latencyMs: number;
  actionGraphRoute: boolean;
  /** The demo org's records, which runs look up and update. */
  readonly records: Record<string, DemoRecord[]> = demoRecords();
  rowStepMs: number;
  readonly #faults = new FaultQueue();
  /** Faults to inject: push one and the next matching requests get it. */
  readonly faults: Fault[] = this.#faults.pending;
  readonly #routes: FloqerRoutes = new FloqerRoutes(this);
  readonly requests: RecordedRequest[] = [];
  #listening: Listening | undefined;
  readonly #window: RateWindow;
  #baseUrl = "";

  constructor(options: EmulatorOptions = {}) {
    this.apiKey = options.apiKey ?? `floq_sandbox_${randomBytes(12).toString("hex")}`;
    this.objects = options.objects ?? DEMO_OBJECTS;
    this.workflows = options.workflows ?? demoWorkflows();
    this.connection = options.connection ?? "connected";
    this.rateLimitPerMinute = options.rateLimitPerMinute ?? RATE_LIMIT_PER_MINUTE;
    this.#window = new RateWindow(this.rateLimitPerMinute);
    this.latencyMs = options.latencyMs ?? 0;
    this.actionGraphRoute = options.actionGraphRoute ?? true;
    this.rowStepMs = options.rowStepMs ?? 300;
  }

  /** Base URL to give the client, e.g. http://127.0.0.1:41234/api/v1. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  async start(port = 0): Promise<string> {
    this.#listening = await listen(
      (request, response) => {
        this.#handle(request, response).catch((error: unknown) => {
          if (!response.headersSent)
            this.#send(response, 500, {
              status: 500,
              error: "Internal Server Error",
              message: String(error),
            });
        });
      },
      { port },
    );
    this.#baseUrl = `http://127.0.0.1:${this.#listening.port}${API_PREFIX}`;
    return this.#baseUrl;
  }

  async stop(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    await listening?.close();
  }

  /** The Configure Action requests that were carried out: what reached "Floqer", answered or not. */
  get writes(): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.method === "PATCH" && (request.status === 200 || request.applied === true),
    );
  }

  /** The Add Action requests that were carried out, answered or not. */
  get adds(): RecordedRequest[] {
    return this.requests.filter(
      (request) =>
        request.method === "POST" &&
        /\/sheets\/[^/]+\/actions$/.test(request.path) &&
        (request.status === 200 || request.applied === true),
    );
  }

  /** Every request that could change something: configure, add, or any other non-read method. */
  get changeAttempts(): RecordedRequest[] {
    return this.requests.filter(
      // Option lists and List Rows are POSTs that read.
      (request) => request.method !== "GET" && !/\/options\/[^/]+$|\/rows\/list$/.test(request.path),
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
    const fault = this.#faults.take(method, path);
    if (fault && !fault.afterApplying) {
      if (await this.#answerWithFault(fault, request, response, record)) return;
    }

    let status = 200;
    let envelope: unknown;
    try {
      this.#checkAuth(request);
      this.#window.count();
      const body = await this.#readBody(request);
      record.body = body;
      const answer = this.#routes.route(method, path, body);
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
    if (fault?.afterApplying) {
      // What was done stays recorded as done; the answer is the fault's.
      record.applied = status >= 200 && status < 300;
      if (await this.#answerWithFault(fault, request, response, record)) return;
    }
    this.#send(response, status, envelope);
  }

  /** Answers as the fault says; false when the fault only delays. */
  async #answerWithFault(
    fault: Fault,
    request: IncomingMessage,
    response: ServerResponse,
    record: RecordedRequest,
  ): Promise<boolean> {
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.hang) return true;
    if (fault.reset) {
      request.socket.destroy();
      record.status = -1;
      return true;
    }
    if (fault.status === undefined) return false;
    record.status = fault.status;
    const body =
      fault.body ??
      JSON.stringify({ status: fault.status, error: errorName(fault.status), message: "Injected fault" });
    response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
    response.end(body);
    return true;
  }

  #send(response: ServerResponse, status: number, body: unknown): void {
    const headers: Record<string, string> = { "content-type": "application/json", ...this.#window.headers() };
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
}
