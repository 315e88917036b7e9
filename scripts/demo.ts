/**
 * `npm run demo`: starts the built server on its sandbox over stdio, as a client such as Claude
 * Desktop would, and walks the whole job: guard, objects, fields, dry run, configure, and one
 * mistake caught before anything is sent. Each step prints what went in and what came back.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const location = { workflow_id: "wf_demo_enrich_contacts", action_instance_id: "salesforce_update_record_1" };

const client = new Client(
  { name: "floqer-salesforce-mcp-demo", version: "1.0.0" },
  { capabilities: { elicitation: { form: {} } } },
);
client.setRequestHandler(ElicitRequestSchema, (request) => {
  console.log(`\n   The server asks the user: "${request.params.message}"`);
  console.log("   (the demo answers yes, as a user who has connected Salesforce would)");
  return { action: "accept", content: { connected: true } };
});

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [new URL("../dist/index.js", import.meta.url).pathname, "--sandbox"],
  stderr: "ignore",
});

let step = 0;
async function call(
  title: string,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  step++;
  console.log(`\n${step}. ${title}\n   -> ${name} ${JSON.stringify(args)}`);
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content
    .map((block) => (block.type === "text" ? block.text : `[${block.type}]`))
    .join("\n");
  console.log(
    `   <- ${result.isError ? "ERROR " : ""}${text.length > 900 ? `${text.slice(0, 900)}…` : text}`,
  );
  return (result.structuredContent ?? {}) as Record<string, unknown>;
}

await client.connect(transport);
const { tools } = await client.listTools();
console.log(
  `Connected to ${client.getServerVersion()?.name} on its sandbox. Tools: ${tools.map((tool) => tool.name).join(", ")}`,
);

const guard = await call(
  "Confirm the Salesforce connection with the user",
  "confirm_salesforce_connection",
  location,
);
await call("Find the object", "list_salesforce_objects", { ...location, query: "contact" });
await call("Find the fields to write", "list_salesforce_fields", {
  ...location,
  salesforce_object: "Contact",
  query: "title",
});
const update = {
  ...location,
  record_id: "{{salesforce_lookup_record_1.record_id}}",
  salesforce_object: "contact",
  add_fields_and_their_values: [
    { name: "title", value: "{{input.job_title}}" },
    { name: "Seniority__c", value: "Director" },
  ],
};
await call("A mistake is caught before anything is sent", "configure_salesforce_update", {
  ...update,
  add_fields_and_their_values: [{ name: "Titel", value: "x" }],
  dry_run: true,
});
await call("Dry run: the exact request, not sent", "configure_salesforce_update", {
  ...update,
  dry_run: true,
});
await call("Configure it for real", "configure_salesforce_update", {
  ...update,
  confirmation_token: guard.confirmation_token,
});
await client.close();
console.log(
  "\nDone: the sandbox's update action is configured. Nothing here touched a real Floqer or Salesforce.",
);
