/**
 * An HTTP server listening, with its connections tracked so that closing it ends them: a client's
 * keep-alive socket would otherwise hold `close` open until it timed out. The sandbox's emulator
 * and the tests' loopback stand-ins listen through this.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Listening {
  readonly server: Server;
  readonly port: number;
  /** Stops taking connections, ends the open ones, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Listens on `host:port` (default: a free loopback port); rejects if the address cannot be bound. */
export async function listen(
  handler: RequestListener,
  { host = "127.0.0.1", port = 0 }: { host?: string; port?: number } = {},
): Promise<Listening> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      return closed;
    },
  };
}
