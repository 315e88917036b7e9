// Builds the published bin: one minified ESM bundle with its dependencies inside, plus chunks that
// load only when needed (the sandbox, the HTTP transport). A client starting the server over
// stdio loads just the entry, and `npx` has no dependencies to install.
import { chmodSync, rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  // The bin is src/bin.ts, written as dist/index.js: it answers --version and loads the rest lazily.
  entryPoints: [{ in: new URL("../src/bin.ts", import.meta.url).pathname, out: "index" }],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.18",
  minify: true,
  legalComments: "none",
  chunkNames: "[name]-[hash]",
  // Bundled CommonJS dependencies (undici) call require() for Node's own modules.
  banner: {
    js: "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
  },
  logLevel: "warning",
});
chmodSync(`${outdir}index.js`, 0o755);
