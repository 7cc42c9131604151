/**
 * A synth into an output directory that is partly read-only, with real file permissions: main.ts
 * bundled and run as an unprivileged user (root ignores permissions, so as root the runs go
 * through `runuser -u nobody`). Each case synthesizes the default lab, makes one part of the
 * output read-only, then synthesizes the lab under another name (its old stack directory must go)
 * and checks that the output is the new one, whole, and that exit status and message say so.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildMainBundle } from "../../test-support/main-bundle";

const asRoot = process.getuid?.() === 0;
const runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].find((path) => existsSync(path));
const nobody = { uid: 65534, gid: 65534 };
const skip = asRoot && runuser === undefined;
if (skip) console.warn("NOTICE: skipping the read-only output tests: running as root without runuser (root ignores file permissions)");

const work = mkdtempSync(join(tmpdir(), "lab-write-failure-"));
const bundle = join(work, "main.js");

/** Runs the bundled synth in `project` as the unprivileged user. */
function synth(project: string, env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !["CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT", "LAB_CONFIG", "LAB_SYNTH_FAULT"].includes(name)),
  );
  const command = asRoot ? [runuser!, "-u", "nobody", "--", process.execPath, bundle] : [process.execPath, bundle];
  const result = spawnSync(command[0]!, command.slice(1), { cwd: project, env: { ...inherited, ...env }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The template of every case's project: the default lab synthesized once, by the unprivileged user. */
const template = join(work, "template");

/**
 * A project directory the unprivileged user owns, holding the default lab's output and a config
 * that renames it: a copy of the template (`cp -a` keeps owners, modes and times), as if synthesized there.
 */
function projectDir(name: string): { dir: string; outdir: string } {
  const dir = join(work, name);
  expect(spawnSync("cp", ["-a", template, dir]).status).toBe(0);
  return { dir, outdir: join(dir, "cdktf.out") };
}

/** The output is exactly the renamed lab's, whole: its manifest, stack file and intent, and no old stack. */
function expectNewOutputWhole(outdir: string): void {
  expect(readdirSync(join(outdir, "stacks"))).toEqual(["renamed-lab"]);
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: object };
  expect(Object.keys(manifest.stacks)).toEqual(["renamed-lab"]);
  const stack = JSON.parse(readFileSync(join(outdir, "stacks/renamed-lab/cdk.tf.json"), "utf8")) as { resource: object };
  expect(Object.keys(stack.resource).length).toBeGreaterThan(10);
  expect(JSON.parse(readFileSync(join(outdir, "stacks/renamed-lab/lab-intent.json"), "utf8")).stack).toBe("renamed-lab");
}

beforeAll(async () => {
  chmodSync(work, 0o755);
  await buildMainBundle(work);
  chmodSync(bundle, 0o644);
  if (skip) return;
  mkdirSync(template);
  writeFileSync(join(template, "renamed.json"), JSON.stringify({ name: "renamed-lab" }));
  if (asRoot) {
    chownSync(template, nobody.uid, nobody.gid);
    chownSync(join(template, "renamed.json"), nobody.uid, nobody.gid);
  }
  const first = synth(template);
  if (first.status !== 0) throw new Error(`the template's synth failed (exit ${first.status}):\n${first.stdout}${first.stderr}`);
}, 60_000);

afterAll(() => {
  // Give write permission back so that the temporary tree can be removed.
  spawnSync("chmod", ["-R", "u+w", work]);
  rmSync(work, { recursive: true, force: true });
});

(skip ? describe.skip : describe)("a synth into a partly read-only cdktf.out (real permissions, unprivileged user)", () => {
  it.each([
    ["cdktf.out itself", "cdktf.out"],
    ["its stacks/ folder", "cdktf.out/stacks"],
    ["the stack directory", "cdktf.out/stacks/vpc-lab"],
  ])("%s read-only: exit 0 with the new output whole, and a warning that names the previous output left beside it", (_name, readOnly) => {
    const { dir, outdir } = projectDir(readOnly.replace(/\W/g, "-"));
    chmodSync(join(dir, readOnly), 0o555);
    const { status, stdout, stderr } = synth(dir, { LAB_CONFIG: "renamed.json" });
    expect(stderr).toMatch(
      /^Wrote the new output to cdktf\.out \(complete\)\. The previous output could not be removed \(EACCES at .+\) and is left in cdktf\.out\.discarded-\d+: make it writable and remove it/,
    );
    expect(stderr).not.toContain("left as it was");
    expect(stdout).toContain('Synthesized stack "renamed-lab"');
    expect(status).toBe(0);
    expectNewOutputWhole(outdir);
  });

  it("a read-only stack file: the new output replaces it whole, exit 0, no warning (a read-only file in a writable directory can go)", () => {
    const { dir, outdir } = projectDir("single-file");
    chmodSync(join(outdir, "stacks/vpc-lab/cdk.tf.json"), 0o444);
    const { status, stderr } = synth(dir, { LAB_CONFIG: "renamed.json" });
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expectNewOutputWhole(outdir);
    expect(readdirSync(dir).sort()).toEqual(["cdktf.out", "renamed.json"]);
  });

  it("a read-only project directory: exit 1, 'left as it was', and the previous output is indeed whole", () => {
    const { dir, outdir } = projectDir("read-only-project");
    const before = readFileSync(join(outdir, "stacks/vpc-lab/cdk.tf.json"), "utf8");
    chmodSync(dir, 0o555);
    const { status, stderr } = synth(dir, { LAB_CONFIG: "renamed.json" });
    expect(stderr).toMatch(
      /^Cannot write .*cdktf\.out\.lock: permission denied \(EACCES\)\. cdktf\.out was left as it was; fix the cause and run again\./,
    );
    expect(status).toBe(1);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["vpc-lab"]);
    expect(readFileSync(join(outdir, "stacks/vpc-lab/cdk.tf.json"), "utf8")).toBe(before);
  });
});
