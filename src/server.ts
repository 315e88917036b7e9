/**
 * createServer builds the MCP server from its dependencies; transports run it and know nothing
 * of tools.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Settings } from "./config.js";
import { SalesforceCatalog } from "./floqer/catalog.js";
import { FloqerClient } from "./floqer/client.js";
import { ConfirmationSigner } from "./guard/token.js";
import { OPTIONS_CACHE_MAX_ENTRIES } from "./limits.js";
import { registerSecret } from "./log.js";
import { registerTools } from "./tools/index.js";
import type { ToolContext } from "./tools/tool.js";
import { PACKAGE } from "./version.js";

export interface ServerDependencies {
  client: FloqerClient;
  signer: ConfirmationSigner;
  catalog: SalesforceCatalog;
  sandbox: boolean;
}

/** The long-lived parts every session shares: one HTTP pool, one cache, one signing secret. */
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
    signer: new ConfirmationSigner(settings.confirmationSecret, settings.confirmationTtlSeconds),
    catalog: new SalesforceCatalog(client, settings.optionsCacheTtlMs, OPTIONS_CACHE_MAX_ENTRIES),
    sandbox: settings.sandbox,
  };
}

export const INSTRUCTIONS = `This server configures Floqer's "Salesforce: Update a Record" action (salesforce_update_record).
Order of work: list_workflows (find the workflow by name), get_workflow (find the sheet and its salesforce_update_record_N action), confirm_salesforce_connection (the user must have connected Salesforce in Floqer; it returns the token every change needs), add_salesforce_update_action only if the sheet has no update action yet, list_salesforce_objects, list_salesforce_fields, then configure_salesforce_update with dry_run true, and again without.
The record to update usually comes from a salesforce_lookup_record action earlier in the chain: its {{salesforce_lookup_record_1.record_id}} output is the record_id. To create-or-update by an external ID, Floqer's salesforce_upsert_record action needs no lookup.`;

export function createServer(dependencies: ServerDependencies): McpServer {
  const server = new McpServer(
    { name: PACKAGE.name, title: "Floqer: Salesforce Update a Record", version: PACKAGE.version },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  const context: ToolContext = { ...dependencies };
  registerTools(server, context);
  return server;
}
