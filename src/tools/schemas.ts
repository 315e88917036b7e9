/** Input and output pieces that several tools share, each described for the agent. */
import { z } from "zod";
import { PATH_ID } from "../floqer/endpoints.js";
import { MAX_PAGE_SIZE } from "../limits.js";

const pathId = (name: string, description: string) =>
  z.string().regex(PATH_ID, `${name} is 1-128 letters, digits, '_' or '-'`).describe(description);

export const workflowId = pathId("workflow_id", "The Floqer workflow's id, as in its URL in the Floqer app.");
export const sheetId = pathId(
  "sheet_id",
  "The sheet holding the action. Omit it for the workflow's main sheet (whose id is the workflow id).",
).optional();
export const actionInstanceId = pathId(
  "action_instance_id",
  "The Salesforce update action's id in the sheet, e.g. salesforce_update_record_1.",
);

export const locationShape = {
  workflow_id: workflowId,
  sheet_id: sheetId,
  action_instance_id: actionInstanceId,
};

export const listingShape = {
  query: z
    .string()
    .max(200)
    .optional()
    .describe("Case-insensitive text to find in the API name or label, e.g. 'email'."),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .describe(`How many results per page (default 50, at most ${MAX_PAGE_SIZE}).`),
  cursor: z.string().max(200).optional().describe("next_cursor from the previous page, to get the next one."),
  refresh: z
    .boolean()
    .optional()
    .describe("true to skip the cache and ask Floqer again (after the user changed their org)."),
};

export const salesforceObjectName = z
  .string()
  .min(1)
  .max(128)
  .describe("API name of the Salesforce object, e.g. Contact or Invoice__c (from list_salesforce_objects).");

/** Marks every answer from the built-in emulator, so no one mistakes it for a real org. */
export const sandboxMarker = z
  .literal(true)
  .optional()
  .describe("Present when the server runs on its built-in sandbox: the data is a demo org, not the user's.");

export const nextCursor = z
  .string()
  .optional()
  .describe("Pass as cursor to get the next page; absent on the last page.");

export const confirmationTokenInput = z
  .string()
  .max(1024)
  .optional()
  .describe("The token from confirm_salesforce_connection. Required unless dry_run is true.");
