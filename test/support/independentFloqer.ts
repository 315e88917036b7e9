/**
 * A second Floqer emulator, written from docs/FLOQER_API.md alone and on purpose unlike the
 * sandbox where the document leaves room: the option list is wrapped as `data.options`, field
 * metadata uses other `extras` key names, errors are nested, the workflow overview is wrapped as
 * `data.workflow`, and Configure Action answers with little. A server that works against both
 * does not depend on the sandbox's own choices. Like Floqer (a Fastify app), it answers a route it
 * does not have with Fastify's own 404 body, and it reports references it cannot resolve as
 * `warnings` beside a 200.
 */
import { listen } from "../../src/listening.js";

export interface IndependentFloqer {
  baseUrl: string;
  apiKey: string;
  /** Every request that reached a route, in order. */
  requests: { method: string; path: string; body: unknown }[];
  /** The accepted Configure Action and Add Action requests. */
  writes: { path: string; body: unknown }[];
  close(): Promise<void>;
}

export interface IndependentOptions {
  apiKey?: string;
  /** false: no action-graph route, as an API without it would answer. */
  actionGraph?: boolean;
  /** What the update action holds at the start (default: assignment rules switched off in the app). */
  updateInputs?: Record<string, unknown>;
  /** false: the sheet has no lookup, so nothing finds the record. */
  lookup?: boolean;
  /** The update's run condition and flags at the start, as a graph node carries them. */
  updateRun?: Record<string, unknown>;
}

/** Floqer's comparison operators, as ListRowsBody lists them. */
const OPERATORS = [
  "is equal to",
  "not equal to",
  "is empty",
  "not empty",
  "contains",
  "does not contain",
  "contains any of",
  "not contains any of",
  "greater than",
  "less than",
];

const OBJECTS = [
  { value: "Lead", label: "Lead" },
  { value: "Deal_Desk__c", label: "Deal Desk Request" },
];

const FIELDS: Record<string, { value: string; label: string; extras: Record<string, unknown> }[]> = {
  Lead: [
    { value: "Id", label: "Lead ID", extras: { fieldType: "id", isUpdateable: false } },
    {
      value: "Company",
      label: "Company",
      extras: { fieldType: "string", isUpdateable: true, maxLength: 80 },
    },
    {
      value: "Rating",
      label: "Rating",
      extras: {
        fieldType: "picklist",
        isUpdateable: true,
        // Salesforce keeps retired values as inactive ones.
        picklist_values: [
          { value: "Hot", active: true },
          { value: "Warm", active: true },
          { value: "Cold", active: true },
          { value: "Lukewarm", active: false },
        ],
      },
    },
    {
      value: "NumberOfEmployees",
      label: "Employees",
      extras: { fieldType: "int", isUpdateable: true, digits: 8 },
    },
    { value: "Fit_Grade__c", label: "Fit Grade", extras: { fieldType: "string", calculated: true } },
  ],
  Deal_Desk__c: [{ value: "Notes__c", label: "Notes", extras: {} }],
};

const UPDATE = "salesforce_update_record_3";
const LOOKUP = "salesforce_lookup_record_2";
const TAIL = "slack_send_message_1";

/** An action added through Add Action, appended to the chain. */
interface AddedAction {
  action_instance_id: string;
  action_id: string;
  display_name: string;
}

/**
 * Sheet w42: two input columns, a lookup (unless left out), the update action, a message sent
 * after it, and the actions added since.
 */
