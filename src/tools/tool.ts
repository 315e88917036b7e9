/**
 * What a tool is here: its agent-facing contract (name, title, description, schemas, annotations)
 * and a `run` that neither knows nor cares which transport or client calls it: nothing here comes
 * from the SDK, and a tool reaches the user through a narrow channel.
 */
import type { z } from "zod";
import type { FloqerClient } from "../floqer/client.js";
import type { Caller } from "../floqer/requester.js";
import type { Guard } from "../guard/guard.js";
import type { UserChannel } from "../guard/userChannel.js";
import { MAX_PROBLEM_CHARS, SHOWN_PROBLEMS } from "../limits.js";
import type { SalesforceCatalog } from "../services/salesforceCatalog.js";
import type { SheetGraphs } from "../services/sheetGraphs.js";
import { cutText } from "./answerSize.js";

export interface ToolContext {
  client: FloqerClient;
  catalog: SalesforceCatalog;
  /** Each sheet's action graph: its chain, references, and what each action holds. */
  graphs: SheetGraphs;
  /** The confirmation guard, bound to the key in use. */
  guard: Guard;
  /** True when the server runs on its built-in emulator. */
  sandbox: boolean;
  /** The whole budget of one tool call. */
  callDeadlineMs: number;
}

/** What a tool tells clients about itself: every hint is given, so none is left to a default. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What one call brings with it: cancellation, the user, the caller to hand to upstream
 * requests (cancellation plus a channel for retry notices), and the session it came in on. */
export interface ToolCall {
  signal: AbortSignal;
  upstream: Caller;
  user: UserChannel;
  /** The MCP session's id over HTTP; undefined over stdio, where the process is the session. */
  sessionId: string | undefined;
  /** Tells the client how a long call is going, where it asked to be told (a progress token). */
  progress?: (message: string) => void;
  /** When the call's whole budget ends (ms since the epoch): a wait is sized from what is left. */
  deadlineAt?: number;
}

/** A refusal the agent can act on: the message says what was wrong and what to do next. */
export class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}

/**
 * What the guidance says of a tool, kept with it: its step in the order of work (the catalog's
 * order is that order), and its entry in the README beyond its arguments and answer fields.
 */
/** What the update prompt knows when it writes a tool's step. */
export interface PromptContext {
  /** The update action the user named, if they did. */
  actionInstanceId: string | undefined;
  /** The names of the tools this server offers. */
  offered: ReadonlySet<string>;
}

export interface ToolGuide {
  /** Its step in the initialize instructions. */
  step: string;
  /** The step as a read-only server says it, where it differs. */
  readOnlyStep?: string;
  /** Its step in the update prompt, which speaks for the user to the agent. */
  promptStep(context: PromptContext): string;
  /** Markdown: paragraphs (line breaks inside one are spaces) and "- " lists. */
  manual: string;
}

export interface ToolDefinition<Input extends z.ZodRawShape, Output extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema: Output;
  annotations: ToolAnnotations;
  guide: ToolGuide;
  run(
    args: z.output<z.ZodObject<Input>>,
    context: ToolContext,
    call: ToolCall,
  ): Promise<z.input<z.ZodObject<Output>>>;
}

/** Keeps each definition's handler typed by its own schemas. */
export function defineTool<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(
  definition: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of tools with different schemas
export type AnyToolDefinition = ToolDefinition<any, any>;

/**
 * A refusal's words, in the one form every refusal with problems takes: the headline (what was
 * refused, and that nothing was done), the problems (each once and each line bounded, the first
 * SHOWN_PROBLEMS listed and the rest counted, so thousands of problems are refused in a few KiB),
 * then the next step.
 */
export function problemsMessage(headline: string, problems: readonly string[], next: string): string {
  const distinct = [...new Set(problems)];
  const lines = distinct
    .slice(0, SHOWN_PROBLEMS)
    .map((problem) => `- ${cutText(problem, MAX_PROBLEM_CHARS)}`);
  const more = distinct.length - SHOWN_PROBLEMS;
  if (more > 0) lines.push(`- and ${more} more problem${more === 1 ? "" : "s"}, listed once these are fixed`);
  return `${headline}\n${lines.join("\n")}\n${next}`;
}

/** A refusal with its problems, as problemsMessage words it, to throw. */
export function refusal(headline: string, problems: readonly string[], next: string): ToolFailure {
  return new ToolFailure(problemsMessage(headline, problems, next));
}
