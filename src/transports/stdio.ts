/** Runs a server over stdio until the client goes away or the process is told to stop. */

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

export async function runStdio(server: McpServer, cleanup: () => Promise<void>): Promise<void> {
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await cleanup();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  // The client closing our stdin is how stdio sessions normally end.
  process.stdin.once("end", shutdown);
  process.stdin.once("close", shutdown);
  await server.connect(transport);
}
