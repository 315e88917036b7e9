/**
 * The advertised input schemas as model providers take them, each put through the provider
 * library's own conversion (the versions whose lines run on Node 20):
 * - Anthropic: `@anthropic-ai/sdk`'s strict transform keeps every field.
 * - OpenAI: the OpenAI Agents SDK turns each MCP tool into a strict function tool (it falls back to
 *   a non-strict one when it cannot), and the schema it sends passes OpenAI's strict-mode rules.
 * - Gemini: `@google/genai` converts each schema into a function declaration's `Schema` as it
 *   builds a real request, caught here on loopback, and every node fits that type.
 * No field may be lost on the way.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { transformJSONSchema } from "@anthropic-ai/sdk/lib/transform-json-schema";
import { GoogleGenAI, type Schema, Type } from "@google/genai";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { type MCPServer, mcpToFunctionTool, RunContext } from "@openai/agents-core";
import { toolListing } from "../../src/mcp/listing.js";
import { TOOLS } from "../../src/tools/catalog.js";
import { type FakeGemini, startFakeGemini } from "../support/fakeGemini.js";

const LISTED = toolListing(TOOLS, false);

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every property path in a schema, e.g. `add_fields_and_their_values[].name`, seen through the
 * wrappers providers add (`anyOf: [schema, null]` for an optional property in OpenAI's strict mode).
 */
function paths(schema: unknown, prefix = ""): string[] {
  if (!isNode(schema)) return [];
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.flatMap((branch) => paths(branch, prefix)) : [];
  const own = Object.entries(isNode(schema.properties) ? schema.properties : {}).flatMap(([name, child]) => [
    `${prefix}${name}`,
    ...paths(child, `${prefix}${name}.`),
  ]);
  const items = schema.items ? paths(schema.items, `${prefix.replace(/\.$/, "")}[].`) : [];
  return [...new Set([...branches, ...own, ...items])].sort();
}

/** Every schema node under a root, with its path, the root included. */
function nodes(schema: unknown, at = "$"): Array<[string, Node]> {
  if (!isNode(schema)) return [];
  const children: Array<[string, unknown]> = [
    ...Object.entries(isNode(schema.properties) ? schema.properties : {}).map(
      ([name, child]): [string, unknown] => [`${at}.${name}`, child],
    ),
    ...(schema.items === undefined ? [] : [[`${at}[]`, schema.items] as [string, unknown]]),
    ...(Array.isArray(schema.anyOf)
      ? schema.anyOf.map((branch, index): [string, unknown] => [`${at}|${index}`, branch])
      : []),
    ...Object.entries(isNode(schema.$defs) ? schema.$defs : {}).map(([name, child]): [string, unknown] => [
      `${at}#${name}`,
      child,
    ]),
  ];
  return [[at, schema], ...children.flatMap(([path, child]) => nodes(child, path))];
}

/**
 * OpenAI's strict-mode rules for function parameters (Structured Outputs, "Supported schemas"):
 * the root is an object and not an `anyOf`; every object sets `additionalProperties: false` and
 * lists every property in `required`; types come from the supported set; only the supported
 * keywords appear (`default`, for one, is refused); at most 10 levels of nesting, 5,000
 * properties and 1,000 enum values. Returns each rule broken, with where.
 */
