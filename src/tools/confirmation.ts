/**
 * The guard's check at the door of every tool that changes a workflow: one place, so no write
 * path can forget it. The rule is the guard's; this turns its refusal into the tool's, and tells
 * the guard who is calling (the session, and whether its client shows forms).
 */
import { type ToolCall, type ToolContext, ToolFailure } from "./tool.js";

/**
 * Throws unless a real call carries a token valid for this caller; returns the warnings a dry run
 * should show. `dryRun` is undefined for a tool that has no dry run.
 */
export function requireConfirmation(
  token: string | undefined,
  dryRun: boolean | undefined,
  context: ToolContext,
  call: ToolCall,
): string[] {
  const door = context.guard.door(token, dryRun, {
    id: call.sessionId,
    showsForms: call.user.canShowForm,
  });
  if (!door.pass) throw new ToolFailure(door.refusal);
  return door.warnings;
}
