/** Guidance for agents (instructions, prompt, reference resource), URL elicitation, read-only mode. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  ElicitRequestURLParams,
  GetPromptResult,
  TextContent,
} from "@modelcontextprotocol/sdk/types.js";
import { SETTINGS } from "../../src/config/table.js";
import { FLOQER_CONNECTIONS_URL } from "../../src/floqer/endpoints.js";
import { ACTION_REFERENCE_URI } from "../../src/mcp/guidance/reference.js";
import { DEMO_LOCATION, startHarness, structured, textOf, withHarness } from "../support/harness.js";

const toolNamesIn = (text: string, names: string[]) => names.filter((name) => text.includes(name));

describe("guidance for agents", () => {
  it("sends instructions with the order of work and the neighbouring actions", async () => {
    await withHarness({}, async (harness) => {
      const instructions = harness.client.getInstructions() ?? "";
      const order = [
        "list_workflows",
        "get_workflow",
        "confirm_salesforce_connection",
        "list_salesforce_objects",
        "list_salesforce_fields",
        "configure_salesforce_update",
      ];
      const positions = order.map((name) => instructions.indexOf(name));
      assert.ok(
        positions.every((position) => position >= 0),
        instructions,
      );
      assert.deepEqual(
        [...positions].sort((a, b) => a - b),
        positions,
        "named in the order of work",
      );
      assert.match(instructions, /salesforce_lookup_record/);
      assert.match(instructions, /salesforce_upsert_record/);
    });
  });

  it("offers the update_salesforce_record prompt, naming only real tools, in order", async () => {
    await withHarness({}, async (harness) => {
      const { prompts } = await harness.client.listPrompts();
      assert.deepEqual(
        prompts.map((prompt) => [
          prompt.name,
          prompt.arguments?.map((argument) => [argument.name, argument.required]),
        ]),
        [
          [
            "update_salesforce_record",
            [
              ["workflow", true],
              ["action_instance_id", false],
              ["what_to_update", true],
            ],
          ],
        ],
      );
      const result: GetPromptResult = await harness.client.getPrompt({
        name: "update_salesforce_record",
        arguments: { workflow: "Inbound lead routing", what_to_update: "the lead's status" },
      });
      const text = (result.messages[0]?.content as TextContent | undefined)?.text ?? "";
      assert.match(text, /"Inbound lead routing".*the lead's status/s);
      const tools = (await harness.client.listTools()).tools.map((tool) => tool.name);
      const mentioned = [...text.matchAll(/\b([a-z]+(?:_[a-z]+)+)\b/g)].map((match) => match[1] as string);
      const toolLike = mentioned.filter((word) => /^(list|get|confirm|add|configure)_/.test(word));
      assert.ok(toolLike.length >= 6);
      for (const name of toolLike) assert.ok(tools.includes(name), `${name} is a real tool`);
      assert.ok(text.indexOf("confirm_salesforce_connection") < text.indexOf("configure_salesforce_update"));
      assert.match(text, new RegExp(ACTION_REFERENCE_URI));
    });
  });

  it("completes the prompt's workflow and action arguments from the real workflows", async () => {
    await withHarness({}, async (harness) => {
      const ref = { type: "ref/prompt" as const, name: "update_salesforce_record" };
      const workflows = await harness.client.complete({ ref, argument: { name: "workflow", value: "LEAD" } });
      assert.deepEqual(workflows.completion.values, ["Inbound lead routing"]);
      const actions = await harness.client.complete({
        ref,
        argument: { name: "action_instance_id", value: "salesforce_update" },
        context: { arguments: { workflow: "Account scoring" } },
      });
      assert.deepEqual(actions.completion.values, [
        "salesforce_update_record_1",
        "salesforce_update_record_2",
      ]);
      const unknown = await harness.client.complete({
        ref,
        argument: { name: "action_instance_id", value: "" },
        context: { arguments: { workflow: "no such workflow" } },
      });
      assert.deepEqual(unknown.completion.values, []);
    });
  });

  it("offers no completions, rather than an error, when Floqer cannot be asked", async () => {
    await withHarness({ noApiKey: true }, async (harness) => {
      const result = await harness.client.complete({
        ref: { type: "ref/prompt", name: "update_salesforce_record" },
        argument: { name: "workflow", value: "a" },
      });
      assert.deepEqual(result.completion.values, []);
    });
  });

  it("serves the action's reference as a resource", async () => {
    await withHarness({}, async (harness) => {
      const { resources } = await harness.client.listResources();
      assert.deepEqual(
        resources.map((resource) => [resource.uri, resource.mimeType]),
        [[ACTION_REFERENCE_URI, "text/markdown"]],
      );
      const { contents } = await harness.client.readResource({ uri: ACTION_REFERENCE_URI });
      const text = String((contents[0] as { text: string }).text);
      for (const expected of [
        "record_id",
        "add_fields_and_their_values",
        "ignore_empty_values | no | true",
        "run_salesforce_assignment_rules | no | true",
        "{{<action_instance_id>.account_url}}",
        "{{input.<column>}}",
        "confirmation_token",
        "424",
        "502",
      ]) {
        assert.ok(text.includes(expected), expected);
      }
    });
  });
});

describe("URL elicitation for the Connections page", () => {
  it("offers the page when Floqer says Salesforce is not connected", async () => {
    const urls: ElicitRequestURLParams[] = [];
    await withHarness(
      {
        emulator: { connection: "not_connected" },
        capabilities: { elicitation: { form: {}, url: {} } },
        elicit: (request) => {
          if (request.params.mode === "url") urls.push(request.params);
          return { action: "accept" };
        },
      },
      async (harness) => {
        const answer = structured<{ status: string; connect_url?: string; next_step: string }>(
          await harness.call("confirm_salesforce_connection", DEMO_LOCATION),
        );
        assert.equal(answer.status, "not_connected");
        assert.equal(answer.connect_url, FLOQER_CONNECTIONS_URL);
        assert.match(answer.next_step, /offered Floqer's Connections page/);
        assert.equal(urls.length, 1);
        assert.equal(urls[0]?.url, FLOQER_CONNECTIONS_URL);
      },
    );
  });

  it("gives the link in the text when the client cannot open URLs", async () => {
    await withHarness({ elicit: () => ({ action: "decline" }) }, async (harness) => {
      const answer = structured<{ status: string; next_step: string; connect_url?: string }>(
        await harness.call("confirm_salesforce_connection", {}),
      );
      assert.equal(answer.status, "declined");
      assert.ok(answer.next_step.includes(FLOQER_CONNECTIONS_URL));
      assert.equal(harness.elicitations.length, 1, "only the form was shown");
    });
  });
});

describe("read-only mode", () => {
  it("offers exactly the tools whose annotations say they change nothing", async () => {
    const all = await startHarness();
    const allTools = (await all.client.listTools()).tools;
    await all.close();
    await withHarness({ settings: { readOnly: "1" } }, async (harness) => {
      const tools = (await harness.client.listTools()).tools.map((tool) => tool.name);
      assert.deepEqual(
        tools,
        allTools.filter((tool) => tool.annotations?.readOnlyHint === true).map((tool) => tool.name),
      );
      assert.ok(
        !tools.includes("configure_salesforce_update") && !tools.includes("add_salesforce_update_action"),
      );
      assert.ok(tools.includes("confirm_salesforce_connection") && tools.includes("list_salesforce_fields"));
      // The README's settings table names exactly these.
      assert.deepEqual(
        toolNamesIn(
          SETTINGS.readOnly.readme,
          allTools.map((tool) => tool.name),
        ).sort(),
        [...tools].sort(),
      );
      assert.match(harness.client.getInstructions() ?? "", /READ-ONLY/);
      const refused = await harness.call("configure_salesforce_update", { ...DEMO_LOCATION });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), /not found/i);
      assert.equal(harness.emulator.countRequests("PUT"), 0);
      const prompt = await harness.client.getPrompt({
        name: "update_salesforce_record",
        arguments: { workflow: "x", what_to_update: "y" },
      });
      const text = (prompt.messages[0]?.content as TextContent | undefined)?.text ?? "";
      assert.match(text, /read-only/);
      assert.deepEqual(
        toolNamesIn(text, ["configure_salesforce_update", "add_salesforce_update_action"]),
        [],
      );
    });
  });
});
