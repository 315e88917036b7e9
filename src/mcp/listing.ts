/**
 * The tools/list answer, written from the tool definitions once and kept: every client pays for
 * these tokens in every conversation, so the JSON Schema is made compact: no `$schema`, no
 * safe-integer bounds, no string length bounds (the server refuses an over-long value with a clear
 * error), no `propertyNames` of plain objects, no `additionalProperties` on outputs, no empty
 * `additionalProperties` schema anywhere, no `type` beside an output's `const`. Input objects are
 * closed (`additionalProperties: false`) and each input property has one type, as strict tool modes
 * and Gemini's function declarations want. Types, required fields, enums and array bounds stay.
 * The server still checks every input against the full zod schemas; the tests hold every answer to
 * the full output schemas (test/support/heldOutputs.ts).
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { declaredOutput } from "../tools/schemas.js";
import type { AnyToolDefinition } from "../tools/tool.js";
import { BUILT_LISTED_SCHEMAS, type ListedSchemas } from "./builtListing.js";

type JsonSchema = Record<string, unknown>;

function isEmptySchema(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

function compact(node: unknown, io: "input" | "output"): unknown {
  if (Array.isArray(node)) return node.map((item) => compact(item, io));
  if (typeof node !== "object" || node === null) return node;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema" || key === "minLength" || key === "maxLength") continue;
    if (key === "propertyNames" && (value as JsonSchema).type === "string") continue;
    if ((key === "minimum" || key === "maximum") && Math.abs(value as number) === Number.MAX_SAFE_INTEGER)
      continue;
    if (io === "output" && key === "additionalProperties" && value === false) continue;
    // Providers' function schemas take one type per property (Gemini); a value that may also be a
    // number or a boolean is advertised as the string it becomes, and still accepted as either.
    if (io === "input" && key === "type" && Array.isArray(value)) {
      result.type = value.includes("string") ? "string" : value[0];
      continue;
    }
    // An empty schema allows anything, which is what leaving it out says too.
    if (key === "additionalProperties" && isEmptySchema(value)) continue;
    result[key] = compact(value, io);
  }
  // Strict tool modes (OpenAI's, Anthropic's) need every input object closed.
  if (io === "input" && result.type === "object" && result.properties) result.additionalProperties = false;
  if (io === "output") return compactOutput(result);
  return result;
}

/**
 * Outputs say the same in fewer tokens: a `const` needs no `type` beside it, and an array of
 * anything needs no empty `items`.
 */
function compactOutput(node: JsonSchema): JsonSchema {
  if (node.const !== undefined) delete node.type;
  if (isEmptySchema(node.items)) delete node.items;
  return node;
}

function jsonSchemaOf(shape: z.ZodRawShape, io: "input" | "output"): Tool["inputSchema"] {
  return compact(z.toJSONSchema(z.object(shape), { io, target: "draft-7" }), io) as Tool["inputSchema"];
}

/** Every tool's listed schemas, by name, written from the definitions. */
export function listedSchemasOf(tools: readonly AnyToolDefinition[]): Record<string, ListedSchemas> {
  return Object.fromEntries(
    tools.map((tool) => [
      tool.name,
      {
        input: jsonSchemaOf(tool.inputSchema, "input"),
        output: jsonSchemaOf(declaredOutput(tool.outputSchema, false), "output") as Tool["outputSchema"],
        sandboxOutput: jsonSchemaOf(
          declaredOutput(tool.outputSchema, true),
          "output",
        ) as Tool["outputSchema"],
      },
    ]),
  );
}

function listedSchemas(tool: AnyToolDefinition): ListedSchemas {
  // The published bundle carries them, written by its build; from source they are written here.
  const built =
    BUILT_LISTED_SCHEMAS && Object.hasOwn(BUILT_LISTED_SCHEMAS, tool.name)
      ? BUILT_LISTED_SCHEMAS[tool.name]
      : undefined;
  return built ?? (listedSchemasOf([tool])[tool.name] as ListedSchemas);
}

export function toolListing(tools: readonly AnyToolDefinition[], sandbox: boolean): Tool[] {
  return tools.map((tool) => {
    const schemas = listedSchemas(tool);
    return {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: schemas.input,
      outputSchema: sandbox ? schemas.sandboxOutput : schemas.output,
      annotations: tool.annotations,
    };
  });
}
