/**
 * A second Floqer emulator, written from FLOQER_API.md alone and on purpose unlike the sandbox
 * where the document leaves room: the option list is wrapped as `data.options`, field metadata
 * uses other `extras` key names, errors are nested, and Configure Action answers with little. A
 * server that works against both does not depend on the sandbox's own choices.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface IndependentFloqer {
  baseUrl: string;
  apiKey: string;
  puts: { path: string; body: unknown }[];
  close(): Promise<void>;
}

const OBJECTS = [
  { value: "Lead", label: "Lead" },
  { value: "Deal_Desk__c", label: "Deal Desk Request" },
];

const FIELDS: Record<string, { value: string; label: string; extras: Record<string, unknown> }[]> = {
  Lead: [
    { value: "Id", label: "Lead ID", extras: { fieldType: "id", isUpdateable: false } },
    { value: "Company", label: "Company", extras: { fieldType: "string", isUpdateable: true } },
    { value: "Rating", label: "Rating", extras: { fieldType: "picklist", isUpdateable: true } },
    { value: "Fit_Grade__c", label: "Fit Grade", extras: { fieldType: "string", calculated: true } },
  ],
  Deal_Desk__c: [{ value: "Notes__c", label: "Notes", extras: {} }],
};

export async function startIndependentFloqer(
  apiKey = "floq_independent_0123456789",
): Promise<IndependentFloqer> {
  const puts: { path: string; body: unknown }[] = [];
  const server: Server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return reply(401, { error: { code: "UNAUTHORIZED", message: "Bad key" } });
    }
    const path = (request.url ?? "").replace(/^\/v1/, "");
    const route = /^\/workflows\/(\w+)\/sheets\/(\w+)\/actions\/(\w+)(\/options\/(\w+))?$/.exec(path);
    if (route?.[1] !== "w42" || route[2] !== "w42" || route[3] !== "salesforce_update_record_3") {
      return reply(404, { error: { code: "NOT_FOUND", message: "No such action" } });
    }
    const body = raw ? JSON.parse(raw) : undefined;
    if (request.method === "POST" && route[5] === "salesforce_object") {
      return reply(200, { status: 200, data: { options: OBJECTS } });
    }
    if (request.method === "POST" && route[5] === "add_fields_and_their_values") {
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
    if (request.method === "PUT" && !route[4]) {
      puts.push({ path, body });
      return reply(200, {
        status: 200,
        data: { action_instance_id: route[3] },
        message: "Action configured",
      });
    }
    return reply(404, { error: { code: "NOT_FOUND", message: "No route" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    puts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
