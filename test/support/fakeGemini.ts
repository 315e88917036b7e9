/**
 * A stand-in for the Gemini API on loopback, for `@google/genai`'s own request path: it keeps every
 * generateContent body it is sent and answers each with the model turn `reply` makes of it.
 */
import { listen } from "../../src/listening.js";

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
  const gemini = await listen(async (request, response) => {
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
  return { baseUrl: `http://127.0.0.1:${gemini.port}`, requests, close: gemini.close };
}
