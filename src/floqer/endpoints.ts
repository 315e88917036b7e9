/**
 * Every Floqer API route this server calls, in one place. Each says whether Floqer documents it or
 * it is **inferred**; docs/FLOQER_API.md gives the source of each fact.
 */
import { PACKAGE } from "../version.js";

export const DEFAULT_BASE_URL = "https://api.floqer.com/api/v1";

/** Where the project's notes on the Floqer API live; named in errors that say a route is wrong. */
export const API_NOTES = `docs/FLOQER_API.md in the ${PACKAGE.name} package`;

/** The Floqer app's Connections page (**inferred**: the app's address is not in the API docs). */
export const FLOQER_CONNECTIONS_URL = "https://app.floqer.com/connections";

/** Where a user makes an API key and connects Salesforce; quoted in errors and guard questions. */
export const FLOQER_APP = {
  apiKeys: "the Floqer app: Settings, API keys",
  connections: "the Floqer app: Connections, then Salesforce, then the OAuth sign-in",
} as const;

export interface ActionLocation {
  workflow_id: string;
  /** The main sheet's id equals the workflow id, so an absent sheet means the main sheet. */
  sheet_id?: string | undefined;
  action_instance_id: string;
}

export interface SheetLocation {
  workflow_id: string;
  sheet_id?: string | undefined;
}

export type HttpMethod = "GET" | "POST" | "PATCH";

/** One upstream request: what a dry run shows is built by the same function as what is sent. */
export interface UpstreamRequest {
  method: HttpMethod;
  path: string;
  body?: unknown;
}

/** A request with a body, typed by its method and body, as the write tools show it. */
export interface WriteRequest<Method extends HttpMethod, Body> extends UpstreamRequest {
  method: Method;
  body: Body;
}

/** Ids go into URL paths, so only these characters are accepted. */
export const PATH_ID = /^[A-Za-z0-9_-]{1,128}$/;

function segment(id: string): string {
  if (!PATH_ID.test(id)) throw new Error(`not a valid path id: ${JSON.stringify(id.slice(0, 40))}`);
  return id;
}

export function sheetOf(location: SheetLocation): string {
  return location.sheet_id ?? location.workflow_id;
}

function sheetPath(location: SheetLocation): string {
  return `/workflows/${segment(location.workflow_id)}/sheets/${segment(sheetOf(location))}`;
}

function actionPath(location: ActionLocation): string {
  return `${sheetPath(location)}/actions/${segment(location.action_instance_id)}`;
}

/** Get User: who owns the key (documented). */
export function userRoute(): UpstreamRequest {
  return { method: "GET", path: "/user/" };
}

/** List Workflows (documented). */
export function workflowsRoute(): UpstreamRequest {
  return { method: "GET", path: "/workflows/" };
}

/** Workflow overview, with its sheets but not their actions (documented). */
export function workflowRoute(workflowId: string): UpstreamRequest {
  return { method: "GET", path: `/workflows/${segment(workflowId)}` };
}

/**
 * The sheet's action graph (schema ActionGraphNode is documented; this method and path are
 * **inferred**: the same collection Add Action posts to).
 */
export function actionGraphRoute(location: SheetLocation): UpstreamRequest {
  return { method: "GET", path: `${sheetPath(location)}/actions` };
}

/** Add Action (body documented; method and path **inferred**: POST on the sheet's actions). */
export function addActionRoute<Body>(location: SheetLocation, body: Body): WriteRequest<"POST", Body> {
  return { method: "POST", path: `${sheetPath(location)}/actions`, body };
}

/** Get Action Field Options for one dropdown field of the action instance (documented). */
export function optionsRoute(location: ActionLocation, field: string, body: unknown): UpstreamRequest {
  return { method: "POST", path: `${actionPath(location)}/options/${segment(field)}`, body };
}

/** Configure Action: PATCH on the action instance (documented on Floqer's action pages). */
export function configureActionRoute<Body>(
  location: ActionLocation,
  body: Body,
): WriteRequest<"PATCH", Body> {
  return { method: "PATCH", path: actionPath(location), body };
}

/**
 * Add Rows (body documented, schema AddRowsBody; method and path **inferred**, from a public
 * client of the API). Not idempotent: a second send adds the rows again.
 */
export function addRowsRoute<Body>(location: SheetLocation, body: Body): WriteRequest<"POST", Body> {
  return { method: "POST", path: `${sheetPath(location)}/rows`, body };
}

/** Run Rows (body documented, schema RunRowsBody; method and path **inferred**). Not idempotent. */
export function runRowsRoute<Body>(location: SheetLocation, body: Body): WriteRequest<"POST", Body> {
  return { method: "POST", path: `${sheetPath(location)}/run`, body };
}

/**
 * List Rows (body and answer documented, schemas ListRowsBody and ListRowsData; method and path
 * **inferred**: not found in the public text). A read, though sent as a POST.
 */
export function listRowsRoute(location: SheetLocation, body: unknown): UpstreamRequest {
  return { method: "POST", path: `${sheetPath(location)}/rows/list`, body };
}

/**
 * The path of a stored outputs_ref under the API's base URL, relative to it; undefined for any
 * other address. Parsed, not compared as text: same origin, no user info, and a path that stays
 * under the base path once normalised, with no encoded dot, slash or backslash that could walk
 * out of it later.
 */
export function pathUnderBase(url: string, baseUrl: string): string | undefined {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (target.origin !== base.origin || target.username !== "" || target.password !== "") return undefined;
  if (/%2e|%2f|%5c|\\/i.test(url)) return undefined;
  const basePath = base.pathname.replace(/\/+$/, "");
  if (!target.pathname.startsWith(`${basePath}/`)) return undefined;
  const path = `${target.pathname.slice(basePath.length)}${target.search}`;
  return /^\/[A-Za-z0-9_\-./?=&]{1,512}$/.test(path) && !path.includes("..") ? path : undefined;
}
