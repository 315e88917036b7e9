/** The tools' registration on an MCP server: their answers, failures and arguments as MCP has them. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ListToolsRequestSchema,
  type ListToolsResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { deadline } from "../deadline.js";
import { quote } from "../floqer/envelope.js";
import { FloqerError } from "../floqer/errors.js";
import { MAX_ANSWER_BYTES, SHOWN_PROBLEMS } from "../limits.js";
import { log, redact, redactDeep } from "../log.js";
import { Suggestions } from "../names.js";
import { TOOL } from "../toolNames.js";
import { fitAnswer, fitText } from "../tools/answerSize.js";
import { TOOLS } from "../tools/catalog.js";
import type { AnyToolDefinition, ToolContext } from "../tools/tool.js";
import { refusal, ToolFailure } from "../tools/tool.js";
import { userChannel } from "./elicitation.js";
import { toolListing } from "./listing.js";

/** The listing of each tool set, with the sandbox marker declared and without. */
const LISTINGS = new WeakMap<readonly AnyToolDefinition[], Map<boolean, ListToolsResult>>();

const SANDBOX_NOTE = "[sandbox: built-in Floqer emulator with a demo org, not the user's Salesforce] ";

/**
 * Every answer is redacted, success included (an upstream may echo the key in any name or label),
 * and held under the answer ceiling.
 */
function success(structured: Record<string, unknown>, tool: string, context: ToolContext): CallToolResult {
  const answer = fitAnswer(redactDeep(context.sandbox ? { ...structured, sandbox: true } : structured));
  if (!answer.fits) {
    throw new ToolFailure(
      `${tool}'s answer would be ${Math.ceil(answer.bytes / 1024)} KiB, more than the ${MAX_ANSWER_BYTES / 1024} KiB this server sends at once. Ask for less: a smaller limit, or a query.`,
    );
  }
  const content: CallToolResult["content"] = [{ type: "text", text: answer.text }];
  if (answer.shortenedTo) {
    content.push({
      type: "text",
      text: `This answer was large: strings longer than ${answer.shortenedTo} characters are shortened here (ending in …). What was sent to Floqer is unchanged.`,
    });
  }
  return { content, structuredContent: answer.structured };
}

/**
 * What a call cut short means for this tool, from its own annotations: a read changed nothing; a
 * write may have landed, and what it holds is checked before it is sent again (even an idempotent
 * one: it is built from what Floqer held when it was planned).
 */
