/**
 * Agent frameworks, as agent builders use them, each driving the built server through the whole
 * guarded flow (no elicitation, so the question and then the user's answer) against the emulator,
 * which counts the writes:
 * - LangChain's MCP adapters over stdio, calling the tools as a LangGraph agent would;
 * - the Vercel AI SDK's MCP client over Streamable HTTP, inside the SDK's own `generateText` loop,
 *   with a scripted model that chooses each call from the answers it has read in its prompt;
 * - Google's `@google/genai` with `mcpToTool` over stdio, whose automatic function calling runs the
 *   tools itself, against a stand-in for the Gemini API on loopback that plays the same script;
 * - the OpenAI Agents SDK's Runner with `MCPServerStreamableHttp` over HTTP and strict schemas, with
 *   a scripted model that sends every argument a strict schema asks for (null for those it omits).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createMCPClient, type MCPClient } from "@ai-sdk/mcp";
import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { GoogleGenAI, mcpToTool } from "@google/genai";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  Agent,
  type AgentInputItem,
  MCPServerStreamableHttp,
  type Model,
  type ModelRequest,
  type ModelResponse,
  Runner,
  Usage,
} from "@openai/agents-core";
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { toolListing } from "../../src/mcp/listing.js";
import { FloqerEmulator } from "../../src/sandbox/emulator.js";
import { TOOLS } from "../../src/tools/catalog.js";
import { type FakeGemini, type GeminiRequest, startFakeGemini } from "../support/fakeGemini.js";
import { holdingAnswers } from "../support/heldOutputs.js";
import { type BuiltHttpServer, builtServer, startBuiltHttpServer } from "../support/process.js";

const HTTP_TOKEN = "frameworks-test-bearer-token-0123456789abcdef";

type Answer = Record<string, unknown>;
type Args = Record<string, unknown>;

/** One agent step: the call it makes, from the answers so far, and what its answer must be. */
interface Step {
  tool: string;
  args: (answers: readonly Answer[]) => Args;
  check: (answer: Answer) => void;
}

const LOCATION = { workflow_id: "wf_demo_enrich_contacts", action_instance_id: "salesforce_update_record_1" };
const byStatus = (status: string) => (answer: Answer) =>
  assert.equal(answer.status, status, JSON.stringify(answer));
const update = (answers: readonly Answer[]) => ({
  ...LOCATION,
  record_id: (answers[2]?.references as Array<{ token: string }> | undefined)?.[0]?.token,
  salesforce_object: "Contact",
  add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
});

/** The guarded flow: the question, the user's yes, the reference token, a dry run, the one write. */
const GUARDED_FLOW: Step[] = [
  { tool: "confirm_salesforce_connection", args: () => LOCATION, check: byStatus("needs_user_confirmation") },
  {
    tool: "confirm_salesforce_connection",
    args: (answers) => ({ ...LOCATION, question_id: answers[0]?.question_id, user_confirmed: true }),
    check: byStatus("confirmed"),
  },
  {
    tool: "list_references",
    args: () => ({ ...LOCATION, query: "records_found.Id" }),
    check: (answer) => assert.ok((answer.references as unknown[]).length > 0),
  },
  {
    tool: "configure_salesforce_update",
    args: (answers) => ({ ...update(answers), dry_run: true }),
    check: byStatus("dry_run"),
  },
  {
    tool: "configure_salesforce_update",
    args: (answers) => ({ ...update(answers), confirmation_token: answers[1]?.confirmation_token }),
    check: byStatus("configured"),
  },
];

function assertOneWrite(emulator: FloqerEmulator) {
  assert.deepEqual(
    emulator.changeAttempts.map((request) => [request.method, request.status]),
    [["PATCH", 200]],
    "exactly one write, and it is the configure",
  );
}

/** The server's JSON answer inside whatever a framework hands back for a tool result. */
function answerOf(result: unknown): Answer {
  if (typeof result === "string") return JSON.parse(result) as Answer;
  if (Array.isArray(result)) return answerOf(result.map((block) => answerText(block)).join(""));
  const shaped = result as { type?: string; value?: unknown; structuredContent?: Answer; content?: unknown };
  if (shaped.structuredContent) return shaped.structuredContent;
  if (shaped.content !== undefined) return answerOf(shaped.content);
  if (shaped.value !== undefined && ["json", "content", "text"].includes(String(shaped.type)))
    return answerOf(shaped.value);
  return answerOf(answerText(result));
}
const answerText = (block: unknown) =>
  typeof block === "string" ? block : ((block as { text?: string }).text ?? "");

/** The built server over HTTP against the emulator, as a process, once it listens. */
function startHttpServer(emulatorUrl: string, apiKey: string): Promise<BuiltHttpServer> {
  return startBuiltHttpServer([], {
    FLOQER_API_KEY: apiKey,
    FLOQER_BASE_URL: emulatorUrl,
    MCP_HTTP_TOKEN: HTTP_TOKEN,
  });
}

