/**
 * What the user types to set each setting, the one place it is written: its environment variable
 * and its command-line flag. The settings table (src/config/table.ts) takes its names from here,
 * and so does every message that tells the user to set one. Imports nothing, so the Floqer client
 * can name a variable without importing the settings (which import its endpoints).
 */
export const ENV = {
  apiKey: "FLOQER_API_KEY",
  baseUrl: "FLOQER_BASE_URL",
  timeoutMs: "FLOQER_TIMEOUT_MS",
  sandbox: "FLOQER_SANDBOX",
  readOnly: "FLOQER_READ_ONLY",
  optionsCacheTtlMs: "FLOQER_OPTIONS_CACHE_TTL_SECONDS",
  maxResponseBytes: "FLOQER_MAX_RESPONSE_BYTES",
  confirmationSecret: "MCP_CONFIRMATION_SECRET",
  confirmationTtlSeconds: "MCP_CONFIRMATION_TTL_SECONDS",
  http: "MCP_HTTP",
  httpHost: "MCP_HTTP_HOST",
  httpPort: "MCP_HTTP_PORT",
  httpToken: "MCP_HTTP_TOKEN",
  httpAllowedHosts: "MCP_HTTP_ALLOWED_HOSTS",
  httpAllowedOrigins: "MCP_HTTP_ALLOWED_ORIGINS",
  httpMaxSessions: "MCP_HTTP_MAX_SESSIONS",
  httpSessionIdleMs: "MCP_HTTP_SESSION_IDLE_SECONDS",
  httpMaxBodyBytes: "MCP_HTTP_MAX_BODY_BYTES",
  httpInstanceName: "MCP_HTTP_INSTANCE_NAME",
} as const;

export const FLAG = {
  sandbox: "--sandbox",
  readOnly: "--read-only",
  http: "--http",
  httpHost: "--host",
  httpPort: "--port",
  httpNoAuthForTests: "--test-only-no-auth",
} as const;
