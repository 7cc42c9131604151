import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { LabOutputs } from "../../test-support/lab-outputs";

// The entry that `npm run diff` (scripts/launch.js diff) runs, bundled as scripts/build.js bundles
// it and run as a process: the arguments go in, the report comes out on stdout, a usage error on
// stderr, and the exit status is the diff's.
const outputs = new LabOutputs();
const bundle = join(outputs.scratch("bundle"), "diff.js");
beforeAll(
  () =>
    build({
      entryPoints: [join(__dirname, "..", "..", "diff.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      outfile: bundle,
      logLevel: "warning",
    }),
  60_000,
);
afterAll(() => outputs.remove());

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bundle, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });

describe("diff.ts, the entry of npm run diff", () => {
  it("compares CDKTF_OUTDIR with --base and exits with the diff's status", () => {
    const result = run(["--base", outputs.of(), "--format", "markdown"], { CDKTF_OUTDIR: outputs.of({ flowLogs: false }) });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^<!-- vpc-lab diff -->\n### Lab diff: breaking\n/);
    expect(result.stderr).toBe("");
  });

  it("exits 0 for an unchanged lab, and 2 with one sentence on stderr for bad usage", () => {
    const dir = outputs.of();
    expect(run(["--base", dir], { CDKTF_OUTDIR: dir })).toMatchObject({ status: 0, stderr: "" });
    const bad = run([], { CDKTF_OUTDIR: dir });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^No base to compare with: pass --base <dir>/);
  });
});
