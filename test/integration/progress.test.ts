/**
 * Progress, through a real SDK client that asks for it: a call of several upstream steps, one that
 * waits on a retry, and one that waits on the user's form each tell the client what they wait on,
 * in words a person reads; a client that does not ask gets none.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { confirmedToken, DEMO_LOCATION, type Harness, withHarness } from "../support/harness.js";

async function callWithProgress(harness: Harness, name: string, args: Record<string, unknown>) {
  const notes: { progress: number; message?: string }[] = [];
  const result = (await harness.client.callTool({ name, arguments: args }, undefined, {
    onprogress: (note) => notes.push(note),
  })) as CallToolResult;
  return { result, notes };
}

const UPDATE = {
  ...DEMO_LOCATION,
  record_id: "{{salesforce_lookup_record_1.records_found.Id}}",
  salesforce_object: "Contact",
  add_fields_and_their_values: [{ name: "Title", value: "{{input.job_title}}" }],
};

describe("progress", () => {
  it("a slow call of several upstream steps says each, numbered as it goes", async () => {
    await withHarness({ emulator: { latencyMs: 150 } }, async (harness) => {
      const token = await confirmedToken(harness);
      const { result, notes } = await callWithProgress(harness, "configure_salesforce_update", {
        ...UPDATE,
        confirmation_token: token,
      });
      assert.equal(result.isError, undefined);
      assert.deepEqual(
        notes.map((note) => note.message),
        [
          "Reading the sheet's actions from Floqer.",
          "Reading the Salesforce objects Floqer lists.",
          "Reading the fields of Contact.",
          "Sending the configuration to Floqer.",
        ],
      );
      assert.deepEqual(
        notes.map((note) => note.progress),
        [1, 2, 3, 4],
      );
    });
  });

  it("a call waiting on a retry says so", async () => {
    await withHarness({}, async (harness) => {
      harness.emulator.faults.push({ method: "GET", path: "/workflows/", status: 503, times: 1 });
      const { result, notes } = await callWithProgress(harness, "list_workflows", {});
      assert.equal(result.isError, undefined);
      assert.ok(
        notes.some((note) => /503|retry|again/i.test(note.message ?? "")),
        JSON.stringify(notes),
      );
    });
  });

  it("a call waiting on the user's form says so while the form is open", async () => {
    const notes: { message?: string }[] = [];
    let heardBeforeAnswer = -1;
    await withHarness(
      {
        elicit: () => {
          // What the client had been told when the form reached the user.
          heardBeforeAnswer = notes.length;
          return { action: "accept", content: { connected: true } };
        },
      },
      async (harness) => {
        const result = (await harness.client.callTool(
          { name: "confirm_salesforce_connection", arguments: {} },
          undefined,
          { onprogress: (note) => notes.push(note) },
        )) as CallToolResult;
        assert.equal((result.structuredContent as { status: string }).status, "confirmed");
      },
    );
    assert.equal(heardBeforeAnswer, 1, "told before the form was answered");
    assert.deepEqual(
      notes.map((note) => note.message),
      ["Waiting for the user's answer in the form."],
    );
  });

  it("a client that does not ask for progress gets none", async () => {
    await withHarness({}, async (harness) => {
      const seen: unknown[] = [];
      harness.client.fallbackNotificationHandler = async (notification) => {
        seen.push(notification);
      };
      const token = await confirmedToken(harness);
      await harness.client.callTool({
        name: "configure_salesforce_update",
        arguments: { ...UPDATE, confirmation_token: token },
      });
      assert.ok(!seen.some((note) => (note as { method: string }).method === "notifications/progress"));
    });
  });
});
