/** The guard's agent path as every test client walks it: the question, then the user's answer with its id. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export type CallTool = (name: string, args: Record<string, unknown>) => Promise<CallToolResult>;

/** Asks, answers yes with the question's id, and returns the final answer (a token, or why not). */
export async function confirmByAgent(
  call: CallTool,
  location: Record<string, unknown> = {},
): Promise<CallToolResult> {
  const asked = await call("confirm_salesforce_connection", location);
  const questionId = (asked.structuredContent as { question_id?: string } | undefined)?.question_id;
  if (!questionId) return asked;
  return call("confirm_salesforce_connection", {
    ...location,
    question_id: questionId,
    user_confirmed: true,
  });
}

/** The token of a confirmByAgent, or a thrown error that shows what came back instead. */
export async function tokenByAgent(call: CallTool, location: Record<string, unknown> = {}): Promise<string> {
  const result = await confirmByAgent(call, location);
  const token = (result.structuredContent as { confirmation_token?: string } | undefined)?.confirmation_token;
  if (!token) throw new Error(`no token: ${JSON.stringify(result.structuredContent ?? result.content)}`);
  return token;
}
