/**
 * `floqer-salesforce-mcp doctor`: checks, read-only, that this server can do its job with the
 * user's key, one line per check, in the order a first configure depends on them. Nothing here
 * writes: the option list is a read (Get Action Field Options), and no other call changes anything.
 */
import type { FloqerClient } from "./floqer/client.js";
import { quote } from "./floqer/envelope.js";
import { FloqerError } from "./floqer/errors.js";
import { redact } from "./log.js";
import { OPTION_FIELDS, UPDATE_ACTION_ID } from "./salesforce/updateAction.js";
import { TOOL } from "./toolNames.js";

export type CheckStatus = "ok" | "fail" | "skip";

export interface Check {
  status: CheckStatus;
  name: string;
  detail: string;
}

/** An email address in angle brackets when it is plainly one; anything else quoted, as data. */
function address(email: string): string {
  return /^[^\s<>"\\]+@[^\s<>"\\]+$/.test(email) ? `<${email}>` : quote(email);
}

/**
 * The server's messages are written for an agent ("ask the user to ...", "restart the server",
 * "call again"); doctor's reader is the person at the terminal, so each is turned to them.
 */
export function forAPerson(message: string): string {
  return message
    .replace(/\b(?:Ask|Tell) the user to (\w)/g, (_, first: string) => first.toUpperCase())
    .replace(/, or to use /g, ", or use ")
    .replace(/,? then restart the server\./g, ", then run doctor again.")
    .replace(/ and restart the server\./g, ", then run doctor again.")
    .replace(/, then call again\./g, ", then run doctor again.")
    .replace(/\s+/g, " ")
    .replace(/\.\.+$/, ".")
    .trim();
}

function reason(error: unknown): string {
  return forAPerson(error instanceof FloqerError ? error.message : `unexpected failure: ${String(error)}`);
}

/** Runs every check it can; a failed one skips those that need its answer. */
export async function runDoctor(client: FloqerClient): Promise<Check[]> {
  const checks: Check[] = [];
  const attempt = async <T>(name: string, run: () => Promise<{ value: T; detail: string }>) => {
    try {
      const { value, detail } = await run();
      checks.push({ status: "ok", name, detail });
      return value;
    } catch (error) {
      checks.push({ status: "fail", name, detail: reason(error) });
      return undefined;
    }
  };
  const skip = (name: string, detail: string) => checks.push({ status: "skip", name, detail });

  const user = await attempt("API key", async () => {
    const owner = await client.getUser();
    // Names come from Floqer: quoted, as data rather than part of the sentence.
    const who =
      [owner.name && quote(owner.name), owner.email && address(owner.email)].filter(Boolean).join(" ") ||
      "an unnamed user";
    return {
      value: owner,
      detail: `accepted; it acts as ${who}${owner.role ? ` (role ${quote(owner.role)})` : ""}`,
    };
  });
  if (!user) {
    for (const name of ["workflows", "workflow overview", "action graph", "rows", "Salesforce objects"]) {
      skip(name, "needs an accepted API key");
    }
    return checks;
  }

  const workflows = await attempt("workflows", async () => {
    const list = await client.listWorkflows();
    return { value: list, detail: `${list.length} listed` };
  });
  const first = workflows?.[0];
  if (!first) {
    const why = workflows ? "the account has no workflow yet" : "needs the workflow list";
    for (const name of ["workflow overview", "action graph", "rows", "Salesforce objects"]) skip(name, why);
    return checks;
  }

  const overview = await attempt("workflow overview", async () => {
    const workflow = await client.getWorkflow(first.workflow_id);
    return {
      value: workflow,
      detail: `${quote(workflow.name)} (${workflow.workflow_id}) has ${workflow.sheets.length} sheet(s)`,
    };
  });
  const main = overview?.sheets.find((sheet) => sheet.is_main_sheet) ?? overview?.sheets[0];
  if (!overview || !main) {
    skip("action graph", overview ? "the workflow has no sheet" : "needs the overview");
    skip("rows", overview ? "the workflow has no sheet" : "needs the overview");
    skip("Salesforce objects", "needs the action graph");
    return checks;
  }

  const location = { workflow_id: overview.workflow_id, sheet_id: main.sheet_id };
  const graph = await attempt("action graph", async () => {
    const chain = await client.getActionGraph(location);
    const updates = chain.actions.filter((action) => action.action_id === UPDATE_ACTION_ID);
    return {
      value: updates,
      detail: `main sheet ${quote(main.name)}: ${chain.inputs.length} input column(s), ${chain.actions.length} action(s), ${updates.length} ${UPDATE_ACTION_ID}`,
    };
  });
  // The test run reads rows back through List Rows, whose route is inferred: one row, one page.
  await attempt("rows", async () => {
    const rows = await client.listRows(location, { page_no: 1, page_size: 1 });
    return {
      value: rows,
      detail: `List Rows answered on the main sheet (${rows.length === 0 ? "no rows yet" : "its first row read"}): ${TOOL.testUpdate} can read a test run back`,
    };
  });
  const update = graph?.[0];
  if (!update) {
    skip(
      "Salesforce objects",
      graph ? `no ${UPDATE_ACTION_ID} action on that sheet to ask through` : "needs the action graph",
    );
    return checks;
  }
  await attempt("Salesforce objects", async () => {
    const options = await client.listOptions(
      { ...location, action_instance_id: update.action_instance_id },
      OPTION_FIELDS.objects,
      undefined,
    );
    return {
      value: options,
      detail: `${options.length} object(s) listed through ${update.action_instance_id}: Salesforce is connected for this key`,
    };
  });
  return checks;
}

const MARK: Record<CheckStatus, string> = { ok: "ok  ", fail: "FAIL", skip: "skip" };

/** One line per check, and whether every check that ran passed. */
export function formatChecks(checks: readonly Check[]): { text: string; passed: boolean } {
  const text = checks
    .map((check) => redact(`${MARK[check.status]}  ${check.name}: ${check.detail}`))
    .join("\n");
  return { text: `${text}\n`, passed: checks.every((check) => check.status !== "fail") };
}