function openAIStrictProblems(root: Node): string[] {
  const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
  const KEYWORDS = new Set([
    "type",
    "description",
    "title",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "$defs",
    "$ref",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
  ]);
  const problems: string[] = [];
  if (root.type !== "object") problems.push("$: the root must be an object");
  if (root.anyOf !== undefined) problems.push("$: the root must not be an anyOf");
  let properties = 0;
  let enumValues = 0;
  for (const [at, node] of nodes(root)) {
    for (const key of Object.keys(node)) {
      if (!KEYWORDS.has(key)) problems.push(`${at}: keyword ${key} is not supported`);
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const type of types) if (!TYPES.has(String(type))) problems.push(`${at}: type ${type}`);
    if (
      node.type === undefined &&
      node.anyOf === undefined &&
      node.$ref === undefined &&
      node.enum === undefined
    )
      problems.push(`${at}: no type`);
    if (types.includes("object") || node.properties !== undefined) {
      if (node.additionalProperties !== false) problems.push(`${at}: additionalProperties must be false`);
      const keys = Object.keys(isNode(node.properties) ? node.properties : {});
      properties += keys.length;
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      for (const key of keys) if (!required.has(key)) problems.push(`${at}.${key}: not in required`);
    }
    if (Array.isArray(node.enum)) enumValues += node.enum.length;
    const depth = at.split(/[.[|#]/).length - 1;
    if (depth > 10) problems.push(`${at}: more than 10 levels of nesting`);
  }
  if (properties > 5_000) problems.push(`${properties} properties, more than 5,000`);
  if (enumValues > 1_000) problems.push(`${enumValues} enum values, more than 1,000`);
  return problems;
}

/**
 * The fields of `@google/genai`'s `Schema`, checked against the library's own type by the
 * compiler: a field missing here, or one it does not have, fails the type check.
 */
const GEMINI_SCHEMA_FIELDS = {
  anyOf: true,
  default: true,
  description: true,
  enum: true,
  example: true,
  format: true,
  items: true,
  maxItems: true,
  maxLength: true,
  maxProperties: true,
  maximum: true,
  minItems: true,
  minLength: true,
  minProperties: true,
  minimum: true,
  nullable: true,
  pattern: true,
  properties: true,
  propertyOrdering: true,
  required: true,
  title: true,
  type: true,
} satisfies Record<keyof Schema, true>;

/** Where a converted schema leaves Gemini's `Schema`: an unknown field, a type outside `Type`, a bad value. */
function geminiSchemaProblems(root: Node): string[] {
  const problems: string[] = [];
  const types = new Set<string>(Object.values(Type).filter((type) => type !== Type.TYPE_UNSPECIFIED));
  // Schema's int64 fields: JSON numbers or decimal strings, as proto3's JSON mapping takes them.
  const int64 = (value: unknown) =>
    Number.isSafeInteger(value) || (typeof value === "string" && /^\d+$/.test(value));
  for (const [at, node] of nodes(root)) {
    for (const key of Object.keys(node)) {
      if (!(key in GEMINI_SCHEMA_FIELDS)) problems.push(`${at}: ${key} is not a Schema field`);
    }
    if (typeof node.type !== "string" || !types.has(node.type))
      problems.push(`${at}: type ${String(node.type)}`);
    for (const key of ["maxItems", "minItems", "maxLength", "minLength", "maxProperties", "minProperties"]) {
      if (key in node && !int64(node[key])) problems.push(`${at}: ${key} is not an int64`);
    }
    if ("description" in node && typeof node.description !== "string") problems.push(`${at}: description`);
    const keys = Object.keys(isNode(node.properties) ? node.properties : {});
    for (const name of Array.isArray(node.required) ? node.required : []) {
      if (!keys.includes(name)) problems.push(`${at}: required ${name} is not a property`);
    }
  }
  return problems;
}

describe("input schemas for model providers", () => {
  for (const tool of LISTED) {
    it(`${tool.name}: Anthropic's strict transform keeps every field`, () => {
      const strict = transformJSONSchema(structuredClone(tool.inputSchema) as never) as unknown;
      assert.deepEqual(paths(strict), paths(tool.inputSchema));
      assert.equal((strict as { additionalProperties?: unknown }).additionalProperties, false);
    });
  }

  describe("OpenAI Agents SDK", () => {
    /** What the SDK asks of an MCP server to wrap one of its tools; the calls are caught. */
    const calls: Array<{ name: string; args: unknown }> = [];
    const server = {
      name: "floqer",
      callTool: async (name: string, args: unknown) => {
        calls.push({ name, args });
        return [{ type: "text", text: "{}" }];
      },
    } as unknown as MCPServer;

    for (const tool of LISTED) {
      it(`${tool.name}: converts to a strict function tool that meets OpenAI's strict-mode rules`, () => {
        const converted = mcpToFunctionTool(tool as never, server, true);
        assert.equal(
          converted.strict,
          true,
          "the SDK kept strict mode (it falls back to non-strict when it cannot)",
        );
        const parameters = converted.parameters as unknown as Node;
        assert.deepEqual(openAIStrictProblems(parameters), []);
        assert.deepEqual(paths(parameters), paths(tool.inputSchema));
      });
    }

    it("the rules checker refuses what strict mode refuses", () => {
      const open = { type: "object", properties: { a: { type: "string", default: "x" } } };
      assert.deepEqual(openAIStrictProblems(open), [
        "$: additionalProperties must be false",
        "$.a: not in required",
        "$.a: keyword default is not supported",
      ]);
    });

    it("a strict call with every optional argument null reaches the server without the nulls", async () => {
      const tool = LISTED.find((candidate) => candidate.name === "configure_salesforce_update") as Tool;
      const converted = mcpToFunctionTool(tool as never, server, true);
      const properties = Object.keys(tool.inputSchema.properties ?? {});
      const required = new Set(tool.inputSchema.required ?? []);
      const given = {
        workflow_id: "wf_1",
        action_instance_id: "salesforce_update_record_1",
      };
      assert.deepEqual([...required].sort(), Object.keys(given).sort(), "the required arguments");
      const asAModelSends = Object.fromEntries(
        properties.map((name) => [name, required.has(name) ? given[name as keyof typeof given] : null]),
      );
      calls.length = 0;
      await converted.invoke(new RunContext(), JSON.stringify(asAModelSends));
      assert.deepEqual(calls, [{ name: tool.name, args: given }]);
    });
  });

  describe("@google/genai", () => {
    let gemini: FakeGemini;
    before(async () => {
      gemini = await startFakeGemini(() => [{ text: "ok" }]);
    });
    after(() => gemini.close());

    it("every tool becomes a function declaration whose parameters fit Gemini's Schema, no field lost", async () => {
      const ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: gemini.baseUrl } });
      await ai.models.generateContent({
        model: "gemini-2.5-flash",
        contents: "Configure the update.",
        config: {
          tools: [
            {
              functionDeclarations: LISTED.map((tool) => ({
                name: tool.name,
                description: tool.description,
                // JSON Schema as advertised (lower-case types): the SDK converts it to Schema itself.
                parameters: structuredClone(tool.inputSchema) as unknown as Schema,
              })),
            },
          ],
        },
      });
      const sent = gemini.requests.at(-1) as {
        tools: Array<{ functionDeclarations: Array<{ name: string; parameters: Node }> }>;
      };
      const declarations = sent.tools[0]?.functionDeclarations ?? [];
      assert.deepEqual(
        declarations.map((declaration) => declaration.name),
        LISTED.map((tool) => tool.name),
      );
      for (const [index, declaration] of declarations.entries()) {
        assert.deepEqual(geminiSchemaProblems(declaration.parameters), [], declaration.name);
        assert.deepEqual(paths(declaration.parameters), paths(LISTED[index]?.inputSchema), declaration.name);
      }
    });

    it("the Schema checker refuses a type list", () => {
      assert.deepEqual(
        geminiSchemaProblems({ type: "OBJECT", properties: { v: { type: ["string", "number"] } } }),
        ["$.v: type string,number"],
      );
    });
  });
});
