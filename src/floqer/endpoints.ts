/** Every Floqer API path this server calls, in one place (see FLOQER_API.md for what is inferred). */

export const DEFAULT_BASE_URL = "https://api.floqer.com/api/v1";

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

/** Ids go into URL paths, so only these characters are accepted. */
export const PATH_ID = /^[A-Za-z0-9_-]{1,128}$/;

function segment(id: string): string {
  if (!PATH_ID.test(id)) throw new Error(`not a valid path id: ${JSON.stringify(id.slice(0, 40))}`);
  return id;
}

export function sheetOf(location: ActionLocation): string {
  return location.sheet_id ?? location.workflow_id;
}

/** Configure Action (**inferred** method and path: PUT on the action instance). */
export function actionPath(location: ActionLocation): string {
  return `/workflows/${segment(location.workflow_id)}/sheets/${segment(sheetOf(location))}/actions/${segment(location.action_instance_id)}`;
}

/** Get Action Field Options for one dropdown field of the action instance. */
export function optionsPath(location: ActionLocation, field: string): string {
  return `${actionPath(location)}/options/${segment(field)}`;
}

/** List Workflows. */
export const WORKFLOWS_PATH = "/workflows/";

/** Workflow overview, with its sheets. */
export function workflowPath(workflowId: string): string {
  return `/workflows/${segment(workflowId)}`;
}

/** Add Action (**inferred** method and path: POST on the sheet's actions). */
export function sheetActionsPath(workflowId: string, sheetId: string): string {
  return `/workflows/${segment(workflowId)}/sheets/${segment(sheetId)}/actions`;
}
