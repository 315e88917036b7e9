/**
 * What a tool is here: its agent-facing contract (name, title, description, schemas, annotations)
 * and a `run` that neither knows nor cares which transport or client calls it.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { SalesforceCatalog } from "../floqer/catalog.js";
import type { Caller, FloqerClient } from "../floqer/client.js";
import type { SheetGraphs } from "../floqer/sheetGraphs.js";
import type { NotConnectedMemory } from "../guard/notConnected.js";
import type { ConfirmationSigner } from "../guard/token.js";

export interface ToolContext {
  client: FloqerClient;
  catalog: SalesforceCatalog;
  /** Each sheet's action graph: its chain, references, and what each action holds. */
  graphs: SheetGraphs;
  signer: ConfirmationSigner;
  /** Keys a probe found without a usable Salesforce connection, for a few minutes. */
  notConnected: NotConnectedMemory;
  /** True when the server runs on its built-in emulator. */
  sandbox: boolean;
  /** The whole budget of one tool call. */
  callDeadlineMs: number;
}

/** What one call brings with it: cancellation, the session to ask the user through, and the
 * caller to hand to upstream requests (cancellation plus a channel for retry notices). */
export interface ToolCall {
  signal: AbortSignal;
  upstream: Caller;
  session: Server;
  requestId: string | number;
}

/** A refusal the agent can act on: the message says what was wrong and what to do next. */
export class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}

export interface ToolDefinition<Input extends z.ZodRawShape, Output extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema: Output;
  annotations: ToolAnnotations;
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

/** Joins lines of problems into one message with a closing instruction. */
export function problemsMessage(headline: string, problems: readonly string[], next: string): string {
  return `${headline}\n${problems.map((problem) => `- ${problem}`).join("\n")}\n${next}`;
}
