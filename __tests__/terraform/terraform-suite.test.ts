/**
 * The real-Terraform suite of npm test: the hashicorp/aws provider itself checks what we
 * synthesize. `terraform validate` of every case and every example, as JSON and as HCL, and
 * `terraform fmt -check` of the HCL. One validate checks them all, each stack a module of one
 * root, against one provider process (test-support/terraform-harness.ts): a stack's import blocks,
 * which only a root module may hold, are moved into that root with their targets prefixed by the
 * stack's module (`to = module.stack_3.aws_vpc.vpc1`), written as the stack wrote them otherwise.
 * Nothing else differs from a validate of each stack as a root: terraform ignores a backend and a
 * cloud block in a module, and validate never reads their contents in a root either (`terraform
 * init` does; an unknown attribute in either passes validate). The offline plans are __tests__/terraform/offline-plans.plan.ts
 * (npm run test:terraform; CI runs both). Skipped with a notice where terraform is missing, unless
 * REQUIRE_TERRAFORM=1 (CI), where a missing terraform fails the suite.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve as resolvePath } from "node:path";
import { parseLabConfigs } from "../../src/config";
import { synthesizeLabs } from "../../src/synth/synthesize-lab";
import { exampleFiles, exampleStackNames, exampleUnitName, readExample, TERRAFORM_CASES } from "../../test-support/terraform-cases";
import type { TerraformRun } from "../../test-support/terraform-harness";
import { pluginDir, terraformBin, TerraformHarness, terraformUnavailableReason } from "../../test-support/terraform-harness";

const unavailable = terraformUnavailableReason();
if (unavailable && process.env.REQUIRE_TERRAFORM === "1") {
  throw new Error(`REQUIRE_TERRAFORM=1 but the real-Terraform suite cannot run: ${unavailable}`);
}
if (unavailable) {
  console.warn(`NOTICE: skipping the real-Terraform suite: ${unavailable}`);
}

/** One stack directory terraform checks: a case's stack, or each stack of an example. */
interface TerraformUnit {
  readonly name: string;
  readonly dir: string;
  readonly hcl: boolean;
}

/** What terraform said about one unit. */
interface UnitResult {
  readonly validate: TerraformRun;
  readonly fmt?: TerraformRun;
  /** The diagnostics in the unit's files (its module and its import blocks), bar the one a module's backend always draws. */
  readonly diagnostics: string[];
}

/** A unit as the shared root calls it: the module directory, and the root's file of its import blocks, if it has any. */
interface RootEntry {
  readonly unit: TerraformUnit;
  readonly moduleDir: string;
  readonly importFile?: string;
}

/**
 * Prepares `unit` as module `stack_<index>` of the root in `rootDir`: the stack directory itself,
 * or, when it holds import blocks, a copy without them in `<rootDir>/modules/`, and the blocks in a
 * root file of their own, each `to` prefixed with the module. Import blocks in HCL are taken whole,
 * each exactly `import {`, its indented lines with one `to = <address>`, and `}` (the renderer's
 * form, which fmt checks): anything else fails here.
 */
