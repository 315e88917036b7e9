/**
 * The one place a tool's questions to the user meet the SDK: MCP elicitation, form and URL mode.
 * Tools see only the narrow UserChannel, so they run, and are tested, with plain objects.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { FormOutcome, UserChannel, YesNoField } from "../guard/userChannel.js";
import { formValidator } from "./formValidator.js";

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout;
}

/** The user, as this call's client can reach them. */
/** While a form is open, how often the client hears the call is still waiting on the user. */
const FORM_PROGRESS_EVERY_MS = 10_000;

export function userChannel(
  session: Server,
  requestId: string | number,
  /** The call's deadline, read when a question is put. */
  limit: { readonly signal: AbortSignal },
  progress?: (message: string) => void,
): UserChannel {
  const capabilities = () => session.getClientCapabilities()?.elicitation;
  return {
    get canShowForm() {
      return capabilities()?.form !== undefined;
    },
    async askYesNo(message: string, field: YesNoField): Promise<FormOutcome> {
      const { signal } = limit;
      // A person watching the call sees what it waits on, and that it still does.
      progress?.("Waiting for the user's answer in the form.");
      const still = progress
        ? setInterval(
            () => progress("Still waiting for the user's answer in the form."),
            FORM_PROGRESS_EVERY_MS,
          )
        : undefined;
      try {
        await formValidator.prepare();
        const result = await session.elicitInput(
          {
            mode: "form",
            message,
            requestedSchema: {
              type: "object",
              properties: {
                [field.name]: { type: "boolean", title: field.title, description: field.description },
              },
              required: [field.name],
            },
          },
          { relatedRequestId: requestId, signal },
        );
        if (result.action !== "accept") return { kind: "dismissed", action: result.action };
        return { kind: "answered", value: result.content?.[field.name] };
      } catch (error) {
        if (isTimeout(error, signal)) return { kind: "timeout" };
        // The client went away: the call ends here, as a cancelled call does.
        if (signal.aborted) throw error;
        return { kind: "failed" };
      } finally {
        clearInterval(still);
      }
    },
    async offerUrl(message: string, url: string): Promise<boolean> {
      if (capabilities()?.url === undefined) return false;
      const { signal } = limit;
      try {
        const result = await session.elicitInput(
          { mode: "url", message, url, elicitationId: randomUUID() },
          { relatedRequestId: requestId, signal },
        );
        return result.action === "accept";
      } catch {
        return false;
      }
    },
  };
}
