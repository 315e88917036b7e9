/**
 * Everything the process writes to stderr while a suite runs, to search for leaks: passed through,
 * or held back (`quiet`) where the test expects an error log that a passing run should not print.
 */
export function captureStderr({ quiet = false } = {}): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(String(chunk));
    return quiet ? true : (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    lines,
    restore: () => {
      process.stderr.write = original;
    },
  };
}
