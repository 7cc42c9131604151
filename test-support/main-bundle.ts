import { join } from "node:path";

/**
 * Bundles the project's entry points into `outdir` exactly as `npm run compile` does (the
 * launcher's substitutions included, such as the Array.isArray in place of cdktf's deprecated
 * util.isArray, so a bundle run on Node 22 or 24 prints no deprecation), and returns the path of
 * its `main.js`. Tests that run the synth as a process use it instead of a plain esbuild call.
 */
export async function buildMainBundle(outdir: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require("../scripts/build") as { build: (options: { outdir: string }) => Promise<string> };
  await build({ outdir });
  return join(outdir, "main.js");
}
