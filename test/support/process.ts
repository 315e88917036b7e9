/**
 * The built server (dist/index.js) as a process, as clients start it: the one place the tests say
 * how it is run (Node, the bin, and an environment with nothing of this process's but PATH), and
 * helpers to wait on it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built bin; `node scripts/build.mjs` writes it. */
export const ENTRY = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** The whole environment a server process gets: `env`, and PATH, and nothing else of this process's. */
export function cleanEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", ...env };
}

/** How a client starts the built server: command, arguments and environment. */
export function builtServer(args: readonly string[] = [], env: Record<string, string> = {}) {
  return { command: process.execPath, args: [ENTRY, ...args], env: cleanEnv(env) };
}

/** Resolves with the first group of `pattern` (or the whole match) once the child's stderr shows it. */
export function waitForStderr(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${seen}`)), 10_000);
    child.stderr?.on("data", (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    });
  });
}

/** Resolves with the child's exit code once it has exited. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

export interface BuiltHttpServer {
  child: ChildProcess;
  /** The MCP endpoint, as its log line gives it. */
  url: string;
  /** Everything it has written to stderr so far. */
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The built server over HTTP on a free loopback port, once it listens. */
export async function startBuiltHttpServer(
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<BuiltHttpServer> {
  const { command, args: argv, env: environment } = builtServer(["--http", "--port", "0", ...args], env);
  const child = spawn(command, argv, { env: environment, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = await waitForStderr(child, /listening on (http:\/\/\S+)/);
  return {
    child,
    url,
    stderr: () => stderr,
    stop: (signal = "SIGTERM") => {
      const exited = exitOf(child);
      child.kill(signal);
      return exited;
    },
  };
}
