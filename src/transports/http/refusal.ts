/** An HTTP refusal as a value, and the one way it is answered. */
import type { IncomingMessage, ServerResponse } from "node:http";

export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Answers a refusal as a JSON-RPC error. When the body was not read to its end (a 401 before it, a
 * 413 partway), the connection is closed after the answer rather than left open to keep reading
 * what it refused.
 */
export function sendRefusal(request: IncomingMessage, response: ServerResponse, refusal: HttpRefusal): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const unread = !request.complete;
  response.writeHead(refusal.status, {
    "content-type": "application/json",
    ...refusal.headers,
    ...(unread && { connection: "close" }),
  });
  response.end(
    JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: refusal.message }, id: null }),
  );
  if (unread) {
    const socket = request.socket;
    response.once("finish", () => socket?.destroy());
  }
}
