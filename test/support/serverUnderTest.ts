/**
 * The server under test, built in-process the way the CLI builds it: settings read by the table's
 * own schema (with the emulator's address and key), the dependencies made from them, and one MCP
 * server per session. Every in-process harness (in-memory, HTTP) builds it here, so a change in
 * how the server is built is made once.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type Settings, settingsSchema } from "../../src/config/parse.js";
import { createDependencies, createServer, type ServerDependencies } from "../../src/mcp/server.js";
import { type EmulatorOptions, FloqerEmulator } from "../../src/sandbox/emulator.js";

export interface ServerUnderTestOptions {
  /** The emulator to talk to: one already started is shared and left running; else a new one. */
  emulator?: FloqerEmulator | EmulatorOptions;
  /** Settings on top of the emulator's base URL and key. */
  settings?: Partial<Record<keyof Settings, unknown>>;
  /** Omit the API key entirely. */
  noApiKey?: boolean;
  /** Replaces parts of what the server is built from, e.g. a shorter call deadline. */
  overrides?: Partial<ServerDependencies>;
}

export interface ServerUnderTest {
  emulator: FloqerEmulator;
  settings: Settings;
  dependencies: ServerDependencies;
  /** A new MCP server over the shared dependencies, as each session gets. */
  createServer(): McpServer;
  /** Closes the upstream client, and the emulator if it was started here. */
  close(): Promise<void>;
}

export async function buildServerUnderTest(options: ServerUnderTestOptions = {}): Promise<ServerUnderTest> {
  const emulator =
    options.emulator instanceof FloqerEmulator ? options.emulator : new FloqerEmulator(options.emulator);
  const ownsEmulator = !emulator.baseUrl;
  if (ownsEmulator) await emulator.start();
  const parsed = settingsSchema.safeParse({
    baseUrl: emulator.baseUrl,
    ...(options.noApiKey ? {} : { apiKey: emulator.apiKey }),
    ...options.settings,
  });
  if (!parsed.success) {
    if (ownsEmulator) await emulator.stop();
    throw parsed.error;
  }
  const dependencies = { ...createDependencies(parsed.data), ...options.overrides };
  return {
    emulator,
    settings: parsed.data,
    dependencies,
    createServer: () => createServer(dependencies),
    close: async () => {
      await dependencies.client.close();
      if (ownsEmulator) await emulator.stop();
    },
  };
}
