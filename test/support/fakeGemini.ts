/**
 * A stand-in for the Gemini API on loopback, for `@google/genai`'s own request path: it keeps every
 * generateContent body it is sent and answers each with the model turn `reply` makes of it.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type GeminiRequest = Record<string, unknown>;
/** A model turn's parts, e.g. `[{ text: "ok" }]` or `[{ functionCall: { name, args } }]`. */
export type GeminiReply = (request: GeminiRequest) => unknown[];

export interface FakeGemini {
  baseUrl: string;
  requests: GeminiRequest[];
  close(): Promise<void>;
}

export async function startFakeGemini(reply: GeminiReply): Promise<FakeGemini> {
  const requests: GeminiRequest[] = [];
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const parsed = JSON.parse(body) as GeminiRequest;
    requests.push(parsed);
    response.setHeader("content-type", "application/json");
    response.end(
      JSON.stringify({
        candidates: [{ content: { role: "model", parts: reply(parsed) }, finishReason: "STOP" }],
      }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
