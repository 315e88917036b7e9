/** An HTTP refusal as a value, and the one way it is answered. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTP_DEFAULTS } from "../../../limits.js";

export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** How long, and how much, a refused request's body is still read (and thrown away) after the answer. */
export interface Lingering {
  maxMs: number;
  maxBytes: number;
}

/**
 * Answers a refusal as a JSON-RPC error. When the body was not read to its end (a 401 before it, a
 * 413 partway), the answer says `Connection: close` and the connection closes the way nginx's
 * lingering close does: the answer's side is ended, what the client still sends is read and
 * thrown away, within `lingering`'s time and size, and only then is the socket closed. Closing at
 * once, with the client's bytes unread, resets the connection, and clients that send their whole
 * body before they read (Node's http, Python's urllib) see ECONNRESET instead of the status.
 */
export function sendRefusal(
  request: IncomingMessage,
  response: ServerResponse,
  refusal: HttpRefusal,
  lingering: Lingering = HTTP_DEFAULTS.lingering,
): void {
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
  if (unread) closeAfterReading(request, response, lingering);
  response.end(
    JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: refusal.message }, id: null }),
  );
}

/** Once the answer is written: half-close, read and discard within the bounds, then close. */
function closeAfterReading(request: IncomingMessage, response: ServerResponse, lingering: Lingering): void {
  const socket = request.socket;
  // Node closes a `Connection: close` socket as soon as the answer is written (destroySoon); on
  // this socket only, that becomes a half-close, and the full close is left to the code below.
  socket.destroySoon = () => {
    socket.end();
  };
  response.once("finish", () => {
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, lingering.maxMs);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    if (request.readableEnded) {
      close();
      return;
    }
    let received = 0;
    request.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > lingering.maxBytes) close();
    });
    // The body ended, or the client went away (its own half-close after reading the answer).
    request.once("end", close);
    request.once("close", close);
    request.on("error", close);
    request.resume();
  });
}
