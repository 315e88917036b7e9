/**
 * The live MCP sessions of the HTTP transport: opened on initialize, found by Mcp-Session-Id,
 * closed by the client, on shutdown, or after sitting idle. A cap keeps one instance's memory in check.
 */
import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { HttpRefusal } from "./refusal.js";

export interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
  /** POST requests in flight: a session is never expired under them. */
  inFlight: number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #createServer: () => McpServer;
  readonly #maxSessions: number;
  readonly #idleMs: number;
  readonly #sweep: NodeJS.Timeout;
  /** Leads every session id, so a load balancer can send a session back to this instance. */
  readonly #idPrefix: string;

  constructor(createServer: () => McpServer, maxSessions: number, idleMs: number, instanceName?: string) {
    this.#createServer = createServer;
    this.#idPrefix = instanceName ? `${instanceName}.` : "";
    this.#maxSessions = maxSessions;
    this.#idleMs = idleMs;
    this.#sweep = setInterval(() => this.expireIdle(), Math.max(50, Math.min(idleMs / 4, 30_000)));
    this.#sweep.unref();
  }

  get count(): number {
    return this.#sessions.size;
  }

  async open(): Promise<Session> {
    if (this.#sessions.size >= this.#maxSessions) {
      throw new HttpRefusal(
        503,
        `Too many sessions: this server holds at most ${this.#maxSessions}. Try again later.`,
        {
          "retry-after": "30",
        },
      );
    }
    const server = this.#createServer();
    const session: Session = {
      server,
      lastSeen: Date.now(),
      inFlight: 0,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => `${this.#idPrefix}${randomUUID()}`,
        onsessioninitialized: (id) => {
          this.#sessions.set(id, session);
        },
      }),
    };
    session.transport.onclose = () => {
      const id = session.transport.sessionId;
      if (id && this.#sessions.get(id) === session) this.#sessions.delete(id);
    };
    await server.connect(session.transport);
    return session;
  }

  /** The session a request names, undefined when it names none; a refusal when it is gone. */
  find(id: string | string[] | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = typeof id === "string" ? this.#sessions.get(id) : undefined;
    if (!session)
      throw new HttpRefusal(404, "Session not found: it ended or expired. Initialize a new session.");
    return session;
  }

  async close(session: Session): Promise<void> {
    const id = session.transport.sessionId;
    if (id) this.#sessions.delete(id);
    await session.server.close().catch(() => {});
  }

  expireIdle(now = Date.now()): void {
    const cutoff = now - this.#idleMs;
    for (const session of this.#sessions.values()) {
      if (session.inFlight === 0 && session.lastSeen < cutoff) void this.close(session);
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweep);
    await Promise.all([...this.#sessions.values()].map((session) => this.close(session)));
  }
}
