// The floor for memory per open HTTP session: a bare MCP SDK server with one trivial tool over
// Streamable HTTP, one transport and server per session, as the SDK's own examples keep them.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const transports = new Map();
const http = createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  const parsed = body ? JSON.parse(body) : undefined;
  const id = request.headers["mcp-session-id"];
  let transport = typeof id === "string" ? transports.get(id) : undefined;
  if (!transport) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => transports.set(sessionId, transport),
    });
    transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
    const server = new McpServer({ name: "floor", version: "1.0.0" });
    server.registerTool("echo", { description: "Echo", inputSchema: { text: z.string() } }, ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    await server.connect(transport);
  }
  await transport.handleRequest(request, response, parsed);
});
http.listen(0, "127.0.0.1", () => {
  process.stderr.write(`listening on http://127.0.0.1:${http.address().port}/mcp\n`);
});
