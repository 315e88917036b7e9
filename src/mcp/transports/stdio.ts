/** Runs a server over stdio until the client goes away or the process is told to stop. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { log } from "../../log.js";
import { onShutdown } from "./shutdown.js";

export async function runStdio(server: McpServer, cleanup: () => Promise<void>): Promise<void> {
  const shutdown = onShutdown(async () => {
    await server.close().catch(() => {});
    await cleanup();
  });
  // The client closing our stdin is how stdio sessions normally end.
  process.stdin.once("end", shutdown);
  process.stdin.once("close", shutdown);
  await server.connect(new StdioServerTransport());
  log.info("serving MCP over stdio");
}
