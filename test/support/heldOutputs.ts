/**
 * Every answer a test receives, held to its tool's output schema: the server does not check its
 * answers again at run time (src/mcp/registerTools.ts), so the tests do, with the full zod schema
 * (stricter than the compact JSON Schema clients are shown) and no key, at any depth, that the
 * schema does not declare. `holdingAnswers` puts the hold on a client, so every call through it is
 * held, whichever test makes it.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { TOOLS } from "../../src/tools/catalog.js";
import { declaredOutput } from "../../src/tools/schemas.js";

const SCHEMAS = new Map<string, z.ZodObject>();

function schemaOf(name: string, sandbox: boolean): z.ZodObject | undefined {
  const key = `${name}:${sandbox}`;
  let schema = SCHEMAS.get(key);
  if (!schema) {
    const tool = TOOLS.find((candidate) => candidate.name === name);
    if (!tool) return undefined;
    schema = z.object(declaredOutput(tool.outputSchema, sandbox));
    SCHEMAS.set(key, schema);
  }
  return schema;
}

/** The first key in what was sent that the parse dropped (zod drops undeclared keys), as a path. */
function undeclaredKey(sent: unknown, kept: unknown, path: string): string | undefined {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    for (const [index, item] of sent.entries()) {
      const found = undeclaredKey(item, kept[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof sent !== "object" || sent === null || typeof kept !== "object" || kept === null)
    return undefined;
  for (const [key, value] of Object.entries(sent)) {
    const where = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(kept, key)) return where;
    const found = undeclaredKey(value, (kept as Record<string, unknown>)[key], where);
    if (found) return found;
  }
  return undefined;
}

/** The result as given, once its structured answer fits the tool's schema; else a thrown error that shows why. */
export function heldToOutputSchema(name: string, result: CallToolResult, sandbox: boolean): CallToolResult {
  if (result.isError) return result;
  const schema = schemaOf(name, sandbox);
  if (!schema) return result;
  const parsed = schema.safeParse(result.structuredContent);
  let problem: string | undefined;
  if (!parsed.success) problem = z.prettifyError(parsed.error);
  else {
    const undeclared = undeclaredKey(result.structuredContent, parsed.data, "");
    if (undeclared) problem = `undeclared key ${undeclared}`;
  }
  if (problem) throw new Error(`${name} answered outside its output schema: ${problem}`);
  return result;
}

/** The client, with every tool answer it receives held to its tool's output schema. */
export function holdingAnswers(client: Client, sandbox: boolean): Client {
  const callTool = client.callTool.bind(client);
  client.callTool = (async (...args: Parameters<Client["callTool"]>) => {
    const result = await callTool(...args);
    heldToOutputSchema(args[0].name, result as CallToolResult, sandbox);
    return result;
  }) as Client["callTool"];
  return client;
}
