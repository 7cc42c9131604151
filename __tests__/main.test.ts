/**
 * main.ts end to end, as `npm run synth` runs it: compiled with esbuild, in a fresh process, in a
 * scratch project directory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

const work = mkdtempSync(join(tmpdir(), "lab-main-"));
const bundle = join(work, "main.js");

function synth(env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !["CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT", "LAB_CONFIG"].includes(name)),
  );
  const result = spawnSync(process.execPath, [bundle], { cwd: work, env: { ...inherited, ...env }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  buildSync({
    entryPoints: [join(__dirname, "..", "main.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    outfile: bundle,
    logLevel: "silent",
  });
});

describe("main", () => {
  it("synthesizes the default lab and prints the stack, the path and resource counts", () => {
    const { status, stdout } = synth();
    expect(status).toBe(0);
    expect(stdout).toContain('Synthesized stack "vpc-lab" -> cdktf.out/stacks/vpc-lab/cdk.tf.json');
    expect(stdout).toMatch(/aws_vpc\s+2/);
    expect(existsSync(join(work, "cdktf.out/stacks/vpc-lab/cdk.tf.json"))).toBe(true);
  });

  it("ends with the reachability analysis of what it wrote, and writes the intent beside the stack", () => {
    const { stdout } = synth();
    expect(stdout).toMatch(/Reachability of stack "vpc-lab" .*: 6\/6 paths as intended, 0 errors, 0 warnings -> PASS/);
    expect(stdout).toMatch(/\(analysed in [\d.]+ ms\)/);
    expect(JSON.parse(readFileSync(join(work, "cdktf.out/stacks/vpc-lab/lab-intent.json"), "utf8")).stack).toBe("vpc-lab");
  });

  it("exits 1 after writing when the analysis contradicts an expectation of the config", () => {
    const file = join(work, "contradiction.json");
    writeFileSync(file, JSON.stringify({ name: "contra-lab", expect: [{ protocol: "icmp", from: "vpc1", to: "vpc2", reachable: false }] }));
    const { status, stdout } = synth({ LAB_CONFIG: file });
    expect(status).toBe(1);
    expect(stdout).toMatch(/UNINTENDED: ping vpc1 -> vpc2 is reachable/);
    synth(); // restore the default stack for the next test
  });

  it("rejects a bad configuration with every problem, exits non-zero, and leaves cdktf.out untouched", () => {
    const before = readFileSync(join(work, "cdktf.out/stacks/vpc-lab/cdk.tf.json"), "utf8");
    const file = join(work, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ name: "other-lab", region: "mars", vpcs: [{ name: "a", cidr: "10.1.0.5/16", publicSubnetCidr: "10.1.0.0/24" }] }),
    );
    const { status, stderr, stdout } = synth({ LAB_CONFIG: file });
    expect(status).toBe(1);
    expect(stderr).toContain(`Invalid lab configuration in ${file}: 2 problems`);
    expect(stderr).toContain("region");
    expect(stderr).toContain("vpcs[0].cidr");
    expect(stdout).toBe("");
    expect(existsSync(join(work, "cdktf.out/stacks/other-lab"))).toBe(false);
    expect(readFileSync(join(work, "cdktf.out/stacks/vpc-lab/cdk.tf.json"), "utf8")).toBe(before);
  });

  it("leaves exactly this run's stack, in this run's format, after a rename and a switch to HCL", () => {
    const file = join(work, "renamed.json");
    writeFileSync(file, JSON.stringify({ name: "renamed-lab" }));
    mkdirSync(join(work, "cdktf.out/stacks/renamed-lab"), { recursive: true });
    writeFileSync(join(work, "cdktf.out/stacks/renamed-lab/cdk.tf.json"), "{}");
    expect(synth({ LAB_CONFIG: file, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(existsSync(join(work, "cdktf.out/stacks/vpc-lab"))).toBe(false);
    expect(existsSync(join(work, "cdktf.out/stacks/renamed-lab/cdk.tf"))).toBe(true);
    expect(existsSync(join(work, "cdktf.out/stacks/renamed-lab/cdk.tf.json"))).toBe(false);
  });
});
