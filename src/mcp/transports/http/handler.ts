/**
 * One HTTP request, from target to answer: the health probe, the Host, Origin and bearer checks,
 * the body limit, and the hand-over to the session's transport. Nothing a peer sends may throw out
 * of it: every failure becomes a refusal or a 500, and the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { log } from "../../../log.js";
import { ENV } from "../../../settingNames.js";
import { PACKAGE } from "../../../version.js";
import { bearerMatches, corsHeaders, isAllowedHost, isAllowedOrigin, requestPath } from "../httpSecurity.js";
import { HttpRefusal, type Lingering, sendRefusal } from "./refusal.js";
import type { SessionStore } from "./sessions.js";

export const MCP_PATH = "/mcp";
export const HEALTH_PATH = "/healthz";

export interface RequestRules {
  /** undefined only with the loopback-only test switch: then no token is asked for. */
  token: string | undefined;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  /** How a refused body still on the way is read before the connection closes. */
  lingering: Lingering;
}

/**
 * The body as JSON, within the limit. Past the limit the request is left paused, not destroyed
 * (as leaving a for-await loop would): the refusal is answered, then the connection closes
 * without a reset (see sendRefusal).
 */
async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers["content-length"]);
  const tooLarge = () => new HttpRefusal(413, `Request body too large: at most ${limit} bytes.`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      settle();
      request.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onClose = () => {
      settle();
      reject(new Error("The client closed the connection before its request body ended."));
    };
    request.on("data", onData).once("end", onEnd).once("error", onError).once("close", onClose);
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpRefusal(400, "Parse error: the body is not JSON.");
  }
}

/**
 * Host and Origin first; then, for a page on an allowed origin, its CORS headers on whatever is
 * answered (a refusal included, so the page can read why); a preflight is answered there, before
 * the token it cannot carry; then the token.
 */
function checkRequest(
  request: IncomingMessage,
  response: ServerResponse,
  rules: RequestRules,
): "preflight" | undefined {
  if (!isAllowedHost(request.headers.host, rules.allowedHosts)) {
    throw new HttpRefusal(403, "Forbidden: Host header not allowed (DNS rebinding protection).");
  }
  if (!isAllowedOrigin(request.headers.origin, rules.allowedOrigins)) {
    throw new HttpRefusal(403, `Forbidden: Origin not allowed. Add it to ${ENV.httpAllowedOrigins}.`);
  }
  const preflight = request.method === "OPTIONS" && request.headers.origin !== undefined;
  const cors = corsHeaders(request.headers.origin, rules.allowedOrigins, preflight);
  for (const [name, value] of Object.entries(cors ?? {})) response.setHeader(name, value);
  if (preflight) return "preflight";
  if (rules.token !== undefined && !bearerMatches(request.headers.authorization, rules.token)) {
    const error = request.headers.authorization ? ', error="invalid_token"' : "";
    throw new HttpRefusal(401, `Unauthorized: send Authorization: Bearer <${ENV.httpToken}>.`, {
      "www-authenticate": `Bearer realm="${PACKAGE.name}"${error}`,
    });
  }
  return undefined;
}

async function handleMcp(
  request: IncomingMessage,
  response: ServerResponse,
  sessions: SessionStore,
  rules: RequestRules,
): Promise<void> {
  if (checkRequest(request, response, rules) === "preflight") {
    response.writeHead(204).end();
    return;
  }
  const method = request.method ?? "GET";
  if (!["POST", "GET", "DELETE"].includes(method)) {
    throw new HttpRefusal(405, "Method not allowed.", { allow: "GET, POST, DELETE" });
  }
  let session = sessions.find(request.headers["mcp-session-id"]);
  let body: unknown;
  if (method === "POST") {
    body = await readBody(request, rules.maxBodyBytes);
    if (!session) {
      if (!isInitializeRequest(body)) {
        throw new HttpRefusal(
          400,
          "Bad Request: no Mcp-Session-Id header; start with an initialize request.",
        );
      }
      session = await sessions.open();
    }
  } else if (!session) {
    throw new HttpRefusal(400, "Bad Request: Mcp-Session-Id header required.");
  }
  const active = session;
  active.lastSeen = Date.now();
  // A GET is the client's standing stream for server messages: it is open while the client is, so
  // it says nothing about activity. A POST in flight (a tool call waiting for the user) keeps the
  // session alive.
  if (method === "POST") {
    active.inFlight++;
    response.once("close", () => {
      active.inFlight--;
      active.lastSeen = Date.now();
    });
  }
  await active.transport.handleRequest(request, response, body);
}

/** The one place a failure ends up: a refusal is answered as such, anything else is a 500. */
function fail(
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  lingering: Lingering,
): void {
  try {
    if (error instanceof HttpRefusal) sendRefusal(request, response, error, lingering);
    else {
      log.error("HTTP request failed", error);
      sendRefusal(request, response, new HttpRefusal(500, "Internal server error."), lingering);
    }
  } catch {
    response.destroy();
  }
}

/** The request listener: routes by path, and never lets an error out. */
export function requestHandler(sessions: SessionStore, rules: () => RequestRules) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const current = rules();
    try {
      const path = requestPath(request.url);
      if (path === undefined) {
        sendRefusal(
          request,
          response,
          new HttpRefusal(400, "Bad Request: the request target is not a URL path."),
          current.lingering,
        );
      } else if (path === HEALTH_PATH && request.method === "GET") {
        // Load-balancer probes cannot carry a token; the answer says nothing but that we are up.
        response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      } else if (path !== MCP_PATH) {
        sendRefusal(
          request,
          response,
          new HttpRefusal(404, `Not found: MCP is served at ${MCP_PATH}.`),
          current.lingering,
        );
      } else {
        handleMcp(request, response, sessions, current).catch((error: unknown) =>
          fail(request, response, error, current.lingering),
        );
      }
    } catch (error) {
      fail(request, response, error, current.lingering);
    }
  };
}