function cutShort(tool: AnyToolDefinition, signal: AbortSignal, deadlineMs: number): string {
  const timedOut = (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
  const what = timedOut
    ? `${tool.name} did not finish within its ${deadlineMs / 1000} s.`
    : `${tool.name} was cancelled before it finished.`;
  if (tool.annotations.readOnlyHint) return `${what} Nothing was changed; call it again.`;
  if (tool.annotations.idempotentHint) {
    return `${what} Its change may have been made: check what it holds now (its dry_run shows it) before calling it again.`;
  }
  return `${what} Its change may have been made: check with ${TOOL.getWorkflow} before calling it again, or it is made twice.`;
}

function failure(
  error: unknown,
  tool: AnyToolDefinition,
  context: ToolContext,
  signal: AbortSignal,
): CallToolResult {
  let message: string;
  if (signal.aborted) message = cutShort(tool, signal, context.callDeadlineMs);
  else if (error instanceof ToolFailure || error instanceof FloqerError) message = error.message;
  else {
    log.error(`unexpected failure in ${tool.name}`, error);
    message = `${tool.name} failed unexpectedly inside this server. Try again; if it repeats, report it with the server's log.`;
  }
  // Held under the ceiling like every answer: a message may quote what the request or Floqer sent.
  return {
    isError: true,
    content: [{ type: "text", text: fitText(redact((context.sandbox ? SANDBOX_NOTE : "") + message)) }],
  };
}

/**
 * The input schema as the server validates it: a client that turns optional arguments into
 * required nullable ones (strict tool modes do) sends null for "not given", and null is taken so.
 */
function nullAsAbsent(shape: z.ZodRawShape): z.ZodObject {
  return z.object(
    Object.fromEntries(
      Object.entries(shape).map(([key, schema]) => [
        key,
        (schema as z.ZodType).safeParse(undefined).success
          ? z.preprocess((value) => (value === null ? undefined : value), schema)
          : schema,
      ]),
    ),
  );
}

/** What the SDK hands over: the arguments as sent, every key kept, for parseArguments to judge. */
const AS_SENT = z.looseObject({});

/** Longest argument name repeated back: names are short, and a longer one is shown cut. */
const MAX_ARGUMENT_NAME = 64;

/** Unknown arguments named in full before the rest are counted. */
const NAMED_UNKNOWN = 5;

/**
 * A problem for each argument the tool does not have that resembles one it has, naming that one;
 * the others in one line with the arguments the tool takes.
 */
function unknownArguments(tool: string, names: readonly string[], known: readonly string[]): string[] {
  const candidates = known.map((name) => ({ name, label: name }));
  const suggestions = new Suggestions(SHOWN_PROBLEMS);
  const problems: string[] = [];
  const unmatched: string[] = [];
  for (const name of names) {
    const [nearest] = suggestions.closest(name, candidates);
    if (nearest)
      problems.push(`unknown argument ${quote(name, MAX_ARGUMENT_NAME)}; did you mean ${quote(nearest)}?`);
    else unmatched.push(name);
  }
  if (unmatched.length > 0) {
    const named = unmatched.slice(0, NAMED_UNKNOWN).map((name) => quote(name, MAX_ARGUMENT_NAME));
    const more = unmatched.length - named.length;
    problems.push(
      `unknown argument${unmatched.length > 1 ? "s" : ""} ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}; ${tool} takes ${known.join(", ") || "no arguments"}`,
    );
  }
  return problems;
}

/** Where a schema problem is: `pairs[0].name`, or the arguments as a whole. */
function pathOf(path: readonly PropertyKey[]): string {
  return (
    path
      .map((part, index) =>
        typeof part === "number" ? `[${part}]` : `${index > 0 ? "." : ""}${String(part)}`,
      )
      .join("") || "arguments"
  );
}

/**
 * The arguments checked as the tool's schema says, unknown names included: the SDK's own parse
 * would drop an argument the tool does not have, and the call would run as if it were not there
 * (a misspelt flag sent as its default). Every problem is refused at once, before anything is sent.
 */
function parseArguments(
  tool: AnyToolDefinition,
  schema: z.ZodObject,
  sent: Record<string, unknown>,
): Record<string, unknown> {
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(sent).filter((name) => !Object.hasOwn(schema.shape, name));
  const problems = unknown.length > 0 ? unknownArguments(tool.name, unknown, known) : [];
  const parsed = schema.safeParse(sent);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`));
  }
  if (problems.length > 0 || !parsed.success) {
    throw refusal(
      `Invalid arguments for ${tool.name}; nothing was sent:`,
      problems,
      "Fix these and call again.",
    );
  }
  return parsed.data;
}

/**
 * Each tool's argument schema, built on its first call (a start builds none) and shared by every
 * session's server.
 */
const INPUTS = new WeakMap<AnyToolDefinition, z.ZodObject>();

function inputOf(tool: AnyToolDefinition): z.ZodObject {
  let input = INPUTS.get(tool);
  if (!input) {
    input = nullAsAbsent(tool.inputSchema);
    INPUTS.set(tool, input);
  }
  return input;
}

export function registerTools(server: McpServer, context: ToolContext, tools = TOOLS): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        // tools/list is answered from the definitions (below); this schema only lets every
        // argument through to parseArguments.
        inputSchema: AS_SENT,
        // No output schema for the SDK to check each answer against again: each tool's run is typed
        // by its output schema, the tests hold every answer to it (test/support/heldOutputs.ts), and
        // clients read it from the listing below.
        annotations: tool.annotations,
      },
      async (
        sent: Record<string, unknown>,
        extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
      ) => {
        const limit = deadline(extra.signal, context.callDeadlineMs);
        try {
          const args = parseArguments(tool, inputOf(tool), sent);
          // Progress goes only to a client that asked for it, numbered as it goes.
          const progressToken = extra._meta?.progressToken;
          let step = 0;
          const progress =
            progressToken === undefined
              ? undefined
              : (message: string) => {
                  step += 1;
                  extra
                    .sendNotification({
                      method: "notifications/progress",
                      params: { progressToken, progress: step, message: redact(message) },
                    })
                    .catch(() => {});
                };
          // Retries and rate-limit waits reach the client as MCP log messages (it sets the level),
          // and as progress where it asked for progress: the call is waiting, and on what.
          const notify = (message: string) => {
            server.server
              .sendLoggingMessage(
                { level: "warning", logger: "floqer", data: redact(message) },
                extra.sessionId,
              )
              .catch(() => {});
            progress?.(message);
          };
          // The signal is read only where something waits on it (see deadline).
          const structured = await tool.run(args, context, {
            get signal() {
              return limit.signal;
            },
            upstream: {
              get signal() {
                return limit.signal;
              },
              notify,
            },
            user: userChannel(server.server, extra.requestId, limit, progress),
            sessionId: extra.sessionId,
            deadlineAt: limit.endsAt,
            ...(progress && { progress }),
          });
          return success(structured, tool.name, context);
        } catch (error) {
          return failure(error, tool, context, limit.signal);
        } finally {
          limit.release();
        }
      },
    );
  }
  // Replaces the SDK's own tools/list answer with the compact one, made once per tool set.
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    let bySandbox = LISTINGS.get(tools);
    if (!bySandbox) {
      bySandbox = new Map();
      LISTINGS.set(tools, bySandbox);
    }
    let listing = bySandbox.get(context.sandbox);
    if (!listing) {
      listing = { tools: toolListing(tools, context.sandbox) };
      bySandbox.set(context.sandbox, listing);
    }
    return listing;
  });
}
