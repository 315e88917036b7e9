/** Runs cleanup once on SIGINT or SIGTERM (or when asked), then exits: the same for every transport. */
import { log } from "../../log.js";

export function onShutdown(cleanup: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const shutdown = () => {
    closing ??= cleanup()
      .catch((error: unknown) => log.error("error while shutting down", error))
      .finally(() => process.exit(0));
    return closing;
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return shutdown;
}
