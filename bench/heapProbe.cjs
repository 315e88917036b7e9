// Loaded into the benchmarked server with --require (and --expose-gc): on SIGUSR2 it collects
// garbage and prints the heap that survives, so the soak can tell a leak from V8 keeping its
// high-water mark. Bench only: the shipped server has no such hook.
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
  process.stderr.write(`heap-after-gc ${process.memoryUsage().heapUsed}\n`);
});
