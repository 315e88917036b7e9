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
  /** The rows added through Add Rows, and every Run Rows request, as they reached it. */
  rows: IndependentRow[];
  runs: { row_ids: string[] }[];
  leads: IndependentLead[];
  /** Faults for the row routes: the next such request is carried out and its answer lost. */
  loseAnswer: { rows?: boolean; run?: boolean };
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
  /** The sheet runs rows as they are added; "unsaid": the overview leaves the field out (Floqer's default, true). */
  autoRun?: boolean | "unsaid";
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

/** Where this emulator's update action stands, for the tests that drive it. */
export const W42_UPDATE = { workflow_id: "w42", action_instance_id: UPDATE } as const;
/** The token of the ID of the lead its lookup found. */
export const W42_FOUND_ID = `{{${LOOKUP}.records_found.Id}}`;

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
  const rows: IndependentRow[] = [];
  const runs: { row_ids: string[] }[] = [];
  const leads = independentLeads();
  const loseAnswer: { rows?: boolean; run?: boolean } = {};
  const startRun = (row: IndependentRow) => {
    row.reads = 0;
    row.finals = runIndependentRow(row.inputs, updateInputs, updateRun, leads, lookup);
  };
  /** A row as List Rows shows it: each read reveals one more action of its run. */
  const view = (row: IndependentRow) => {
    const order = current()
      .slice(1)
      .map((node) => node.action_instance_id);
    if (row.finals) row.reads += 1;
    const cells = Object.fromEntries(
      order.map((id, index) => {
        if (!row.finals) return [id, { status: "queued" }];
        if (index < row.reads - 1) return [id, row.finals[id] ?? { status: "queued" }];
        return [id, { status: index === row.reads - 1 ? "running" : "queued" }];
      }),
    );
    const statuses = Object.values(cells).map((cell) => (cell as { status: string }).status);
    return {
      row_id: row.row_id,
      row_status: !row.finals
        ? "pending"
        : statuses.includes("failed")
          ? "has_failures"
          : statuses.every((s) => s === "complete")
            ? "complete"
            : "running",
      created_at: row.created_at,
      inputs: row.inputs,
      cells,
    };
  };
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
          sheets: [
            {
              sheet_id: "w42",
              name: "Leads",
              ...(options.autoRun !== "unsaid" && { auto_run: options.autoRun ?? false }),
            },
          ],
        },
      });
    }
    if (method === "POST" && path === "/workflows/w42/sheets/w42/rows") {
      const given = Array.isArray(body?.rows) ? body.rows : [];
      if (given.length === 0 || !["none", "first_10", "all"].includes(body?.run_after_add ?? "none")) {
        return reply(400, {
          error: {
            code: "VALIDATION",
            message: "bad rows",
            details: [{ field: "rows", message: "required" }],
          },
        });
      }
      const fresh = given.map((inputs: Record<string, string>, index: number) => ({
        row_id: `r${rows.length + index + 1}-${Date.now().toString(36)}`,
        created_at: new Date().toISOString(),
        inputs,
        reads: 0,
      }));
      rows.push(...fresh);
      if (options.autoRun === true || options.autoRun === "unsaid" || body.run_after_add === "all")
        fresh.forEach(startRun);
      if (loseAnswer.rows) {
        loseAnswer.rows = false;
        return request.socket.destroy();
      }
      return reply(200, {
        status: 200,
        data: {
          row_count: fresh.length,
          row_ids: fresh.map((row: IndependentRow) => row.row_id),
          rejected: [],
        },
      });
    }
    if (method === "POST" && path === "/workflows/w42/sheets/w42/run") {
      const ids: string[] = Array.isArray(body?.row_ids) ? body.row_ids : [];
      runs.push({ row_ids: ids });
      for (const id of ids) {
        const row = rows.find((candidate) => candidate.row_id === id);
        if (row) startRun(row);
      }
      if (loseAnswer.run) {
        loseAnswer.run = false;
        return request.socket.destroy();
      }
      return reply(200, { status: 200, data: { rows_queued: ids.length } });
    }
    if (method === "POST" && path === "/workflows/w42/sheets/w42/rows/list") {
      const ids: string[] | undefined = Array.isArray(body?.row_ids) ? body.row_ids : undefined;
      const size = body?.page_size ?? 20;
      const from = ((body?.page_no ?? 1) - 1) * size;
      const listed = ids ? rows.filter((row) => ids.includes(row.row_id)) : rows.slice(from, from + size);
      return reply(200, {
        status: 200,
        data: { rows: listed.map(view), total_count: listed.length, page_no: 1, page_size: 20 },
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
    rows,
    runs,
    leads,
    loseAnswer,
    close: upstream.close,
  };
}

/** The independent emulator's leads: what its lookup searches and its update writes. */
export interface IndependentLead {
  Id: string;
  Company: string;
  Email: string;
  Rating: string;
  NumberOfEmployees: string;
}

export function independentLeads(): IndependentLead[] {
  return [
    {
      Id: "00Q5g00000LmNoPEAV",
      Company: "Bletchley Park",
      Email: "alan@bletchley.example",
      Rating: "Cold",
      NumberOfEmployees: "",
    },
  ];
}

/** One row of sheet w42, and its run: the cells it will end with, revealed one read at a time. */
export interface IndependentRow {
  row_id: string;
  created_at: string;
  inputs: Record<string, string>;
  /** How many List Rows reads have seen the run; each read reveals one more action. */
  reads: number;
  finals?: Record<string, { status: string; outputs?: Record<string, unknown>; error?: string }>;
}

/** Replaces {{input.x}} and {{lookup.records_found.Col}} in a value, for one row. */
function substitute(
  value: unknown,
  inputs: Record<string, string>,
  found: IndependentLead | undefined,
): string {
  return String(value ?? "").replace(/\{\{([^{}]+)\}\}/g, (_, inner: string) => {
    const [source, output, column] = inner.split(".");
    if (source === "input") return inputs[output ?? ""] ?? "";
    if (source === LOOKUP && output === "records_found" && found) {
      return String((found as unknown as Record<string, unknown>)[column ?? ""] ?? "");
    }
    return "";
  });
}

/**
 * Runs the chain for one row: the lookup finds a lead by e-mail, the update is gated by its
 * condition (each leaf on a token, as Floqer evaluates it) and writes the lead as Salesforce
 * would, refusing what Salesforce refuses; the message after it always completes.
 */
export function runIndependentRow(
  inputs: Record<string, string>,
  updateInputs: Record<string, unknown>,
  updateRun: Record<string, unknown>,
  leads: IndependentLead[],
  lookup: boolean,
): NonNullable<IndependentRow["finals"]> {
  const finals: NonNullable<IndependentRow["finals"]> = {};
  const found = lookup ? leads.find((lead) => lead.Email === inputs.work_email) : undefined;
  if (lookup) {
    finals[LOOKUP] = {
      status: "complete",
      outputs: { records_found: found ? [{ Id: found.Id, Company: found.Company }] : [] },
    };
  }
  const runIf = updateRun.run_if as
    | { conditions?: { conditions?: { variable: string; operator: string }[] }[] }
    | undefined;
  const leaves = (runIf?.conditions ?? []).flatMap((group) => group.conditions ?? []);
  const met = leaves.every((leaf) => {
    const value = substitute(leaf.variable, inputs, found);
    return leaf.operator === "not empty" ? value !== "" : leaf.operator === "is empty" ? value === "" : true;
  });
  if (!met) {
    finals[UPDATE] = { status: "condition_not_met" };
    finals[TAIL] = { status: "queued" };
    return finals;
  }
  const id = substitute(updateInputs.record_id, inputs, found);
  const lead = leads.find((candidate) => candidate.Id === id);
  const pairs = (updateInputs.add_fields_and_their_values ?? []) as { name: string; value: unknown }[];
  let error: string | undefined;
  if (!lead)
    error = id
      ? `NOT_FOUND: Provided external ID field does not exist or is not accessible: ${id}`
      : "MALFORMED_ID: Lead ID: id value of incorrect type: ";
  const changes: Record<string, string> = {};
  for (const pair of pairs) {
    if (error) break;
    const value = substitute(pair.value, inputs, found);
    if (pair.name === "Rating" && value && !["Hot", "Warm", "Cold"].includes(value))
      error = `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Rating: bad value for restricted picklist field: ${value}`;
    else if (pair.name === "Company" && value.length > 80)
      error = "STRING_TOO_LONG: Company: data value too large";
    else changes[pair.name] = value;
  }
  if (error || !lead) {
    finals[UPDATE] = { status: "failed", error: error ?? "NOT_FOUND" };
    finals[TAIL] = { status: "queued" };
    return finals;
  }
  Object.assign(lead, changes);
  finals[UPDATE] = {
    status: "complete",
    outputs: {
      record_id: lead.Id,
      account_url: `https://independent.example/lightning/r/Lead/${lead.Id}/view`,
    },
  };
  finals[TAIL] = { status: "complete", outputs: { message_ts: "1700000000.000100" } };
  return finals;
}
