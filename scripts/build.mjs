// Builds the published bin: one minified ESM bundle with its dependencies inside, plus chunks that
// load only when needed (the sandbox, the HTTP transport, Ajv for forms). A client starting the
// server over stdio loads just the entry, and `npx` has no dependencies to install.
//
// A start is what a client waits on before its first tools/list, so the bundle leaves out of it
// what this server never uses there (bench/CHANGES.md has what each step bought):
// - the tools' listed JSON Schemas are written here, once, from the same definitions, instead of
//   at every start (src/mcp/listing.ts);
// - zod's error messages in 50 languages other than English, which nothing here selects;
// - Ajv in the SDK's server: it is there to build a default form validator, and this server
//   always passes its own, which loads Ajv with the first form (src/mcp/formValidator.ts);
// - zod 3 and zod-to-json-schema in the SDK's server: they serve tools written with zod 3 schemas,
//   and every schema here is zod 4.
// Each stand-in throws a sentence saying what was left out, should anything reach it; if the SDK
// moves these files, nothing matches and the bundle simply keeps them.
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BUNDLE_OPTIONS } from "./bundleOptions.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = join(root, "dist");

/**
 * Every tool's listed schemas, written by the source's own listing code: bundled into dist/ (the
 * code finds package.json beside it, as the bin does) and run once; dist/ is rebuilt after.
 */
async function listedSchemas() {
  const outfile = join(outdir, "listing.mjs");
  try {
    await build({
      ...BUNDLE_OPTIONS,
      stdin: {
        contents: [
          'import { TOOLS } from "./src/tools/catalog.ts";',
          'import { listedSchemasOf } from "./src/mcp/listing.ts";',
          "export default listedSchemasOf(TOOLS);",
        ].join("\n"),
        resolveDir: root,
        loader: "ts",
      },
      outfile,
    });
    return (await import(pathToFileURL(outfile).href)).default;
  } finally {
    rmSync(outfile, { force: true });
  }
}

/**
 * src/mcp/builtListing.ts with the listed schemas in it. The build fails if the module was never
 * filled (moved, renamed): a bundle that quietly wrote its listing at every start would pass every
 * test and start slower.
 */
function withListedSchemas(listed) {
  const state = { filled: false };
  return {
    state,
    plugin: {
      name: "listed-schemas",
      setup(builder) {
        builder.onLoad({ filter: /[/\\]src[/\\]mcp[/\\]builtListing\.ts$/ }, () => {
          state.filled = true;
          return {
            // As a JSON string: V8 reads a large literal faster through JSON.parse than as code.
            contents: `export const BUILT_LISTED_SCHEMAS = JSON.parse(${JSON.stringify(JSON.stringify(listed))});`,
            loader: "js",
          };
        });
      },
    },
  };
}

/** zod's locales, English only: the one zod sets for itself. */
const englishOnly = {
  name: "zod-english-only",
  setup(builder) {
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\](classic|core|mini)[/\\]/.test(args.importer)
        ? { path: join(dirname(args.importer), "../locales/en.js"), namespace: "zod-english-only" }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: "js",
      resolveDir: root,
    }));
  },
};

/** The SDK server's default form validator, left out: constructing it says what to pass instead. */
const noDefaultAjv = {
  name: "no-default-ajv",
  setup(builder) {
    builder.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) =>
      /[/\\]sdk[/\\]dist[/\\]esm[/\\]server[/\\]index\.js$/.test(args.importer)
        ? { path: "ajv-provider", namespace: "no-default-ajv" }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: "no-default-ajv" }, () => ({
      contents:
        "export class AjvJsonSchemaValidator { constructor() { throw new Error('this bundle has no default form validator: pass jsonSchemaValidator (src/mcp/formValidator.ts)'); } }",
      loader: "js",
    }));
  },
};

/** The SDK server's zod 3 support, left out: calling it says so. */
const noZod3 = {
  name: "no-zod3",
  setup(builder) {
    builder.onResolve({ filter: /^(zod\/v3|zod-to-json-schema)$/ }, (args) =>
      /[/\\]sdk[/\\]dist[/\\]esm[/\\]server[/\\]/.test(args.importer)
        ? { path: args.path, namespace: "no-zod3" }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: "no-zod3" }, (args) => {
      const name = args.path === "zod/v3" ? "object" : "zodToJsonSchema";
      return {
        contents: `export function ${name}() { throw new Error("this bundle has no zod 3 support: every schema here is zod 4"); }`,
        loader: "js",
      };
    });
  },
};

const listing = withListedSchemas(await listedSchemas());
rmSync(outdir, { recursive: true, force: true });
await build({
  ...BUNDLE_OPTIONS,
  // The bin is src/bin.ts, written as dist/index.js: it answers --version and loads the rest lazily.
  entryPoints: [{ in: `${root}src/bin.ts`, out: "index" }],
  outdir,
  splitting: true,
  minify: true,
  chunkNames: "[name]-[hash]",
  plugins: [listing.plugin, englishOnly, noDefaultAjv, noZod3],
});
if (!listing.state.filled)
  throw new Error("src/mcp/builtListing.ts was not filled in: the listed-schemas plugin no longer finds it");
chmodSync(join(outdir, "index.js"), 0o755);
