/**
 * The server under test (serverUnderTest.ts) over Streamable HTTP on loopback, in-process, with the
 * emulator behind it: a new one, or one already started that several harnesses share.
 */
import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import type { ServerDependencies } from "../../src/mcp/server.js";
import { type HttpOptions, type RunningHttpServer, startHttpServer } from "../../src/mcp/transports/http.js";
import { defaultAllowedHosts } from "../../src/mcp/transports/httpSecurity.js";
import type { FloqerEmulator } from "../../src/sandbox/emulator.js";
import { holdingAnswers } from "./heldOutputs.js";
import { INITIALIZE_REQUEST } from "./jsonRpc.js";
import { buildServerUnderTest } from "./serverUnderTest.js";

export const TEST_TOKEN = "test-bearer-token-0123456789abcdefghijklmnop";

export interface HttpHarness {
  emulator: FloqerEmulator;
  dependencies: ServerDependencies;
  running: RunningHttpServer;
  url: URL;
  connect(options?: {
    token?: string;
    elicit?: () => ElicitResult;
  }): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>;
  close(): Promise<void>;
}

export async function startHttpHarness(
  options: Partial<HttpOptions> = {},
  settings: Record<string, unknown> = {},
  emulator?: FloqerEmulator,
): Promise<HttpHarness> {
  const underTest = await buildServerUnderTest({ emulator, settings });
  const running = await startHttpServer(underTest.createServer, {
    host: "127.0.0.1",
    port: 0,
    token: TEST_TOKEN,
    allowedHosts: defaultAllowedHosts("127.0.0.1"),
    allowedOrigins: undefined,
    maxSessions: 10,
    sessionIdleMs: 60_000,
    maxBodyBytes: 64 * 1024,
    ...options,
  });
  const clients: Client[] = [];
  return {
    emulator: underTest.emulator,
    dependencies: underTest.dependencies,
    running,
    url: new URL(running.url),
    async connect({ token = TEST_TOKEN, elicit } = {}) {
      const transport = new StreamableHTTPClientTransport(new URL(running.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      const client = holdingAnswers(
        new Client(
          { name: "http-test", version: "1.0.0" },
          { capabilities: elicit ? { elicitation: { form: {} } } : {} },
        ),
        underTest.dependencies.sandbox,
      );
      if (elicit) client.setRequestHandler(ElicitRequestSchema, elicit);
      await client.connect(transport);
      clients.push(client);
      return { client, transport };
    },
    async close() {
      await Promise.all(clients.map((client) => client.close().catch(() => {})));
      await running.close();
      await underTest.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, with full control of headers (fetch cannot set Host). */
export function rawRequest(
  url: URL,
  {
    method = "POST",
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export const INITIALIZE = JSON.stringify(INITIALIZE_REQUEST);
