import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
const token = "bench-http-token-0123456789abcdefghijklmnop";
const child = spawn(process.execPath, ["dist/index.js", "--http", "--port", "0", "--sandbox"], {
  env: { PATH: process.env.PATH, MCP_HTTP_TOKEN: token, MCP_HTTP_MAX_SESSIONS: "500" },
  stdio: ["ignore", "ignore", "pipe"],
});
const url = await new Promise<string>((r) => {
  let s = "";
  child.stderr.on("data", (c) => {
    s += c;
    const m = /listening on (\S+)/.exec(s);
    if (m) r(m[1]);
  });
});
const LOC = { workflow_id: "wf_demo_enrich_contacts", action_instance_id: "salesforce_update_record_1" };
for (let round = 0; round < 3; round++) {
  const clients = await Promise.all(
    Array.from({ length: 100 }, async () => {
      const t = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      const c = new Client({ name: "l", version: "1" });
      await c.connect(t);
      return { c, t };
    }),
  );
  await Promise.all(
    clients.map(async ({ c }) => {
      for (let i = 0; i < 50; i++)
        await c.callTool({
          name: "list_salesforce_fields",
          arguments: { ...LOC, salesforce_object: "Contact", query: "phone" },
        });
    }),
  );
  const during = rss(child.pid!);
  for (const { c, t } of clients) {
    await t.terminateSession();
    await c.close();
  }
  const samples: number[] = [];
  for (let i = 0; i < 12; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    samples.push(Math.round(rss(child.pid!)));
  }
  console.log(`round ${round}: during ${during.toFixed(0)} after: ${samples.join(" ")}`);
}
child.kill();
