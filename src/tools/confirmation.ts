/**
 * The guard's check at the door of every tool that changes a workflow: one place, so no write
 * path can forget it. A dry run needs no token but says what a real call would meet.
 */

import { TOOL } from "../toolNames.js";
import { type ToolContext, ToolFailure } from "./tool.js";

/** Throws unless a real call carries a valid token; returns the warnings a dry run should show. */
export function requireConfirmation(
  token: string | undefined,
  dryRun: boolean,
  context: ToolContext,
): string[] {
  const check = token ? context.signer.verify(token, context.client.requireApiKey()) : undefined;
  if (dryRun) {
    if (!check)
      return [`No confirmation_token yet: call ${TOOL.confirmConnection} before doing this for real.`];
    return check.ok ? [] : [`Doing this for real would be refused: ${check.problem}.`];
  }
  if (!check) {
    throw new ToolFailure(
      `Refused: no confirmation_token. Call ${TOOL.confirmConnection} first (the user must confirm that Salesforce is connected in Floqer), then pass its token. dry_run true needs none.`,
    );
  }
  if (!check.ok) throw new ToolFailure(`Refused: ${check.problem}. Nothing was sent.`);
  return [];
}