describe("LangChain MCP adapters over stdio", () => {
  const emulator = new FloqerEmulator();
  let client: MultiServerMCPClient;
  before(async () => {
    const baseUrl = await emulator.start();
    client = new MultiServerMCPClient({
      mcpServers: {
        floqer: {
          transport: "stdio",
          ...builtServer([], { FLOQER_API_KEY: emulator.apiKey, FLOQER_BASE_URL: baseUrl }),
        },
      },
      useStandardContentBlocks: true,
    });
  });
  after(async () => {
    await client.close();
    await emulator.stop();
  });

  it("sees every tool and completes the guarded flow with exactly one write", async () => {
    const tools = await client.getTools();
    assert.deepEqual(
      tools.map((tool) => tool.name),
      TOOLS.map((tool) => tool.name),
    );
    const answers: Answer[] = [];
    for (const step of GUARDED_FLOW) {
      const tool = tools.find((candidate) => candidate.name === step.tool);
      assert.ok(tool, step.tool);
      const answer = answerOf(await tool.invoke(step.args(answers)));
      step.check(answer);
      if (step.tool === "configure_salesforce_update" && answer.status === "dry_run")
        assert.equal(emulator.changeAttempts.length, 0, "a dry run writes nothing");
      answers.push(answer);
    }
    assertOneWrite(emulator);
  });
});

/**
 * A model that plays the flow: each turn it reads the tool results in its prompt, in order, and
 * calls the next step's tool with arguments taken from them, then says it is done.
 */
function scriptedModel(steps: readonly Step[]) {
  return new MockLanguageModelV3({
    doGenerate: async (options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
      const answers = options.prompt
        .filter((message) => message.role === "tool")
        .flatMap((message) => message.content)
        .flatMap((part) => (part.type === "tool-result" ? [answerOf(part.output)] : []));
      const usage = {
        inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 0, text: 0, reasoning: 0 },
      };
      const next = steps[answers.length];
      if (!next) {
        return {
          content: [{ type: "text", text: "Configured." }],
          finishReason: { unified: "stop", raw: "stop" },
          usage,
          warnings: [],
        };
      }
      return {
        content: [
          {
            type: "tool-call",
            toolCallId: `call_${answers.length}`,
            toolName: next.tool,
            input: JSON.stringify(next.args(answers)),
          },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    },
  });
}

describe("Vercel AI SDK MCP client over Streamable HTTP", () => {
  const emulator = new FloqerEmulator();
  let server: BuiltHttpServer;
  let client: MCPClient;
  before(async () => {
    server = await startHttpServer(await emulator.start(), emulator.apiKey);
    client = await createMCPClient({
      transport: { type: "http", url: server.url, headers: { authorization: `Bearer ${HTTP_TOKEN}` } },
    });
  });
  after(async () => {
    await client.close();
    await server.stop();
    await emulator.stop();
  });

  it("offers every tool to the model with the advertised schema, and completes the guarded flow in generateText with exactly one write", async () => {
    const tools = await client.tools();
    const model = scriptedModel(GUARDED_FLOW);
    const result = await generateText({
      model,
      tools,
      prompt: "Set Title from the job title on the Salesforce update action of my enrich contacts workflow.",
      stopWhen: stepCountIs(GUARDED_FLOW.length + 1),
    });

    const offered = (model.doGenerateCalls[0]?.tools ?? []).map((tool) =>
      tool.type === "function" ? { name: tool.name, inputSchema: tool.inputSchema } : { name: tool.name },
    );
    assert.deepEqual(
      offered,
      toolListing(TOOLS, false).map((tool) => ({ name: tool.name, inputSchema: tool.inputSchema })),
    );
    const answers = result.steps.flatMap((step) =>
      step.toolResults.map((toolResult) => answerOf(toolResult.output)),
    );
    assert.equal(answers.length, GUARDED_FLOW.length);
    for (const [index, step] of GUARDED_FLOW.entries()) step.check(answers[index] as Answer);
    assert.equal(result.text, "Configured.");
    assertOneWrite(emulator);
  });
});

/** The server's answers that a Gemini request carries back, as function responses, in order. */
function functionResponses(request: GeminiRequest | undefined): Answer[] {
  const contents = (request?.contents ?? []) as Array<{
    parts?: Array<{ functionResponse?: { response: unknown } }>;
  }>;
  return contents
    .flatMap((content) => content.parts ?? [])
    .flatMap((part) => (part.functionResponse ? [answerOf(part.functionResponse.response)] : []));
}

/** The Gemini side of the script: the function responses so far in the request, then the next call. */
function scriptedGemini(steps: readonly Step[]) {
  return (request: GeminiRequest) => {
    const answers = functionResponses(request);
    const next = steps[answers.length];
    return next
      ? [{ functionCall: { name: next.tool, args: next.args(answers) } }]
      : [{ text: "Configured." }];
  };
}

describe("Google GenAI mcpToTool over stdio, with automatic function calling", () => {
  const emulator = new FloqerEmulator();
  let gemini: FakeGemini;
  let client: Client;
  before(async () => {
    const baseUrl = await emulator.start();
    gemini = await startFakeGemini(scriptedGemini(GUARDED_FLOW));
    client = holdingAnswers(new Client({ name: "genai-test", version: "1.0.0" }), false);
    await client.connect(
      new StdioClientTransport({
        ...builtServer([], { FLOQER_API_KEY: emulator.apiKey, FLOQER_BASE_URL: baseUrl }),
        stderr: "ignore",
      }),
    );
  });
  after(async () => {
    await client.close();
    await gemini.close();
    await emulator.stop();
  });

  it("declares every tool with its schema, and the SDK's own calls complete the guarded flow with exactly one write", async () => {
    const ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: gemini.baseUrl } });
    const response = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents:
        "Set Title from the job title on the Salesforce update action of my enrich contacts workflow.",
      config: {
        tools: [mcpToTool(client)],
        // The SDK counts model turns: one per step, and one for the model's last word.
        automaticFunctionCalling: { maximumRemoteCalls: GUARDED_FLOW.length + 1 },
      },
    });

    const declared = (
      (gemini.requests[0]?.tools ?? []) as Array<{
        functionDeclarations: Array<{ name: string; parametersJsonSchema: unknown }>;
      }>
    ).flatMap((tool) => tool.functionDeclarations);
    assert.deepEqual(
      declared.map((declaration) => ({
        name: declaration.name,
        inputSchema: declaration.parametersJsonSchema,
      })),
      toolListing(TOOLS, false).map((tool) => ({ name: tool.name, inputSchema: tool.inputSchema })),
    );
    const answers = functionResponses(gemini.requests.at(-1));
    assert.equal(answers.length, GUARDED_FLOW.length);
    for (const [index, step] of GUARDED_FLOW.entries()) step.check(answers[index] as Answer);
    assert.equal(response.text, "Configured.");
    assertOneWrite(emulator);
  });
});

