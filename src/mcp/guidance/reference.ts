/**
 * The action's reference as a resource, in this project's words. Defaults, outputs and limits are
 * read from the code's own facts, so the text cannot drift from what the tools do.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { FLOQER_APP } from "../../floqer/endpoints.js";
import {
  UPDATE_ACTION_ID,
  UPDATE_DEFAULTS,
  UPDATE_LIMITS,
  UPDATE_OUTPUTS,
} from "../../salesforce/updateAction.js";
import { TOOL } from "../../toolNames.js";
import { DRY_RUN_LIMITS } from "../../tools/configureSalesforceUpdate.js";

export const ACTION_REFERENCE_URI = `floqer://actions/${UPDATE_ACTION_ID}`;

const ACTION_REFERENCE = `# Salesforce: Update a Record (\`${UPDATE_ACTION_ID}\`)

Writes field values to one existing Salesforce record, once per row of a Floqer sheet. It costs no
Floqer credits. It needs a Salesforce connection that only the user can make, in ${FLOQER_APP.connections}.

## Inputs
| input | required | default | what it is |
|---|---|---|---|
| record_id | yes | | The record's Salesforce ID: usually a column of a lookup earlier in the chain, e.g. \`{{salesforce_lookup_record_1.records_found.Id}}\` (${TOOL.listReferences} gives the exact tokens); or a literal 15/18-character ID. |
| salesforce_object | yes | | The object's API name, as ${TOOL.listObjects} gives it (Contact, Lead, Invoice__c). |
| add_fields_and_their_values | yes | | \`[{name, value}]\`: field API names from ${TOOL.listFields} (1 to ${UPDATE_LIMITS.maxFieldPairs}), each once; values are literals, reference tokens or both, up to ${UPDATE_LIMITS.maxValueLength} characters. |
| ignore_empty_values | no | ${UPDATE_DEFAULTS.ignore_empty_values} | true: an empty value leaves the field as it is. false: an empty value blanks the field. Omitted, the action keeps the value it holds. |
| run_salesforce_assignment_rules | no | ${UPDATE_DEFAULTS.run_salesforce_assignment_rules} | false skips Lead, Account and Case assignment rules. Omitted, the action keeps the value it holds. |

Configure Action is a PATCH: the inputs sent replace those values, the field list as a whole, and each field is sent with its label so the Floqer app shows it. ${TOOL.configureUpdate} therefore merges: the fields given are added to the ones the action holds (a field it holds takes the new value), \`remove_fields\` drops some, \`replace_fields: true\` makes the fields given the whole list, and every field a write drops is named in its warnings and changes. Inputs left out keep what the action holds. ${TOOL.getWorkflow} shows what each update action holds, read-only.

## What a dry run proves
${DRY_RUN_LIMITS}

## Outputs
${UPDATE_OUTPUTS.map((output) => `- \`${output}\`: read downstream as \`{{<action_instance_id>.${output}}}\`.`).join("\n")}

## Reference tokens
- \`{{input.<column>}}\`: a column of the sheet's input.
- \`{{<action_instance_id>.<output>}}\`: an output of an earlier action, e.g. \`{{find_work_email_1.email}}\`.
- \`{{<action_instance_id>.<list_output>.<column>}}\`: a column of a list output.
- Literals and tokens mix: \`"Enriched by Floqer on {{input.run_date}}"\`. No spaces inside the braces.
- An action sees only the sheet's input columns and the outputs of the actions before it. ${TOOL.listReferences} lists them; ${TOOL.configureUpdate} refuses any other token before sending.

## Salesforce IDs
15 characters (case-sensitive) or 18 (the last 3 encode the case of the first 15, so the 18-character
form survives case changes). The first 3 characters name the object: 001 Account, 003 Contact,
00Q Lead, 006 Opportunity, 500 Case.

## The guard
Before anything is added or configured, ${TOOL.confirmConnection} asks the user whether they
connected Salesforce (through the client's form when it has one, else through you) and, given the
workflow and action ids, checks the connection with Floqer. Its confirmation_token is signed,
expires, and works only with this server's Floqer key. Without it, nothing is written.

## Common errors and what to do
- "Refused: no confirmation_token" / "has expired": call ${TOOL.confirmConnection} again.
- "does not exist on <object>; did you mean ...": use the suggested API name, or search with ${TOOL.listFields}.
- "cannot be written": formula, roll-up, system and audit fields are computed by Salesforce; pick another field.
- "the 18-character checksum does not match": the ID was mistyped; copy it again from Salesforce.
- 424 "connected by another team member": the connection must belong to the owner of the Floqer API key.
- 502 "could not refresh the Salesforce session": the user reconnects Salesforce in Floqer.
- 429 "Try again in N seconds": wait that long.
- "has no output" / "no input column" / "runs after this action": take the token from ${TOOL.listReferences}.
- "Floqer has no route ...": this server's idea of the Floqer API is wrong for that request; the user updates the server.
- "record_id ... does not say it holds a Salesforce record ID" / "not the found record's ID": use the lookup's Id column, \`{{salesforce_lookup_record_N.records_found.Id}}\`.
- "cannot be merged": the action's field list cannot be read, or belongs to another object; send the whole list with \`replace_fields: true\`.
- "Floqer warned (unresolved_reference ...)": the write went through, but a token matches nothing on the sheet; fix it and configure again.

## Neighbours
- salesforce_lookup_record finds the record (and its ID) first; workflow_if_else can skip rows where it found none. This server cannot add a lookup: where a sheet has none, the user adds one in the Floqer app. ${TOOL.getWorkflow} shows what each lookup searches.
- salesforce_upsert_record creates or updates by an external ID field, with no lookup.
- salesforce_create_record creates new records.
`;

export function registerActionReference(server: McpServer): void {
  server.registerResource(
    "salesforce_update_record_reference",
    ACTION_REFERENCE_URI,
    {
      title: "Reference: Salesforce: Update a Record",
      description:
        "Inputs, defaults, outputs, reference tokens, the guard, and common errors of the update action.",
      mimeType: "text/markdown",
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/markdown", text: ACTION_REFERENCE }] }),
  );
}
