// How this project bundles for Node: one ESM file per entry with its dependencies inside. The
// build uses these for the bin, and the bench for the bare SDK server it compares the bin with, so
// the floor is bundled exactly as the project is.
export const BUNDLE_OPTIONS = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.18",
  legalComments: "none",
  // Bundled CommonJS dependencies (undici) call require() for Node's own modules.
  banner: {
    js: "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
  },
  logLevel: "warning",
};
