/**
 * Streamable HTTP at /mcp, stateful (form elicitation needs the session), secure by default:
 * Host and Origin checks, a bearer token on every MCP request, a body size limit, a cap on live
 * sessions and an idle timeout that releases everything a session held.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { log } from "../log.js";
import {
  bearerMatches,
  defaultAllowedOrigins,
  isAllowedHost,
  isAllowedOrigin,
  requestPath,
} from "./httpSecurity.js";

export const MCP_PATH = "/mcp";
export const HEALTH_PATH = "/healthz";

export interface HttpOptions {
  host: string;
  port: number;
  /** undefined only with the loopback-only test switch: then no token is asked for. */
  token: string | undefined;
  allowedHosts: string[];
  /** Default: this server's own loopback origins, known once the port is. */
  allowedOrigins: string[] | undefined;
  maxSessions: number;
  sessionIdleMs: number;
  maxBodyBytes: number;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
  /** POST requests in flight: a session is never expired under them. */
  inFlight: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Answers a refusal. When the body was not read to its end (a 401 before it, a 413 partway), the
 * connection is closed after the answer rather than left open to keep reading what it refused.
 */
function sendJsonRpcError(request: IncomingMessage, response: ServerResponse, refusal: HttpRefusal): void {
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

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpRefusal(413, `Request body too large: at most ${limit} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpRefusal(413, `Request body too large: at most ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpRefusal(400, "Parse error: the body is not JSON.");
  }
}

export async function startHttpServer(
  createSessionServer: () => McpServer,
  options: HttpOptions,
): Promise<RunningHttpServer> {
  const sessions = new Map<string, Session>();
  const sockets = new Set<Socket>();
  let allowedOrigins = options.allowedOrigins ?? [];

  function checkRequest(request: IncomingMessage): void {
    if (!isAllowedHost(request.headers.host, options.allowedHosts)) {
      throw new HttpRefusal(403, "Forbidden: Host header not allowed (DNS rebinding protection).");
    }
    if (!isAllowedOrigin(request.headers.origin, allowedOrigins)) {
      throw new HttpRefusal(403, "Forbidden: Origin not allowed. Add it to MCP_HTTP_ALLOWED_ORIGINS.");
    }
    if (options.token !== undefined && !bearerMatches(request.headers.authorization, options.token)) {
      const error = request.headers.authorization ? ', error="invalid_token"' : "";
      throw new HttpRefusal(401, "Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>.", {
        "www-authenticate": `Bearer realm="floqer-salesforce-mcp"${error}`,
      });
    }
  }

  async function openSession(): Promise<Session> {
    if (sessions.size >= options.maxSessions) {
      throw new HttpRefusal(
        503,
        `Too many sessions: this server holds at most ${options.maxSessions}. Try again later.`,
        {
          "retry-after": "30",
        },
      );
    }
    const server = createSessionServer();
    const session: Session = {
      server,
      lastSeen: Date.now(),
      inFlight: 0,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, session);
        },
      }),
    };
    session.transport.onclose = () => {
      const id = session.transport.sessionId;
      if (id && sessions.get(id) === session) sessions.delete(id);
    };
    await server.connect(session.transport);
    return session;
  }

  async function closeSession(session: Session): Promise<void> {
    const id = session.transport.sessionId;
    if (id) sessions.delete(id);
    await session.server.close().catch(() => {});
  }

  function existingSession(request: IncomingMessage): Session | undefined {
    const id = request.headers["mcp-session-id"];
    if (id === undefined) return undefined;
    const session = typeof id === "string" ? sessions.get(id) : undefined;
    if (!session)
      throw new HttpRefusal(404, "Session not found: it ended or expired. Initialize a new session.");
    return session;
  }

  async function handleMcp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    checkRequest(request);
    const method = request.method ?? "GET";
    if (!["POST", "GET", "DELETE"].includes(method)) {
      throw new HttpRefusal(405, "Method not allowed.", { allow: "GET, POST, DELETE" });
    }
    let session = existingSession(request);
    let body: unknown;
    if (method === "POST") {
      body = await readBody(request, options.maxBodyBytes);
      if (!session) {
        if (!isInitializeRequest(body)) {
          throw new HttpRefusal(
            400,
            "Bad Request: no Mcp-Session-Id header; start with an initialize request.",
          );
        }
        session = await openSession();
      }
    } else if (!session) {
      throw new HttpRefusal(400, "Bad Request: Mcp-Session-Id header required.");
    }
    const active = session;
    active.lastSeen = Date.now();
    // A GET is the client's standing stream for server messages: it is open while the client
    // is, so it says nothing about activity. A POST in flight (a tool call waiting for the user)
    // keeps the session alive.
    if (method === "POST") {
      active.inFlight++;
      response.once("close", () => {
        active.inFlight--;
        active.lastSeen = Date.now();
      });
    }
    await active.transport.handleRequest(request, response, body);
  }

  function route(request: IncomingMessage, response: ServerResponse): void {
    const path = requestPath(request.url);
    if (path === undefined) {
      sendJsonRpcError(
        request,
        response,
        new HttpRefusal(400, "Bad Request: the request target is not a URL path."),
      );
      return;
    }
    if (path === HEALTH_PATH && request.method === "GET") {
      // Load-balancer probes cannot carry a token; the answer says nothing but that we are up.
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (path !== MCP_PATH) {
      sendJsonRpcError(request, response, new HttpRefusal(404, `Not found: MCP is served at ${MCP_PATH}.`));
      return;
    }
    handleMcp(request, response).catch((error: unknown) => fail(request, response, error));
  }

  /** The one place a failure ends up: a refusal is answered as such, anything else is a 500. */
  function fail(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    try {
      if (error instanceof HttpRefusal) sendJsonRpcError(request, response, error);
      else {
        log.error("HTTP request failed", error);
        sendJsonRpcError(request, response, new HttpRefusal(500, "Internal server error."));
      }
    } catch {
      response.destroy();
    }
  }

  // Nothing a peer sends may throw out of the listener: that would end the process and every session.
  const httpServer: Server = createServer((request, response) => {
    try {
      route(request, response);
    } catch (error) {
      fail(request, response, error);
    }
  });
  httpServer.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - options.sessionIdleMs;
      for (const session of sessions.values()) {
        if (session.inFlight === 0 && session.lastSeen < cutoff) void closeSession(session);
      }
    },
    Math.max(50, Math.min(options.sessionIdleMs / 4, 30_000)),
  );
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  allowedOrigins = options.allowedOrigins ?? defaultAllowedOrigins(port);
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}${MCP_PATH}`,
    port,
    sessionCount: () => sessions.size,
    close: async () => {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map(closeSession));
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
