/**
 * The command line: read flags and environment, start the sandbox if asked, serve over stdio or
 * HTTP. Loaded by the bin (bin.ts), which answers --version without it.
 */
import { createHmac, randomBytes } from "node:crypto";
import { parseCommandLine, type Settings } from "./config/parse.js";
import { USAGE } from "./config/render.js";
import { log, registerSecret } from "./log.js";
import { createDependencies, createServer, type ServerDependencies } from "./mcp/server.js";
import { onShutdown } from "./mcp/transports/shutdown.js";
import { runStdio } from "./mcp/transports/stdio.js";
import { ENV, FLAG } from "./settingNames.js";
import { PACKAGE } from "./version.js";

/** Exit code for invalid settings, as for a usage error. */
const EXIT_INVALID_SETTINGS = 2;

/** The sandbox's key, derived from the signing secret: the same in every process that shares it. */
function sandboxKey(secret: string): string {
  return `floq_sandbox_${createHmac("sha256", secret).update("floqer-salesforce-mcp sandbox key").digest("hex").slice(0, 24)}`;
}

/** The settings to serve with: on the sandbox, its emulator's address and key; otherwise as given. */
async function upstreamFor(settings: Settings): Promise<{ settings: Settings; stop: () => Promise<void> }> {
  if (!settings.sandbox) return { settings, stop: async () => {} };
  // Loaded only in sandbox mode: a real deployment never pays for the demo org.
  const { FloqerEmulator } = await import("./sandbox/emulator.js");
  // With a signing secret, every process's sandbox has the same key, so a token or question id
  // from one process (one CLI call) is good in the next; without one, a random key as before.
  const emulator = new FloqerEmulator({
    apiKey: settings.confirmationSecret && sandboxKey(settings.confirmationSecret),
  });
  const baseUrl = await emulator.start();
  log.info(
    `sandbox: built-in Floqer emulator with a demo org at ${baseUrl}; nothing reaches a real Floqer or Salesforce`,
  );
  return { settings: { ...settings, baseUrl, apiKey: emulator.apiKey }, stop: () => emulator.stop() };
}

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2), process.env);
  switch (command.kind) {
    case "help":
      process.stdout.write(USAGE);
      return;
    case "version":
      process.stdout.write(`${PACKAGE.version}\n`);
      return;
    case "invalid":
      process.stderr.write(`${PACKAGE.name}: ${command.message}\n`);
      process.exitCode = EXIT_INVALID_SETTINGS;
      return;
    case "doctor":
      process.exitCode = await doctor(command.settings);
      return;
    case "run":
  }
  const { settings, stop: stopSandbox } = await upstreamFor(command.settings);
  // On the sandbox the emulator's key is in place; a real key is worth a word when it looks wrong.
  if (!settings.sandbox && !settings.apiKey) {
    log.warn(`${ENV.apiKey} is not set: tools will answer with how to set it`);
  } else if (!settings.sandbox && !settings.apiKey?.startsWith("floq_")) {
    log.warn(`${ENV.apiKey} does not start with floq_; Floqer keys do, so check that it is the right key`);
  }
  if (settings.readOnly) log.info("read-only: only the tools that change nothing are offered");
  const dependencies = createDependencies(settings);
  const cleanup = async () => {
    await dependencies.client.close();
    await stopSandbox();
  };
  if (settings.http) await serveHttp(settings, dependencies, cleanup);
  else await runStdio(createServer(dependencies), cleanup);
}

/** Checks the account read-only and prints one line per check on stdout; never prints the key. */
async function doctor(given: Settings): Promise<number> {
  const { settings, stop: stopSandbox } = await upstreamFor(given);
  const dependencies = createDependencies(settings);
  try {
    const { runDoctor, formatChecks } = await import("./doctor.js");
    const { text, passed } = formatChecks(await runDoctor(dependencies.client));
    process.stdout.write(text);
    return passed ? 0 : 1;
  } finally {
    await dependencies.client.close();
    await stopSandbox();
  }
}

async function serveHttp(settings: Settings, dependencies: ServerDependencies, cleanup: () => Promise<void>) {
  let token = settings.httpToken;
  if (settings.httpNoAuthForTests) {
    token = undefined;
    log.warn(`${FLAG.httpNoAuthForTests}: requests are accepted without a bearer token (loopback only)`);
  } else if (!token) {
    token = randomBytes(32).toString("base64url");
    // The one time the token is shown: the user needs it to connect a client.
    process.stderr.write(
      `[${PACKAGE.name}] ${ENV.httpToken} is not set; this run's bearer token: ${token}\n`,
    );
  }
  registerSecret(token);
  // Loaded only with --http: a stdio start never pays for the HTTP stack.
  const { startHttpServer } = await import("./mcp/transports/http.js");
  const running = await startHttpServer(() => createServer(dependencies), {
    host: settings.httpHost,
    port: settings.httpPort,
    token,
    allowedHosts: settings.httpAllowedHosts,
    allowedOrigins: settings.httpAllowedOrigins,
    maxSessions: settings.httpMaxSessions,
    sessionIdleMs: settings.httpSessionIdleMs,
    maxBodyBytes: settings.httpMaxBodyBytes,
    instanceName: settings.httpInstanceName,
  });
  onShutdown(async () => {
    await running.close();
    await cleanup();
  });
  log.info(`listening on ${running.url}`);
}

main().catch((error: unknown) => {
  log.error("failed to start", error);
  process.exit(1);
});