function rootEntry(unit: TerraformUnit, index: number, rootDir: string): RootEntry {
  const module = `module.stack_${index}`;
  const file = join(unit.dir, unit.hcl ? "cdk.tf" : "cdk.tf.json");
  const text = readFileSync(file, "utf8");
  const moduleDir = join(rootDir, "modules", `stack_${index}`);
  if (!unit.hcl) {
    const stack = JSON.parse(text) as { import?: { to: string }[] };
    if (stack.import === undefined) return { unit, moduleDir: unit.dir };
    const imports = stack.import.map((block) => ({ ...block, to: `${module}.${block.to}` }));
    delete stack.import;
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(join(moduleDir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
    const importFile = join(rootDir, `imports_stack_${index}.tf.json`);
    writeFileSync(importFile, JSON.stringify({ import: imports }, null, 2));
    return { unit, moduleDir, importFile };
  }
  const blocks = [...text.matchAll(/^import \{\n((?: {2}.*\n)*?)\}\n/gm)];
  if (blocks.length === 0) {
    expect(text).not.toMatch(/^import\b/m);
    return { unit, moduleDir: unit.dir };
  }
  const hoisted = blocks.map(([, body]) => {
    const targets = body!.match(/^ {2}to += /gm) ?? [];
    if (targets.length !== 1) throw new Error(`${file}: an import block with ${targets.length} "to" lines:\n${body}`);
    return `import {\n${body!.replace(/^( {2}to += )(\S.*)$/m, `$1${module}.$2`)}}\n`;
  });
  const rest = text.replace(/^import \{\n((?: {2}.*\n)*?)\}\n\n?/gm, "");
  if (/^import\b/m.test(rest)) throw new Error(`${file}: an import block not in the renderer's form is left`);
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(join(moduleDir, "cdk.tf"), rest);
  const importFile = join(rootDir, `imports_stack_${index}.tf`);
  writeFileSync(importFile, hoisted.join("\n"));
  return { unit, moduleDir, importFile };
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
      units.push({ name: testCase.name, dir, hcl });
    }
    for (const { file, hcl } of EXAMPLE_CASES) {
      const configs = parseLabConfigs(readExample(file), `examples/${file}`);
      const outdir = join(harness.root, `example-${file}${hcl ? "-hcl" : ""}`);
      for (const lab of synthesizeLabs(configs, { outdir, hcl })) {
        const dir = dirname(lab.path);
        units.push({ name: exampleUnitName(file, lab.stackName, configs.length, hcl), dir, hcl });
      }
    }
    const init = await harness.init(units[0]!.dir);
    if (!init.ok) throw new Error(`terraform init failed:\n${init.output}`);
    // One provider process for the validate below (test-support/terraform-harness.ts).
    const { reattach } = await harness.sharedProvider();
    // A negative control among the modules: the default lab with a value only the provider's own
    // validation refuses, so the run shows that the shared provider checks what it would check alone.
    const control: TerraformUnit = { name: NEGATIVE_CONTROL, dir: join(harness.root, "negative-control"), hcl: false };
    mkdirSync(control.dir);
    const defaultStack = JSON.parse(readFileSync(join(units[0]!.dir, "cdk.tf.json"), "utf8")) as {
      resource: { aws_vpc: Record<string, Record<string, unknown>> };
    };
    defaultStack.resource.aws_vpc.vpc1!.instance_tenancy = "bogus";
    writeFileSync(join(control.dir, "cdk.tf.json"), JSON.stringify(defaultStack));
    const rootDir = join(harness.root, "root");
    mkdirSync(rootDir);
    const entries = [...units, control].map((unit, index) => rootEntry(unit, index, rootDir));
    const [validate, fmt] = await Promise.all([
      validateInOneRoot(rootDir, entries, reattach),
      terraformFmtCheck(
        harness.root,
        units.filter((unit) => unit.hcl).map((unit) => relative(harness.root, unit.dir)),
      ),
    ]);
    const diagnostics = parseDiagnostics(validate);
    for (const { unit, moduleDir, importFile } of entries) {
      const mine = diagnostics
        .filter((d) => d.file === "" || d.file.startsWith(`${moduleDir}/`) || d.file === importFile)
        // A backend is the root module's alone: in a module terraform ignores it, with this warning.
        .filter((d) => !(d.severity === "warning" && d.summary === "Backend configuration ignored"));
      results.set(unit.name, {
        validate,
        fmt: unit.hcl ? fmt : undefined,
        diagnostics: mine.map((d) => `${d.severity}: ${d.summary} (${d.file})`),
      });
    }
  }, 300_000);

  afterAll(() => harness.cleanUp(), 60_000);

  const validated = [
    ...TERRAFORM_CASES.map((testCase) => testCase.name),
    ...EXAMPLE_CASES.flatMap(({ file, hcl }) =>
      exampleStackNames(file).map((stack, _i, all) => exampleUnitName(file, stack, all.length, hcl)),
    ),
  ];

  it.each(validated.map((name) => [name]))("terraform validate accepts %s", (name) => {
    // The run is invalid as a whole (the negative control's error): each stack has no diagnostic of its own.
    expect(results.get(name)!.diagnostics).toEqual([]);
    expect(results.get(name)!.validate.output).toContain('"format_version"');
  });

  it("moves every import block into the root, and terraform checks each target in its stack's module", () => {
    const hoisted = [...results.keys()].filter((name) => /teams-s3-renames-imports|adopt-console-vpc/.test(name));
    expect(hoisted).toHaveLength(4);
    // 5 imports in the teams case, 6 in the adopted console VPC (each as JSON and as HCL); a target
    // the module lacks would be "Configuration for import target does not exist" at the root's file.
    expect(importBlocksIn(harness.root)).toEqual({ json: 11, hcl: 11 });
  });

  it('terraform validate, through the shared provider, refuses what the provider refuses (a negative control: instance_tenancy "bogus")', () => {
    const control = results.get(NEGATIVE_CONTROL)!;
    expect(control.diagnostics).toEqual([
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
      // One fmt run for every HCL stack: it names each file it would change, then shows the diff.
      const dir = relative(harness.root, units.find((unit) => unit.name === name)!.dir);
      const fmt = results.get(name)!.fmt!;
      expect(fmt.output.split("\n").filter((line) => line.includes(`${dir}/`))).toEqual([]);
      expect(fmt.output).not.toMatch(/Error/);
    },
  );
});

/** How many import blocks the shared root holds, in its JSON files and in its HCL files. */
function importBlocksIn(harnessRoot: string): { json: number; hcl: number } {
  const rootDir = join(harnessRoot, "root");
  const count = { json: 0, hcl: 0 };
  for (const name of readdirSync(rootDir).filter((file) => file.startsWith("imports_"))) {
    const text = readFileSync(join(rootDir, name), "utf8");
    if (name.endsWith(".tf.json")) count.json += (JSON.parse(text) as { import: unknown[] }).import.length;
    else count.hcl += (text.match(/^import \{$/gm) ?? []).length;
  }
  return count;
}

/**
 * `terraform validate -json` of a root module (in `rootDir`, with a data directory of its own)
 * that calls each entry's directory as a module, beside the entries' import files.
 */
async function validateInOneRoot(rootDir: string, entries: readonly RootEntry[], reattach: string): Promise<TerraformRun> {
  const calls = entries.map(
    ({ moduleDir }, index) =>
      `module "stack_${index}" {\n  source = ${JSON.stringify(`./${relative(rootDir, moduleDir)}`.replace(/^\.\/\.\.\//, "../"))}\n}\n`,
  );
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

/**
 * `terraform fmt -check -diff` of stack directories (relative to `cwd`) in one run (no init
 * needed); the output names every file it would change, by its path from `cwd`, then its diff.
 */
function terraformFmtCheck(cwd: string, dirs: readonly string[]): Promise<TerraformRun> {
  return terraform(cwd, ["fmt", "-check", "-diff", "-no-color", ...dirs]);
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
