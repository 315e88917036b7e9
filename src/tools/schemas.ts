/** Input and output pieces that several tools share, each described for the agent. */
import { z } from "zod";
import { PATH_ID } from "../floqer/endpoints.js";
import { MAX_PAGE_SIZE } from "../limits.js";
import { TOOL } from "../toolNames.js";

/** Ids go into URL paths: checked here (the JSON Schema stays short; the error says the rule). */
const pathId = (name: string, description: string) =>
  z
    .string()
    .refine((value) => PATH_ID.test(value), `${name} is 1-128 letters, digits, '_' or '-'`)
    .describe(description);

export const workflowId = pathId("workflow_id", `From ${TOOL.listWorkflows}.`);
export const sheetId = pathId("sheet_id", "Omit for the main sheet.").optional();
export const actionInstanceId = pathId("action_instance_id", `From ${TOOL.getWorkflow}.`);

export const locationShape = {
  workflow_id: workflowId,
  sheet_id: sheetId,
  action_instance_id: actionInstanceId,
};

export const listingShape = {
  query: z.string().max(200).optional().describe("Name or label."),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe("Default 50."),
  cursor: z.string().max(200).optional().describe("From next_cursor."),
  refresh: z.boolean().optional().describe("Bypass the cache."),
};

export const salesforceObjectName = z.string().min(1).max(128).describe("API name, e.g. Contact.");

/** Marks every answer from the built-in emulator, so no one mistakes it for a real org. */
const sandboxMarker = z.literal(true).optional();

/**
 * A tool's output as this server declares it: on the built-in emulator every answer carries the
 * sandbox marker, so it is declared there and only there (no client pays for a field it never gets).
 */
export function declaredOutput(shape: z.ZodRawShape, sandbox: boolean): z.ZodRawShape {
  return sandbox ? { ...shape, sandbox: sandboxMarker } : shape;
}

/** Undescribed: the `cursor` input says where it comes from, and tools/list tokens are paid per call. */
export const nextCursor = z.string().optional();

export const confirmationTokenInput = z
  .string()
  .max(1024)
  .optional()
  .describe(`From ${TOOL.confirmConnection}.`);
