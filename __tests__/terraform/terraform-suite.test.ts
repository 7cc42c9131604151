/**
 * The real-Terraform suite of npm test: the hashicorp/aws provider itself checks what we
 * synthesize. `terraform validate` of every case and every example, as JSON and as HCL, and
 * `terraform fmt -check` of the HCL. The offline plans are __tests__/terraform/offline-plans.plan.ts
 * (npm run test:terraform; CI runs both). Skipped with a notice where terraform is missing, unless
 * REQUIRE_TERRAFORM=1 (CI), where a missing terraform fails the suite.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve as resolvePath } from "node:path";
import { parseLabConfigs } from "../../src/config";
import { synthesizeLabs } from "../../src/synth/synthesize-lab";
import { exampleFiles, exampleStackNames, exampleUnitName, readExample, TERRAFORM_CASES } from "../../test-support/terraform-cases";
import type { TerraformRun } from "../../test-support/terraform-harness";
import { pluginDir, runLimited, terraformBin, TerraformHarness, terraformUnavailableReason } from "../../test-support/terraform-harness";

const unavailable = terraformUnavailableReason();
if (unavailable && process.env.REQUIRE_TERRAFORM === "1") {
  throw new Error(`REQUIRE_TERRAFORM=1 but the real-Terraform suite cannot run: ${unavailable}`);
}
if (unavailable) {
  console.warn(`NOTICE: skipping the real-Terraform suite: ${unavailable}`);
}

/** True when a stack directory holds blocks that only a root module may have (import, cloud). */
function rootModuleOnly(dir: string): boolean {
  const json = join(dir, "cdk.tf.json");
  if (existsSync(json)) {
    const parsed = JSON.parse(readFileSync(json, "utf8")) as { import?: unknown; terraform?: { cloud?: unknown } };
    return parsed.import !== undefined || parsed.terraform?.cloud !== undefined;
  }
  return /^(import| {2}cloud) \{$/m.test(readFileSync(join(dir, "cdk.tf"), "utf8"));
}

/** One stack directory terraform checks: a case's stack, or each stack of an example. */
interface TerraformUnit {
  readonly name: string;
  readonly dir: string;
  readonly hcl: boolean;
  /** Validated as a module of one shared root (one provider start for all). */
  readonly asModule: boolean;
}

/** What terraform said about one unit. */
interface UnitResult {
  readonly validate: TerraformRun;
  readonly fmt?: TerraformRun;
  /** For a unit validated as a module: the diagnostics in its files, bar the one a module's backend always draws. */
  readonly moduleDiagnostics?: string[];
}

/** The name of the deliberately invalid module validated with the others. */
const NEGATIVE_CONTROL = "negative control";

/** Every example lab, each as JSON and as HCL (the hand-off a team commits for HCP Terraform's VCS flow). */
const EXAMPLE_CASES = exampleFiles().flatMap((file) => [false, true].map((hcl) => ({ file, hcl })));

(unavailable ? describe.skip : describe)("the synthesized Terraform, checked by terraform and the real AWS provider", () => {
  const harness = new TerraformHarness();
  const units: TerraformUnit[] = [];
  const results = new Map<string, UnitResult>();

  beforeAll(async () => {
    for (const testCase of TERRAFORM_CASES) {
      const hcl = testCase.hcl ?? false;
      const dir = harness.synth(testCase.name, testCase.overrides, hcl);
      units.push({ name: testCase.name, dir, hcl, asModule: !rootModuleOnly(dir) });
    }
    for (const { file, hcl } of EXAMPLE_CASES) {
      const configs = parseLabConfigs(readExample(file), `examples/${file}`);
      const outdir = join(harness.root, `example-${file}${hcl ? "-hcl" : ""}`);
      for (const lab of synthesizeLabs(configs, { outdir, hcl })) {
        const dir = dirname(lab.path);
        units.push({
          name: exampleUnitName(file, lab.stackName, configs.length, hcl),
          dir,
          hcl,
          asModule: !rootModuleOnly(dir),
        });
      }
    }
    const initDir = units[0]!.dir;
    const init = await harness.init(initDir);
    if (!init.ok) throw new Error(`terraform init failed:\n${init.output}`);
    // One provider process for every validate below (test-support/terraform-harness.ts).
    const { reattach } = await harness.sharedProvider();
    // A negative control among the modules: the default lab with a value only the provider's own
    // validation refuses, so the run shows that the shared provider checks what it would check alone.
    const control: TerraformUnit = { name: NEGATIVE_CONTROL, dir: join(harness.root, "negative-control"), hcl: false, asModule: true };
    mkdirSync(control.dir);
    const defaultStack = JSON.parse(readFileSync(join(units[0]!.dir, "cdk.tf.json"), "utf8")) as {
      resource: { aws_vpc: Record<string, Record<string, unknown>> };
    };
    defaultStack.resource.aws_vpc.vpc1!.instance_tenancy = "bogus";
    writeFileSync(join(control.dir, "cdk.tf.json"), JSON.stringify(defaultStack));
    const modules = [...units.filter((unit) => unit.asModule), control];
    const validations = new Map<string, Pick<UnitResult, "validate" | "moduleDiagnostics">>();
    // Every stack that may be a module, as a module of one root: a single validate checks them all,
    // where one each would cost a terraform round apiece.
    const jobs: (() => Promise<void>)[] = [
      async () => {
        const validate = await validateAsModules(join(harness.root, "modules-root"), modules, reattach);
        const diagnostics = parseDiagnostics(validate);
        for (const unit of modules) {
          const mine = diagnostics
            .filter((diagnostic) => diagnostic.file === "" || diagnostic.file.startsWith(`${unit.dir}/`))
            // A backend is the root module's alone: in a module terraform ignores it, with this warning.
            .filter((diagnostic) => !(diagnostic.severity === "warning" && diagnostic.summary === "Backend configuration ignored"));
          validations.set(unit.name, { validate, moduleDiagnostics: mine.map((d) => `${d.severity}: ${d.summary} (${d.file})`) });
        }
      },
      // Stacks with import or cloud blocks (allowed in a root module only): a validate each.
      ...units
        .filter((unit) => !unit.asModule)
        .map((unit) => async () => {
          validations.set(unit.name, { validate: await harness.validate(unit.dir, initDir) });
        }),
      ...units
        .filter((unit) => unit.hcl)
        .map((unit) => async () => {
          const fmt = await terraformFmtCheck(unit.dir);
          results.set(unit.name, { ...results.get(unit.name)!, fmt });
        }),
    ];
    await runLimited(jobs, 2);
    for (const [name, validation] of validations) results.set(name, { ...results.get(name), ...validation });
  }, 300_000);

  afterAll(() => harness.cleanUp(), 60_000);

  const validated = [
    ...TERRAFORM_CASES.map((testCase) => testCase.name),
    ...EXAMPLE_CASES.flatMap(({ file, hcl }) =>
      exampleStackNames(file).map((stack, _i, all) => exampleUnitName(file, stack, all.length, hcl)),
    ),
  ];

  it.each(validated.map((name) => [name]))("terraform validate accepts %s", (name) => {
    const result = results.get(name)!;
    if (result.moduleDiagnostics) {
      // The run is invalid as a whole (the negative control's error): each module has no diagnostic of its own.
      expect(result.moduleDiagnostics).toEqual([]);
      expect(result.validate.output).toContain('"format_version"');
    } else {
      expect(result.validate.output).toContain("The configuration is valid.");
      expect(result.validate.output).not.toMatch(/Warning/);
      expect(result.validate.ok).toBe(true);
    }
  });

  it('terraform validate, through the shared provider, refuses what the provider refuses (a negative control: instance_tenancy "bogus")', () => {
    const control = results.get(NEGATIVE_CONTROL)!;
    expect(control.moduleDiagnostics).toEqual([
      expect.stringMatching(
        /^error: expected instance_tenancy to be one of \["default" "dedicated"\], got bogus .*negative-control\/cdk\.tf\.json\)$/,
      ),
    ]);
    expect(control.validate.output).toMatch(/"error_count": 1,/);
    expect(control.validate.ok).toBe(false);
  });

  it.each(validated.filter((name) => name.endsWith("-hcl") || name.endsWith("(HCL)")).map((name) => [name]))(
    "terraform fmt -check passes %s unchanged",
    (name) => {
      const fmt = results.get(name)!.fmt!;
      expect(fmt.output).toBe(fmt.output.split("\n")[0]); // no diff, no file named
      expect(fmt.ok).toBe(true);
    },
  );
});

