/**
 * The `vpc-lab` command as a user runs it: `node bin/vpc-lab.js ...` (what `npx vpc-lab` starts),
 * in fresh processes, with a private output directory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/vpc-lab.js");
const work = mkdtempSync(join(tmpdir(), "vpc-lab-bin-"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { COMMANDS, providerMirror } = require(BIN) as {
  COMMANDS: Record<string, unknown>;
  providerMirror: (env: NodeJS.ProcessEnv, home: string) => { path?: string; cliConfigFile?: string; error?: string };
};

function vpcLab(args: string[], env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !["CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT", "LAB_CONFIG", "LAB_DEPLOY"].includes(name)),
  );
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const offlineConfig = join(work, "offline.json");
beforeAll(() => writeFileSync(offlineConfig, JSON.stringify({ name: "bin-preview", offline: true })));

describe("vpc-lab", () => {
  it("lists every command with --help, -h and help, on stdout, exit 0", () => {
    expect(Object.keys(COMMANDS)).toEqual(["synth", "check", "diagram", "rehearse", "diff", "deploy", "destroy"]);
    for (const flag of ["--help", "-h", "help"]) {
      const { status, stdout, stderr } = vpcLab([flag]);
      expect(status).toBe(0);
      expect(stderr).toBe("");
      for (const command of Object.keys(COMMANDS)) expect(stdout).toContain(`vpc-lab ${command}`);
    }
  });

  it("names an unknown command and the known ones on stderr, exit 2; no command at all is exit 2 with the usage", () => {
    const unknown = vpcLab(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toBe(
      'vpc-lab: unknown command "frobnicate"; the commands are synth, check, diagram, rehearse, diff, deploy, destroy and help.\n' +
        "Run `vpc-lab --help` for the commands.\n",
    );
    const none = vpcLab([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^usage: vpc-lab <command>/);
  });

  it("synth writes the stack; check --json then prints JSON and nothing else on stdout", () => {
    const outdir = join(work, "out");
    const synth = vpcLab(["synth"], { CDKTF_OUTDIR: outdir });
    expect(synth.status).toBe(0);
    expect(synth.stdout).toContain(`Synthesized stack "vpc-lab" -> ${outdir}/stacks/vpc-lab/cdk.tf.json`);
    const check = vpcLab(["check", "--json"], { CDKTF_OUTDIR: outdir });
    expect(check.status).toBe(0);
    const report = JSON.parse(check.stdout) as { stack: string; pass: boolean }[];
    expect(report.map(({ stack, pass }) => ({ stack, pass }))).toEqual([{ stack: "vpc-lab", pass: true }]);
  });

  it("synth --hcl writes cdk.tf, and refuses any other option with exit 2", () => {
    const outdir = join(work, "hcl");
    expect(vpcLab(["synth", "--hcl"], { CDKTF_OUTDIR: outdir }).status).toBe(0);
    expect(readFileSync(join(outdir, "stacks/vpc-lab/cdk.tf"), "utf8")).toContain("vpc_id = aws_vpc.vpc1.id");
    expect(existsSync(join(outdir, "stacks/vpc-lab/cdk.tf.json"))).toBe(false);
    const bad = vpcLab(["synth", "--json"], { CDKTF_OUTDIR: outdir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^vpc-lab: synth: unknown option "--json" \(synth takes --hcl only\)/);
  });

  it("diff runs the review diff: its usage on a missing --base, exit 2", () => {
    const { status, stderr } = vpcLab(["diff"]);
    expect(status).toBe(2);
    expect(stderr).toContain("usage: npm run diff -- --base <dir>");
  });

  it("rehearse bundles the rehearsal and runs it: a bad configuration is its one report, exit 1", () => {
    const bad = join(work, "bad.json");
    writeFileSync(bad, JSON.stringify({ vpcs: [] }));
    const { status, stderr } = vpcLab(["rehearse"], { LAB_CONFIG: bad });
    expect(stderr).toMatch(/^Invalid lab configuration in .*bad\.json: 1 problem\n {2}- vpcs: expected at least 1 entry/);
    expect(status).toBe(1);
  });

  it("deploy refuses an offline preview in the synth that cdktf deploy runs first, before Terraform", () => {
    const { status, stdout, stderr } = vpcLab(["deploy", "--output", join(work, "deploy-out")], {
      LAB_CONFIG: offlineConfig,
      LAB_PROVIDER_MIRROR: "/opt/tf-plugins",
    });
    expect(`${stdout}${stderr}`).toContain('Refusing to deploy bin-preview: "offline": true makes a preview');
    expect(`${stdout}${stderr}`).not.toContain("terraform init");
    expect(status).not.toBe(0);
  });

  it("npx cdktf deploy (the CLI directly, no LAB_DEPLOY) refuses the offline preview too: the app sees cdktf deploy in its ancestry", () => {
    const cli = require.resolve("cdktf-cli/bundle/bin/cdktf", { paths: [ROOT] });
    const result = spawnSync(process.execPath, [cli, "deploy", "--output", join(work, "cli-deploy-out")], {
      cwd: ROOT,
      env: { ...process.env, LAB_CONFIG: offlineConfig, LAB_DEPLOY: "", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(`${result.stdout}${result.stderr}`).toContain('Refusing to deploy bin-preview: "offline": true makes a preview');
    expect(result.status).not.toBe(0);
  });

  it("deploy without a mirror stops before Terraform, with what to set, when the registry cannot be reached", () => {
    const { status, stderr } = vpcLab(["deploy"], {
      LAB_REGISTRY_HOST: "127.0.0.1:9",
      LAB_PROVIDER_MIRROR: "",
      TF_CLI_CONFIG_FILE: "/dev/null",
    });
    expect(status).toBe(2);
    expect(stderr).toMatch(
      /the Terraform registry \(127\.0\.0\.1:9\) cannot be reached, and no provider mirror is set.*Set LAB_PROVIDER_MIRROR=<dir>/,
    );
  });
});

describe("providerMirror", () => {
  it("writes a CLI configuration that installs from LAB_PROVIDER_MIRROR only", () => {
    const mirror = join(work, "mirror");
    mkdirSync(join(mirror, "registry.terraform.io"), { recursive: true });
    const found = providerMirror({ LAB_PROVIDER_MIRROR: mirror }, work);
    expect(found.path).toBe(mirror);
    expect(readFileSync(found.cliConfigFile!, "utf8")).toBe(
      `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`,
    );
  });

  it("refuses a LAB_PROVIDER_MIRROR that is no mirror, saying what to point it at", () => {
    expect(providerMirror({ LAB_PROVIDER_MIRROR: work }, work).error).toMatch(
      /is not a provider mirror .*terraform providers mirror <dir>/,
    );
  });

  it("finds a filesystem_mirror in the user's Terraform CLI configuration, and nothing in an empty one", () => {
    const rc = join(work, "terraform.rc");
    writeFileSync(
      rc,
      'provider_installation {\n  filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n',
    );
    expect(providerMirror({ TF_CLI_CONFIG_FILE: rc }, work)).toEqual({ path: "/opt/tf-plugins" });
    expect(providerMirror({ TF_CLI_CONFIG_FILE: "/dev/null" }, work)).toEqual({});
  });
});
