/**
 * Wires a real MCP client to the server under test (serverUnderTest.ts) over an in-memory
 * transport, with the server's Floqer client talking HTTP to an emulator on loopback, so every
 * test runs the real HTTP path.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  type ClientCapabilities,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { type Settings, settingsSchema } from "../../src/config/parse.js";
import { createDependencies, createServer, type ServerDependencies } from "../../src/mcp/server.js";
import type { EmulatorOptions, FloqerEmulator } from "../../src/sandbox/emulator.js";
import { tokenByAgent } from "./guard.js";
import { holdingAnswers } from "./heldOutputs.js";
import { buildServerUnderTest, type ServerUnderTestOptions } from "./serverUnderTest.js";

export interface HarnessOptions extends ServerUnderTestOptions {
  emulator?: EmulatorOptions;
  capabilities?: ClientCapabilities;
  /** Answers elicitation requests; declared as form support when given. */
  elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
}

export interface Harness {
  emulator: FloqerEmulator;
  client: Client;
  dependencies: ServerDependencies;
  elicitations: ElicitRequest[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export const DEMO_LOCATION = {
  workflow_id: "wf_demo_enrich_contacts",
  action_instance_id: "salesforce_update_record_1",
} as const;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const underTest = await buildServerUnderTest(options);
  const { emulator, dependencies } = underTest;
  const server = underTest.createServer();
  const capabilities = options.capabilities ?? (options.elicit ? { elicitation: { form: {} } } : {});
  const client = holdingAnswers(
    new Client({ name: "test-client", version: "1.0.0" }, { capabilities }),
    dependencies.sandbox,
  );
  const elicitations: ElicitRequest[] = [];
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitations.push(request);
      return answer(request);
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    emulator,
    client,
    dependencies,
    elicitations,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await server.close();
      await underTest.close();
    },
  };
}

/** What configure_salesforce_update answers, as the tests read it. */
export interface Configured {
  status: string;
  request: { method: string; path: string; body: { inputs: Record<string, unknown> } };
  current_inputs?: Record<string, unknown>;
  changes: { input: string; field?: string; from?: string; to?: string }[];
  outputs: { record_id: string; account_url: string };
  warnings: string[];
}

export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`expected success, got error: ${textOf(result)}`);
  return result.structuredContent as T;
}

/** Runs the guard through the agent path (the question, then the user's yes) and returns a valid token. */
export function confirmedToken(harness: Harness): Promise<string> {
  return tokenByAgent(harness.call);
}

/** Runs a test against its own harness and always closes it. */
export async function withHarness(
  options: HarnessOptions,
  test: (harness: Harness) => Promise<void>,
): Promise<void> {
  const harness = await startHarness(options);
  try {
    await test(harness);
  } finally {
    await harness.close();
  }
}

/** A real client wired to a server whose Floqer is any upstream on loopback (e.g. the independent emulator). */
export async function startClientOn(
  upstream: { baseUrl: string; apiKey: string },
  settings: Partial<Record<keyof Settings, unknown>> = {},
  elicit?: HarnessOptions["elicit"],
): Promise<Pick<Harness, "client" | "call" | "close">> {
  const dependencies = createDependencies(
    settingsSchema.parse({ baseUrl: upstream.baseUrl, apiKey: upstream.apiKey, ...settings }),
  );
  const server = createServer(dependencies);
  const client = holdingAnswers(
    new Client(
      { name: "test-client", version: "1.0.0" },
      { capabilities: elicit ? { elicitation: { form: {} } } : {} },
    ),
    dependencies.sandbox,
  );
  if (elicit) client.setRequestHandler(ElicitRequestSchema, async (request) => elicit(request));
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await server.close();
      await dependencies.client.close();
    },
  };
}