function graph(
  updateInputs: Record<string, unknown>,
  lookup = true,
  added: AddedAction[] = [],
  updateRun: Record<string, unknown> = {},
) {
  const nodes = [
    {
      action_instance_id: "input",
      action_id: "input",
      display_name: "Input",
      outputs: [
        { name: "company", type: "string", reference: "{{input.company}}" },
        { name: "work_email", type: "email", reference: "{{input.work_email}}" },
      ],
      next: [LOOKUP],
    },
    {
      action_instance_id: LOOKUP,
      action_id: "salesforce_lookup_record",
      display_name: "Find the lead",
      inputs: {
        salesforce_object: "Lead",
        add_fields_and_their_values: [{ name: "Email", value: "{{input.work_email}}" }],
        search_operator: "OR",
      },
      outputs: [
        {
          name: "records_found",
          type: "structured_array",
          reference: `{{${LOOKUP}.records_found}}`,
          columns: [
            { name: "Id", type: "string", structured_array_reference: `{{${LOOKUP}.records_found.Id}}` },
            {
              name: "Company",
              type: "string",
              structured_array_reference: `{{${LOOKUP}.records_found.Company}}`,
            },
          ],
        },
      ],
      continue_workflow_if_action_fails: false,
      next: [UPDATE],
    },
    {
      action_instance_id: UPDATE,
      action_id: "salesforce_update_record",
      display_name: "Salesforce: Update a Record",
      inputs: updateInputs,
      ...updateRun,
      outputs: [
        { name: "record_id", type: "string", reference: `{{${UPDATE}.record_id}}` },
        { name: "account_url", type: "url", reference: `{{${UPDATE}.account_url}}` },
      ],
      note: "Keeps the lead's rating in step",
      next: [TAIL],
    },
    {
      action_instance_id: TAIL,
      action_id: "slack_send_message",
      display_name: "Tell sales",
      inputs: {},
      outputs: [{ name: "message_ts", type: "string", reference: `{{${TAIL}.message_ts}}` }],
      next: [],
    },
    ...added.map((action) => ({
      ...action,
      inputs: {},
      outputs: [
        { name: "record_id", type: "string", reference: `{{${action.action_instance_id}.record_id}}` },
      ],
      next: [],
    })),
  ];
  if (lookup) return nodes;
  const [input, , ...rest] = nodes;
  return [{ ...input, next: [UPDATE] }, ...rest] as typeof nodes;
}

function tokensBefore(nodes: ReturnType<typeof graph>, id: string): Set<string> {
  const tokens = new Set<string>();
  for (const node of nodes) {
    if (node.action_instance_id === id) break;
    for (const output of node.outputs) {
      tokens.add(output.reference);
      for (const column of (output as { columns?: { structured_array_reference: string }[] }).columns ?? []) {
        tokens.add(column.structured_array_reference);
      }
    }
  }
  return tokens;
}