/**
 * `terraform validate -json` of a root module (in `rootDir`, with a data directory of its own)
 * that calls each unit's stack directory as a module.
 */
async function validateAsModules(rootDir: string, modules: readonly TerraformUnit[], reattach: string): Promise<TerraformRun> {
  mkdirSync(rootDir, { recursive: true });
  const calls = modules.map((unit, index) => `module "stack_${index}" {\n  source = ${JSON.stringify(relative(rootDir, unit.dir))}\n}\n`);
  writeFileSync(join(rootDir, "main.tf"), calls.join("\n"));
  const init = await terraform(rootDir, ["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`]);
  if (!init.ok) return init;
  return terraform(rootDir, ["validate", "-json", "-no-color"], { TF_REATTACH_PROVIDERS: reattach });
}

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  /** Absolute path of the file the diagnostic points at ("" when none). */
  readonly file: string;
}

/** The diagnostics of a `terraform validate -json` run, with their files made absolute. */
function parseDiagnostics(run: TerraformRun): Diagnostic[] {
  const cwd = /\(in (.*)\)\n/.exec(run.output)?.[1] ?? "";
  const body = run.output.slice(run.output.indexOf("\n") + 1);
  try {
    const parsed = JSON.parse(body) as { diagnostics: { severity: string; summary: string; range?: { filename: string } }[] };
    return parsed.diagnostics.map((d) => ({
      severity: d.severity,
      summary: d.summary,
      file: d.range ? resolvePath(cwd, d.range.filename) : "",
    }));
  } catch {
    return [{ severity: "error", summary: `terraform did not answer in JSON: ${body.slice(0, 2000)}`, file: "" }];
  }
}

/** `terraform fmt -check -diff` of a stack directory (no init needed); the output names every file it would change. */
function terraformFmtCheck(dir: string): Promise<TerraformRun> {
  return terraform(dir, ["fmt", "-check", "-diff", "-no-color"]);
}

/** Runs terraform in `dir` with a data directory of that directory's own (no credentials, no checkpoint call). */
function terraform(dir: string, args: string[], extra: Record<string, string> = {}): Promise<TerraformRun> {
  const env = {
    ...process.env,
    ...extra,
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: "/dev/null",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_DATA_DIR: join(dir, ".terraform-data"),
    AWS_PROFILE: "",
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "",
  };
  return new Promise((resolve) => {
    execFile(terraformBin, args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `$ terraform ${args.join(" ")} (in ${dir})${stdout || stderr ? `\n${stdout}${stderr}` : ""}` });
    });
  });
}
