/**
 * main.ts end to end, as `npm run synth` runs it: compiled with esbuild, in a fresh process, in a
 * scratch project directory.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildMainBundle } from "../test-support/main-bundle";

const work = mkdtempSync(join(tmpdir(), "lab-main-"));
const bundle = join(work, "main.js");

function synth(env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !["CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT", "LAB_CONFIG"].includes(name)),
  );
  const result = spawnSync(process.execPath, [bundle], { cwd: work, env: { ...inherited, ...env }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  await buildMainBundle(work);
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
    // The one warning: only the Terraform identity is exempt from the bucket policy (no admin
    // listed), so the next teammate or CI role would be locked out (LOCKOUT_SOLE_EXEMPTION).
    expect(stdout).toMatch(/Reachability of stack "vpc-lab" .*: 6\/6 paths as intended, 0 errors, 1 warnings -> PASS/);
    expect(stdout).toContain("LOCKOUT_SOLE_EXEMPTION");
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

/** The stacks of an output directory, each with its files, and what its manifest lists. */
function outputOf(outdir: string): { stacks: Record<string, string[]>; manifest: string[] } {
  const stacksDir = join(outdir, "stacks");
  const stacks = Object.fromEntries(
    (existsSync(stacksDir) ? readdirSync(stacksDir) : []).map((name) => [name, readdirSync(join(stacksDir, name)).sort()]),
  );
  const manifest = Object.keys((JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: object }).stacks);
  return { stacks, manifest };
}

describe("main, when the output cannot be written cleanly", () => {
  const labFile = (name: string) => {
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify({ name }));
    return file;
  };

  // The old output each kill interrupts the replacement of: synthesized once, copied for each step.
  beforeAll(() => {
    expect(synth({ CDKTF_OUTDIR: "kill-template", LAB_CONFIG: labFile("old-lab") }).status).toBe(0);
  });

  it.each(["staged", "old-moved-aside", "swapped"])(
    "leaves the old or the new output whole, never a mix, when killed at %s, and the next synth recovers",
    (step) => {
      const outdir = `kill-${step}`;
      expect(spawnSync("cp", ["-a", join(work, "kill-template"), join(work, outdir)]).status).toBe(0);
      const killed = spawnSync(process.execPath, [bundle], {
        cwd: work,
        env: { ...process.env, CDKTF_OUTDIR: outdir, LAB_CONFIG: labFile("new-lab"), LAB_SYNTH_FAULT: step },
      });
      expect(killed.signal).toBe("SIGKILL");
      // Right after the kill the output is old or new; between the two renames it is the
      // complete previous output under <outdir>.previous-<pid>, which the next run restores.
      const visible = existsSync(join(work, outdir))
        ? join(work, outdir)
        : join(work, readdirSync(work).find((n) => n.startsWith(`${outdir}.previous-`))!);
      const { stacks, manifest } = outputOf(visible);
      expect(manifest).toEqual(Object.keys(stacks));
      expect([["old-lab"], ["new-lab"]]).toContainEqual(manifest);
      expect(Object.values(stacks)[0]).toEqual(["cdk.tf.json", "lab-intent.json"]);

      expect(synth({ CDKTF_OUTDIR: outdir, LAB_CONFIG: labFile("third-lab") }).status).toBe(0);
      expect(outputOf(join(work, outdir)).manifest).toEqual(["third-lab"]);
      expect(readdirSync(work).filter((name) => name.startsWith(`${outdir}.`))).toEqual([]);
    },
  );

  it("lets two synths at once take turns: the manifest lists exactly the stack that is there", async () => {
    const run = (name: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [bundle], {
          cwd: work,
          env: { ...process.env, CDKTF_OUTDIR: "together", LAB_CONFIG: labFile(name) },
          stdio: "ignore",
        });
        child.on("exit", resolve);
      });
    const statuses = await Promise.all([run("lab-one"), run("lab-two")]);
    expect(statuses).toEqual([0, 0]);
    const { stacks, manifest } = outputOf(join(work, "together"));
    expect(manifest).toEqual(Object.keys(stacks));
    expect(manifest).toHaveLength(1);
    // Two synths in fresh processes: seconds each on a loaded machine.
  }, 60_000);

  it("reports a write failure in one line naming the path, without a stack trace", () => {
    writeFileSync(join(work, "a-file"), "");
    const { status, stderr, stdout } = synth({ CDKTF_OUTDIR: "a-file/cdktf.out" });
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^Cannot write a-file: a file is in the way of a directory \(EEXIST\)\. a-file\/cdktf.out was left as it was/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses, naming the directory, to drop a stack directory that holds state", () => {
    expect(synth({ CDKTF_OUTDIR: "stateful", LAB_CONFIG: labFile("kept-lab") }).status).toBe(0);
    mkdirSync(join(work, "stateful/stacks/kept-lab/terraform.tfstate.d/dev"), { recursive: true });
    writeFileSync(join(work, "stateful/stacks/kept-lab/terraform.tfstate.d/dev/terraform.tfstate"), "{}");
    const { status, stderr } = synth({ CDKTF_OUTDIR: "stateful", LAB_CONFIG: labFile("other-lab") });
    expect(status).toBe(1);
    expect(stderr).toMatch(/stateful\/stacks\/kept-lab holds Terraform state/);
    expect(outputOf(join(work, "stateful")).manifest).toEqual(["kept-lab"]);
  });

  it("prints a long report whole through a pipe", () => {
    const file = join(work, "many-problems.json");
    writeFileSync(
      file,
      JSON.stringify({ vpcs: Array.from({ length: 150 }, (_, i) => ({ name: `v${i}`.padEnd(16, "x") + "y", cidr: "10.1.0.0/16" })) }),
    );
    const { status, stderr } = synth({ LAB_CONFIG: file });
    expect(status).toBe(1);
    expect(stderr).toMatch(/\.\.\. and \d+ more problems/);
  });
});

