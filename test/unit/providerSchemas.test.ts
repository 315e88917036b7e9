/**
 * The advertised input schemas as model providers take them, checked with the providers' own
 * code where it runs on this Node: Anthropic's strict transform keeps every field.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { transformJSONSchema } from "@anthropic-ai/sdk/lib/transform-json-schema";
import { TOOLS } from "../../src/tools/index.js";
import { toolListing } from "../../src/tools/listing.js";

/** Every property path in a schema, e.g. add_fields_and_their_values[].name. */
function paths(schema: unknown, prefix = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as { properties?: Record<string, unknown>; items?: unknown };
  const own = Object.entries(node.properties ?? {}).flatMap(([name, child]) => [
    `${prefix}${name}`,
    ...paths(child, `${prefix}${name}.`),
  ]);
  return node.items ? [...own, ...paths(node.items, `${prefix.replace(/\.$/, "")}[].`)] : own;
}

describe("input schemas for model providers", () => {
  for (const tool of toolListing(TOOLS)) {
    it(`${tool.name} goes through Anthropic's strict transform without losing a field`, () => {
      const strict = transformJSONSchema(structuredClone(tool.inputSchema) as never) as unknown;
      assert.deepEqual(paths(strict).sort(), paths(tool.inputSchema).sort());
      assert.equal((strict as { additionalProperties?: unknown }).additionalProperties, false);
    });
  }
});
