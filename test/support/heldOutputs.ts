/**
 * Every answer a test receives, held to its tool's output schema: the server does not check its
 * answers again at run time (src/mcp/registerTools.ts), so the tests do, with the full zod schema
 * (stricter than the compact JSON Schema clients are shown) and no key the schema does not declare.
 */
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
    schema = z.strictObject(declaredOutput(tool.outputSchema, sandbox));
    SCHEMAS.set(key, schema);
  }
  return schema;
}

/** The result as given, once its structured answer fits the tool's schema; else a thrown error that shows why. */
export function heldToOutputSchema(name: string, result: CallToolResult, sandbox: boolean): CallToolResult {
  if (result.isError) return result;
  const schema = schemaOf(name, sandbox);
  if (!schema) return result;
  const parsed = schema.safeParse(result.structuredContent);
  if (!parsed.success) {
    throw new Error(`${name} answered outside its output schema: ${z.prettifyError(parsed.error)}`);
  }
  return result;
}
