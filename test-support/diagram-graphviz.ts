import { buildSync } from "esbuild";
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphvizLayout } from "../src/diagram/draw-lab";

let loaded: Promise<GraphvizLayout> | undefined;

/**
 * Graphviz (WebAssembly) inside jest. The package ships as an ES module only, which jest's
 * CommonJS runtime cannot load; esbuild turns it into one CommonJS file once (~70 ms), kept in the
 * temporary directory and rebuilt when the package changes.
 */
export function loadGraphviz(): Promise<GraphvizLayout> {
  loaded ??= (async () => {
    const entry = require.resolve("@hpcc-js/wasm-graphviz");
    const dir = join(tmpdir(), "vpc-lab-diagram-tests");
    const outfile = join(dir, `wasm-graphviz-${statSync(entry).size}-${Math.trunc(statSync(entry).mtimeMs)}.cjs`);
    if (!existsSync(outfile)) {
      mkdirSync(dir, { recursive: true });
      const temporary = `${outfile}.${process.pid}.tmp.cjs`;
      buildSync({ entryPoints: [entry], format: "cjs", platform: "node", outfile: temporary, logLevel: "warning" });
      renameSync(temporary, outfile);
    }
    // A file built at test time, so it can only be required by path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Graphviz } = require(outfile) as { Graphviz: { load(): Promise<GraphvizLayout> } };
    return Graphviz.load();
  })();
  return loaded;
}
