/**
 * createServer builds the MCP server from its dependencies; transports run it and know nothing
 * of tools.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Settings } from "../config/parse.js";
import { FloqerClient } from "../floqer/client.js";
import { Guard } from "../guard/guard.js";
import { OPTIONS_CACHE_MAX_ENTRIES, TOOL_CALL_DEADLINE_MS } from "../limits.js";
import { registerSecret } from "../log.js";
import { SalesforceCatalog } from "../services/salesforceCatalog.js";
import { SheetGraphs } from "../services/sheetGraphs.js";
import { toolsFor } from "../tools/catalog.js";
import type { ToolContext } from "../tools/tool.js";
import { ICONS, PACKAGE, TITLE, WEBSITE_URL } from "../version.js";
import { formValidator } from "./formValidator.js";
import { instructionsFor } from "./guidance/instructions.js";
import { registerUpdatePrompt } from "./guidance/prompt.js";
import { registerActionReference } from "./guidance/reference.js";
import { registerLiveResources } from "./liveResources.js";
import { registerTools } from "./registerTools.js";

export interface ServerDependencies {
  client: FloqerClient;
  guard: Guard;
  catalog: SalesforceCatalog;
  graphs: SheetGraphs;
  sandbox: boolean;
  /** Only tools that change nothing are offered. */
  readOnly: boolean;
  /** The whole budget of one tool call, the user's time to answer a form included. */
  callDeadlineMs: number;
}

/** The long-lived parts every session shares: one HTTP pool, one cache, one guard. */
export function createDependencies(settings: Settings): ServerDependencies {
  registerSecret(settings.apiKey);
  registerSecret(settings.confirmationSecret);
  const client = new FloqerClient({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    userAgent: `${PACKAGE.name}/${PACKAGE.version}`,
  });
  return {
    client,
    guard: new Guard(settings.apiKey, settings.confirmationSecret, settings.confirmationTtlSeconds),
    catalog: new SalesforceCatalog(client, settings.optionsCacheTtlMs, OPTIONS_CACHE_MAX_ENTRIES),
    graphs: new SheetGraphs(client, settings.optionsCacheTtlMs, OPTIONS_CACHE_MAX_ENTRIES),
    sandbox: settings.sandbox,
    readOnly: settings.readOnly,
    callDeadlineMs: TOOL_CALL_DEADLINE_MS,
  };
}

export function createServer(dependencies: ServerDependencies): McpServer {
  const offered = toolsFor(dependencies.readOnly);
  const server = new McpServer(
    { name: PACKAGE.name, title: TITLE, version: PACKAGE.version, websiteUrl: WEBSITE_URL, icons: ICONS },
    {
      capabilities: { tools: {}, prompts: {}, resources: {}, logging: {} },
      instructions: instructionsFor(offered),
      jsonSchemaValidator: formValidator,
    },
  );
  const context: ToolContext = { ...dependencies };
  registerTools(server, context, offered);
  registerUpdatePrompt(server, offered, dependencies);
  registerActionReference(server);
  registerLiveResources(server, dependencies);
  // The SDK declares listChanged for what is registered; this server's tools, prompt and
  // resources are fixed for its lifetime and it never sends a list_changed, so it says so.
  server.server.registerCapabilities({
    tools: { listChanged: false },
    prompts: { listChanged: false },
    resources: { listChanged: false },
  });
  return server;
}
