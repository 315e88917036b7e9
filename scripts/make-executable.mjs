// tsc keeps the shebang but not the executable bit that `npx` and `bin` need.
import { chmodSync } from "node:fs";

chmodSync(new URL("../dist/index.js", import.meta.url), 0o755);
