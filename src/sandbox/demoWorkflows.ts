/**
 * The sandbox's demo workflows: sheets with input columns and action chains, and what each demo
 * action produces. Beside demoOrg.ts, which holds the Salesforce side.
 */

export interface ActionInstance {
  action_instance_id: string;
  action_id: string;
  display_name: string;
  inputs: Record<string, unknown>;
  /** The run condition as Floqer stores it: nested groups, the continue flag inside. */
  run_if?: Record<string, unknown>;
  continue_workflow_if_action_fails?: boolean;
}

export interface InputColumn {
  name: string;
  type: string;
}

export interface DemoSheet {
  sheet_id: string;
  name: string;
  /** The sheet's input columns, referenced as {{input.<name>}}. */
  inputs: InputColumn[];
  actions: ActionInstance[];
  /** Floqer runs rows as they are added (schema WorkflowOverviewSheet). */
  auto_run?: boolean;
  /** The rows added through Add Rows, each with its run when it was run. */
  rows?: DemoRow[];
}

/** A row of a sheet: its inputs, and its run (when it began, and each cell's final state). */
export interface DemoRow {
  row_id: string;
  created_at: string;
  inputs: Record<string, string>;
  run?: { startedAt: number; cells: { status: string; outputs?: Record<string, unknown>; error?: string }[] };
}

export interface DemoWorkflow {
  workflow_id: string;
  name: string;
  created_at: string;
  last_run_at: string | null;
  sheets: DemoSheet[];
}

/** A fault to inject: the next `times` requests that match get it instead of a normal answer. */
export const DISPLAY_NAMES: Record<string, string> = {
  salesforce_update_record: "Salesforce: Update a Record",
  salesforce_lookup_record: "Salesforce: Lookup a Record",
  salesforce_upsert_record: "Salesforce: Upsert a Record",
  salesforce_create_record: "Salesforce: Create a Record",
  workflow_if_else: "If / Else",
  find_work_email: "Find Work Email",
};

export interface OutputSpec {
  name: string;
  type: string;
  columns?: InputColumn[];
}

/** What each demo action produces; a lookup's records_found is a list whose columns are the fields queried. */
export const ACTION_OUTPUTS: Record<string, OutputSpec[]> = {
  salesforce_update_record: [
    { name: "record_id", type: "string" },
    { name: "account_url", type: "url" },
  ],
  salesforce_create_record: [
    { name: "record_id", type: "string" },
    { name: "account_url", type: "url" },
  ],
  salesforce_upsert_record: [
    { name: "record_id", type: "string" },
    { name: "account_url", type: "url" },
  ],
  salesforce_lookup_record: [
    {
      name: "records_found",
      type: "structured_array",
      columns: [
        { name: "Id", type: "string" },
        { name: "Name", type: "string" },
        { name: "Email", type: "string" },
        { name: "OwnerId", type: "string" },
      ],
    },
  ],
  find_work_email: [
    { name: "email", type: "string" },
    { name: "email_status", type: "string" },
  ],
  workflow_if_else: [],
};

export function instance(actionId: string, n: number, inputs: Record<string, unknown> = {}): ActionInstance {
  return {
    action_instance_id: `${actionId}_${n}`,
    action_id: actionId,
    display_name: DISPLAY_NAMES[actionId] ?? actionId,
    inputs,
  };
}

function columns(...names: string[]): InputColumn[] {
  return names.map((name) => ({ name, type: "string" }));
}

/**
 * The demo workflows: one whose chain already holds a lookup and an update, one with a child
 * sheet, and one with no update action yet (to add one).
 */
export function demoWorkflows(): DemoWorkflow[] {
  return [
    {
      workflow_id: "wf_demo_enrich_contacts",
      name: "Enrich contacts and update Salesforce",
      created_at: "2026-09-14T09:12:00Z",
      last_run_at: "2026-11-24T17:40:00Z",
      sheets: [
        {
          sheet_id: "wf_demo_enrich_contacts",
          name: "Contacts",
          inputs: columns("email", "first_name", "last_name", "job_title", "company_domain"),
          actions: [
            instance("salesforce_lookup_record", 1, {
              salesforce_object: "Contact",
              add_fields_and_their_values: [{ name: "Email", value: "{{input.email}}" }],
              search_operator: "OR",
              exact_match: true,
            }),
            instance("workflow_if_else", 1),
            instance("salesforce_update_record", 1),
          ],
        },
      ],
    },
    {
      workflow_id: "wf_demo_account_scoring",
      name: "Account scoring",
      created_at: "2026-10-02T13:30:00Z",
      last_run_at: null,
      sheets: [
        {
          sheet_id: "wf_demo_account_scoring",
          name: "Accounts",
          inputs: columns("company_name", "domain", "score"),
          actions: [instance("salesforce_update_record", 1)],
        },
        {
          sheet_id: "sh_demo_enterprise",
          name: "Enterprise accounts",
          inputs: columns("company_name", "domain", "employee_count"),
          actions: [instance("salesforce_update_record", 2)],
        },
      ],
    },
    {
      workflow_id: "wf_demo_lead_routing",
      name: "Inbound lead routing",
      created_at: "2026-11-03T08:05:00Z",
      last_run_at: "2026-11-25T07:00:00Z",
      sheets: [
        {
          sheet_id: "wf_demo_lead_routing",
          name: "Inbound leads",
          inputs: columns("email", "full_name", "company", "country"),
          actions: [
            instance("find_work_email", 1),
            instance("salesforce_lookup_record", 1, {
              salesforce_object: "Lead",
              add_fields_and_their_values: [{ name: "Email", value: "{{find_work_email_1.email}}" }],
              search_operator: "OR",
            }),
          ],
        },
      ],
    },
  ];
}