/**
 * A model for the Agents SDK that plays the flow from the tool results in its input. Like a model in
 * strict mode, it sends every property of the tool's strict schema, null for those it leaves out.
 */
class ScriptedAgentModel implements Model {
  readonly requests: ModelRequest[] = [];
  constructor(private readonly steps: readonly Step[]) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const items = (Array.isArray(request.input) ? request.input : []) as AgentInputItem[];
    const answers = items.flatMap((item) =>
      item.type === "function_call_result" ? [answerOf((item as { output: unknown }).output)] : [],
    );
    const next = this.steps[answers.length];
    if (!next) {
      return {
        usage: new Usage(),
        output: [
          {
            type: "message",
            role: "assistant",
            status: "completed",
            content: [{ type: "output_text", text: "Configured." }],
          },
        ],
      };
    }
    const tool = request.tools.find(
      (candidate) => candidate.type === "function" && candidate.name === next.tool,
    );
    assert.ok(tool && tool.type === "function", next.tool);
    const args = next.args(answers);
    const everyArgument = Object.fromEntries(
      Object.keys((tool.parameters as { properties: object }).properties).map((name) => [
        name,
        args[name] ?? null,
      ]),
    );
    return {
      usage: new Usage(),
      output: [
        {
          type: "function_call",
          callId: `call_${answers.length}`,
          name: next.tool,
          arguments: JSON.stringify(everyArgument),
          status: "completed",
        },
      ],
    };
  }

  getStreamedResponse(): AsyncIterable<never> {
    throw new Error("the scripted model does not stream");
  }
}

describe("OpenAI Agents SDK over Streamable HTTP, with strict schemas", () => {
  const emulator = new FloqerEmulator();
  let server: BuiltHttpServer;
  let mcp: MCPServerStreamableHttp;
  before(async () => {
    server = await startHttpServer(await emulator.start(), emulator.apiKey);
    mcp = new MCPServerStreamableHttp({
      name: "floqer",
      url: server.url,
      requestInit: { headers: { authorization: `Bearer ${HTTP_TOKEN}` } },
    });
    await mcp.connect();
  });
  after(async () => {
    await mcp.close();
    await server.stop();
    await emulator.stop();
  });

  it("offers every tool as a strict function, and the Runner completes the guarded flow with exactly one write", async () => {
    const model = new ScriptedAgentModel(GUARDED_FLOW);
    const agent = new Agent({
      name: "salesforce-configurer",
      instructions: "Configure the Salesforce update action.",
      model,
      mcpServers: [mcp],
      mcpConfig: { convertSchemasToStrict: true },
    });
    const result = await new Runner({ tracingDisabled: true }).run(
      agent,
      "Set Title from the job title on the Salesforce update action of my enrich contacts workflow.",
      { maxTurns: GUARDED_FLOW.length + 1 },
    );

    const offered = model.requests[0]?.tools ?? [];
    assert.deepEqual(
      offered.map((tool) => [tool.name, tool.type === "function" && tool.strict]),
      TOOLS.map((tool) => [tool.name, true]),
    );
    const answers = result.newItems.flatMap((item) =>
      item.type === "tool_call_output_item" ? [answerOf((item.rawItem as { output: unknown }).output)] : [],
    );
    assert.equal(answers.length, GUARDED_FLOW.length);
    for (const [index, step] of GUARDED_FLOW.entries()) step.check(answers[index] as Answer);
    assert.equal(result.finalOutput, "Configured.");
    assertOneWrite(emulator);
  });
});
