import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { heldToOutputSchema, holdingAnswers } from "../support/heldOutputs.js";

const answer = (structuredContent: Record<string, unknown>): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(structuredContent) }],
  structuredContent,
});

describe("the tests' hold on every answer", () => {
  const objects = { objects: [{ name: "Lead", label: "Lead" }], total: 1 };

  it("passes an answer that fits its tool's output schema", () => {
    assert.doesNotThrow(() => heldToOutputSchema("list_salesforce_objects", answer(objects), false));
    assert.doesNotThrow(() =>
      heldToOutputSchema("list_salesforce_objects", answer({ ...objects, sandbox: true }), true),
    );
  });

  it("fails a wrong type, a missing key, and a key the schema does not declare, at any depth", () => {
    for (const wrong of [
      { ...objects, total: "1" },
      { objects: objects.objects },
      { ...objects, secret: "x" },
      { ...objects, sandbox: true },
      { ...objects, objects: [{ name: "Lead", label: "Lead", api_key: "floq_x" }] },
    ]) {
      assert.throws(
        () => heldToOutputSchema("list_salesforce_objects", answer(wrong), false),
        /list_salesforce_objects answered outside its output schema/,
        JSON.stringify(wrong),
      );
    }
  });

  it("names where the undeclared key is", () => {
    assert.throws(
      () =>
        heldToOutputSchema(
          "list_salesforce_objects",
          answer({ ...objects, objects: [objects.objects[0], { name: "A", label: "A", extra: 1 }] }),
          false,
        ),
      /undeclared key objects\[1\]\.extra/,
    );
  });

  it("holds every call made through a held client", async () => {
    const client = holdingAnswers(new Client({ name: "t", version: "1" }), false);
    Object.assign(client, { request: async () => ({ ...answer({ ...objects, extra: true }) }) });
    await assert.rejects(
      client.callTool({ name: "list_salesforce_objects", arguments: {} }),
      /undeclared key extra/,
    );
  });

  it("leaves errors alone", () => {
    const error: CallToolResult = { isError: true, content: [{ type: "text", text: "no" }] };
    assert.equal(heldToOutputSchema("list_salesforce_objects", error, false), error);
  });
});
