/**
 * Streamable HTTP at /mcp, stateful (form elicitation needs the session), secure by default: Host
 * and Origin checks, a bearer token on every MCP request, a body size limit, a cap on live
 * sessions and an idle timeout that releases everything a session held. This is the listener; the
 * sessions and the request handling live beside it, in http/.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { HTTP_DEFAULTS } from "../../limits.js";
import { HEALTH_PATH, MCP_PATH, type RequestRules, requestHandler } from "./http/handler.js";
import type { Lingering } from "./http/refusal.js";
import { SessionStore } from "./http/sessions.js";
import { defaultAllowedHosts, defaultAllowedOrigins } from "./httpSecurity.js";

export { HEALTH_PATH, MCP_PATH };

export interface HttpOptions {
  host: string;
  port: number;
  /** undefined only with the loopback-only test switch: then no token is asked for. */
  token: string | undefined;
  /** Default: the loopback names when bound to loopback. */
  allowedHosts: string[] | undefined;
  /** Default: this server's own loopback origins, known once the port is. */
  allowedOrigins: string[] | undefined;
  maxSessions: number;
  sessionIdleMs: number;
  maxBodyBytes: number;
  /** This instance's name, leading every session id it makes; undefined for a lone instance. */
  instanceName?: string | undefined;
  /** How long and how much of a refused body is still read before its connection closes. */
  lingering?: Lingering;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

export async function startHttpServer(
  createSessionServer: () => McpServer,
  options: HttpOptions,
): Promise<RunningHttpServer> {
  const sessions = new SessionStore(
    createSessionServer,
    options.maxSessions,
    options.sessionIdleMs,
    options.instanceName,
  );
  const sockets = new Set<Socket>();
  // The allow-lists' defaults are resolved here, and only here; the origins need the bound port.
  const rules: RequestRules = {
    token: options.token,
    allowedHosts: options.allowedHosts ?? defaultAllowedHosts(options.host),
    allowedOrigins: options.allowedOrigins ?? [],
    maxBodyBytes: options.maxBodyBytes,
    lingering: options.lingering ?? HTTP_DEFAULTS.lingering,
  };
  const httpServer: Server = createServer(requestHandler(sessions, () => rules));
  httpServer.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  rules.allowedOrigins = options.allowedOrigins ?? defaultAllowedOrigins(port);
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}${MCP_PATH}`,
    port,
    sessionCount: () => sessions.count,
    close: async () => {
      await sessions.closeAll();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