export async function startIndependentFloqer(options: IndependentOptions = {}): Promise<IndependentFloqer> {
  const apiKey = options.apiKey ?? "floq_independent_0123456789";
  const requests: IndependentFloqer["requests"] = [];
  const writes: IndependentFloqer["writes"] = [];
  // The update action starts with assignment rules switched off by the user in the Floqer app.
  const updateInputs: Record<string, unknown> = structuredClone(
    options.updateInputs ?? { run_salesforce_assignment_rules: false },
  );
  const lookup = options.lookup ?? true;
  const added: AddedAction[] = [];
  // Kept apart from the inputs, as the graph node carries it: run_if beside inputs, not in them.
  const updateRun: Record<string, unknown> = structuredClone(options.updateRun ?? {});
  const current = () => graph(updateInputs, lookup, added, updateRun);
  const upstream = await listen(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const method = request.method ?? "GET";
    const url = request.url ?? "";
    const noRoute = () =>
      reply(404, { message: `Route ${method}:${url} not found`, error: "Not Found", statusCode: 404 });
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return reply(401, { error: { code: "UNAUTHORIZED", message: "Bad key" } });
    }
    const path = url.replace(/^\/v1/, "");
    const body = raw ? JSON.parse(raw) : undefined;
    requests.push({ method, path, body });
    if (method === "GET" && path === "/user/") {
      return reply(200, {
        status: 200,
        data: { email: "ops@example.org", first_name: "Ada", last_name: "Ops", role: "admin" },
      });
    }
    if (method === "GET" && path === "/workflows/") {
      return reply(200, {
        status: 200,
        data: [{ workflow_id: "w42", name: "Lead rating", last_run_at: null }],
      });
    }
    if (method === "GET" && path === "/workflows/w42") {
      return reply(200, {
        status: 200,
        data: {
          workflow: { workflow_id: "w42", name: "Lead rating" },
          sheets: [{ sheet_id: "w42", name: "Leads" }],
        },
      });
    }
    if (path === "/workflows/w42/sheets/w42/actions") {
      if (method === "GET" && options.actionGraph !== false) {
        return reply(200, { status: 200, data: current() });
      }
      if (method === "POST" && typeof body?.action_id === "string") {
        // Instance ids are numbered per sheet and action: one more than the sheet's highest.
        const taken = current()
          .filter((node) => node.action_id === body.action_id)
          .map((node) => Number(node.action_instance_id.slice(body.action_id.length + 1)));
        const action = {
          action_instance_id: `${body.action_id}_${Math.max(0, ...taken) + 1}`,
          action_id: body.action_id,
          display_name: typeof body.name === "string" ? body.name : body.action_id,
        };
        added.push(action);
        writes.push({ path, body });
        return reply(200, { status: 200, data: { ...action, inputs: [], outputs: [] } });
      }
      return noRoute();
    }
    const route = /^\/workflows\/(\w+)\/sheets\/(\w+)\/actions\/(\w+)(\/options\/(\w+))?$/.exec(path);
    if (!route) return noRoute();
    if (route[1] !== "w42" || route[2] !== "w42" || route[3] !== UPDATE) {
      return reply(404, { error: { code: "NOT_FOUND", message: "No such action" } });
    }
    if (method === "POST" && route[5] === "salesforce_object") {
      return reply(200, { status: 200, data: { options: OBJECTS } });
    }
    if (method === "POST" && route[5] === "add_fields_and_their_values") {
      const fields = FIELDS[body?.context?.salesforce_object];
      if (!fields)
        return reply(400, {
          error: {
            code: "VALIDATION",
            message: "bad context",
            details: [{ field: "context", message: "unknown object" }],
          },
        });
      return reply(200, { status: 200, data: { options: fields } });
    }
    if (method === "PATCH" && !route[4]) {
      const runIf = body?.run_if;
      const badLeaf = (runIf?.conditions ?? []).flatMap((group: { conditions?: { operator?: unknown }[] }) =>
        (group.conditions ?? []).filter((leaf) => !OPERATORS.includes(String(leaf.operator))),
      );
      if (badLeaf.length > 0) {
        return reply(400, {
          error: {
            code: "VALIDATION",
            message: "bad run_if",
            details: [{ field: "run_if", message: `unknown operator ${String(badLeaf[0].operator)}` }],
          },
        });
      }
      writes.push({ path, body });
      Object.assign(updateInputs, body?.inputs ?? {});
      if (runIf === null) delete updateRun.run_if;
      else if (runIf !== undefined) updateRun.run_if = runIf;
      if (typeof body?.continue_workflow_if_action_fails === "boolean") {
        updateRun.continue_workflow_if_action_fails = body.continue_workflow_if_action_fails;
      }
      const visible = tokensBefore(current(), UPDATE);
      const sentValues = { ...(body?.inputs ?? {}), ...(runIf ? { run_if: runIf } : {}) };
      const warnings = Object.entries(sentValues).flatMap(([field, value]) =>
        (JSON.stringify(value).match(/\{\{[^{}]*\}\}/g) ?? [])
          .filter((token) => !visible.has(token))
          .map((token) => ({ field, code: "unresolved_reference", message: `${token} does not resolve` })),
      );
      return reply(200, {
        status: 200,
        data: { action_instance_id: route[3] },
        message: "Action configured",
        ...(warnings.length > 0 && { warnings }),
      });
    }
    return noRoute();
  });
  return {
    baseUrl: `http://127.0.0.1:${upstream.port}/v1`,
    apiKey,
    requests,
    writes,
    close: upstream.close,
  };
}
