/**
 * The guard's check at the door of every tool that changes a workflow: one place, so no write
 * path can forget it. The rule is the guard's; this turns its refusal into the tool's.
 */
import { type ToolContext, ToolFailure } from "./tool.js";

/** Throws unless a real call carries a valid token; returns the warnings a dry run should show. */
export function requireConfirmation(
  token: string | undefined,
  dryRun: boolean,
  context: ToolContext,
): string[] {
  const door = context.guard.door(token, dryRun);
  if (!door.pass) throw new ToolFailure(door.refusal);
  return door.warnings;
}