describe("main, for teams", () => {
  const config = (name: string, content: object) => {
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it("synthesizes two environments side by side, each analysed, and removes one's directory (not its state) when it leaves the config", () => {
    const both = config("envs", { name: "team", offline: true, environments: { dev: {}, prod: { region: "eu-west-1" } } });
    const { status, stdout } = synth({ CDKTF_OUTDIR: "teams", LAB_CONFIG: both });
    expect(status).toBe(0);
    expect(stdout).toMatch(/Synthesized stack "team-dev"/);
    expect(stdout).toMatch(/Reachability of stack "team-prod"/);
    expect(outputOf(join(work, "teams")).manifest).toEqual(["team-dev", "team-prod"]);

    // A state file at the project root (where local state lives) is never touched by a synth.
    writeFileSync(join(work, "terraform.team-prod.offline-preview.tfstate"), "{}");
    const devOnly = config("dev-only", { name: "team", offline: true, environments: { dev: {} } });
    expect(synth({ CDKTF_OUTDIR: "teams", LAB_CONFIG: devOnly }).status).toBe(0);
    expect(outputOf(join(work, "teams")).manifest).toEqual(["team-dev"]);
    expect(existsSync(join(work, "teams/stacks/team-prod"))).toBe(false);
    expect(readFileSync(join(work, "terraform.team-prod.offline-preview.tfstate"), "utf8")).toBe("{}");
  });

  it("refuses to deploy an offline preview, with the reason, before writing anything", () => {
    const offline = config("preview", { name: "preview-lab", offline: true });
    const { status, stderr } = synth({ CDKTF_OUTDIR: "deploy-guard", LAB_CONFIG: offline, LAB_DEPLOY: "1" });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Refusing to deploy preview-lab: "offline": true makes a preview with fake credentials/);
    expect(existsSync(join(work, "deploy-guard"))).toBe(false);
  });
});

describe("the bundle and the IAM simulator's licence", () => {
  it("dist/main.js holds no code of the AGPL-3.0-or-later simulator: it requires it from node_modules, and the analysis still runs", () => {
    // The bundle this file runs, built as npm run compile builds dist/ (test-support/main-bundle.ts).
    const state = JSON.parse(readFileSync(join(work, "build-state.json"), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(state.inputs).filter((path) => path.includes("@cloud-copilot"))).toEqual([]);
    for (const name of ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-policy", "@cloud-copilot/iam-utils"]) {
      const license = (JSON.parse(readFileSync(join(__dirname, "../node_modules", name, "package.json"), "utf8")) as { license: string })
        .license;
      expect(`${name} ${license}`).toBe(`${name} AGPL-3.0-or-later`);
    }
    const run = spawnSync(process.execPath, [bundle], {
      cwd: work,
      env: { ...process.env, CDKTF_OUTDIR: "licence-out" },
      encoding: "utf8",
    });
    // The bucket's paths are decided by the simulator: PASS means it was loaded and answered.
    expect(run.stdout).toMatch(/ok {4}s3 vpc1 -> bucket\s+reachable\s+reachable/);
    expect(run.status).toBe(0);
  }, 120_000);
});
