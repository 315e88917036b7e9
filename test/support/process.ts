/** Helpers for tests that run the built server as a child process. */
import type { ChildProcess } from "node:child_process";

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
