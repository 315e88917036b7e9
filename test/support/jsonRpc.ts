/** Raw JSON-RPC messages, for the tests and benchmarks that speak MCP without a client library. */

export const INITIALIZE_REQUEST = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
} as const;

export const INITIALIZED_NOTIFICATION = { jsonrpc: "2.0", method: "notifications/initialized" } as const;

/** The handshake followed by `requests`, numbered from 2, as newline-delimited stdio frames. */
export function stdioFrames(requests: { method: string; params?: unknown }[]): string {
  const messages = [
    INITIALIZE_REQUEST,
    INITIALIZED_NOTIFICATION,
    ...requests.map((request, index) => ({ jsonrpc: "2.0", id: index + 2, ...request })),
  ];
  return `${messages.map((message) => JSON.stringify(message)).join("\n")}\n`;
}
