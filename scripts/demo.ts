/**
 * `npm run demo`: starts the built server on its sandbox over stdio, as a client such as Claude
 * Desktop would, and walks the whole job from a workflow's name: find it, confirm the connection
 * with the user, add the update action, find the object, fields and references, catch mistakes,
 * dry run, configure with a run condition, test it on one row, and read the row back. Each step
 * prints what went in and what came back.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { PACKAGE } from "../src/version.js";

const client = new Client(
  { name: `${PACKAGE.name}-demo`, version: "1.0.0" },
  { capabilities: { elicitation: { form: {} } } },
);
client.setRequestHandler(ElicitRequestSchema, (request) => {
  console.log(`\n   The server asks the user: "${request.params.message}"`);
  console.log("   (the demo answers yes, as a user who has connected Salesforce and wants this run would)");
  // The form's one yes/no field: the connection question's, or the test run's.
  const schema = "requestedSchema" in request.params ? request.params.requestedSchema : undefined;
  const field = Object.keys(schema?.properties ?? {})[0] ?? "connected";
  return { action: "accept", content: { [field]: true } };
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

const found = await call("Find the workflow the user named", "list_workflows", {
  query: "inbound lead routing",
});
const workflowId = (found.workflows as { workflow_id: string }[])[0]?.workflow_id ?? "";
const workflow = await call("See its sheets and actions", "get_workflow", { workflow_id: workflowId });
const mainSheet = (workflow.sheets as { actions?: { action_instance_id: string; action_id: string }[] }[])[0];
const lookup = mainSheet?.actions?.find(
  (action) => action.action_id === "salesforce_lookup_record",
)?.action_instance_id;
const guard = await call(
  "Confirm the Salesforce connection with the user",
  "confirm_salesforce_connection",
  {},
);
const token = guard.confirmation_token;
const added = await call(
  "The sheet has no update action yet: add one after the lookup",
  "add_salesforce_update_action",
  {
    workflow_id: workflowId,
    after: lookup,
    confirmation_token: token,
  },
);
const location = { workflow_id: workflowId, action_instance_id: added.action_instance_id };
await call("Find the object", "list_salesforce_objects", { ...location, query: "lead" });
await call("Find the fields to write", "list_salesforce_fields", {
  ...location,
  salesforce_object: "Lead",
  query: "status",
});
const references = await call("See which tokens the action can use", "list_references", {
  ...location,
  query: `${lookup}.records_found.Id`,
});
const recordId = (references.references as { token: string }[])[0]?.token ?? "";
const update = {
  ...location,
  record_id: recordId,
  salesforce_object: "lead",
  add_fields_and_their_values: [
    { name: "status", value: "Working - Contacted" },
    { name: "Enrichment_Status__c", value: "Enriched" },
    { name: "Email", value: "{{find_work_email_1.email}}" },
  ],
};
await call("Mistakes are caught before anything is sent", "configure_salesforce_update", {
  ...update,
  add_fields_and_their_values: [
    { name: "Stauts", value: "x" },
    { name: "Email", value: "{{input.emial}}" },
  ],
  dry_run: true,
});
await call("Dry run: the exact PATCH and what it changes, not sent", "configure_salesforce_update", {
  ...update,
  dry_run: true,
});
await call(
  "A value that does not fit its field is caught too: a picklist value the org does not have",
  "configure_salesforce_update",
  { ...update, add_fields_and_their_values: [{ name: "Rating", value: "Lukewarm" }], dry_run: true },
);
await call(
  "Configure it for real, running only where the lookup found the lead",
  "configure_salesforce_update",
  {
    ...update,
    run_if: [[{ variable: recordId, operator: "not empty" }]],
    confirmation_token: token,
  },
);
await call(
  "Later, one more field: it is added to the action's fields, not put in their place",
  "configure_salesforce_update",
  { ...location, add_fields_and_their_values: [{ name: "Rating", value: "Warm" }], dry_run: true },
);
await call("See what the action holds now, read-only", "get_workflow", { workflow_id: workflowId });
const tested = await call(
  "Test it on one row, with the user's yes: the whole chain runs on that row and the result is read back",
  "test_salesforce_update",
  {
    ...location,
    row: [
      { column: "email", value: "alan@bletchley.example" },
      { column: "full_name", value: "Alan Turing" },
      { column: "company", value: "Bletchley Park" },
    ],
    confirmation_token: token,
  },
);
await call("Read the row back later, read-only", "get_row_result", {
  workflow_id: workflowId,
  row_id: tested.row_id,
});
await client.close();
console.log(
  "\nDone: the sandbox workflow now has a configured update action. Nothing here touched a real Floqer or Salesforce.",
);
