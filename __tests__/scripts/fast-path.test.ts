/**
 * The fast synth path (scripts/build.js, scripts/launch.js, LabStack.prepareStack) changes no byte
 * of the output: the bundle, with its substitutions of cdktf internals, writes exactly what a bundle
 * of plain cdktf writes (no stand-in, no edit: real stack traces, real archiver), each run as
 * `npm run synth` runs it, in a fresh node; and so does this jest process (whose resolver skips
 * the token stack traces, scripts/jest-resolver.js, and whose transform gives cdktf the bundle's
 * edits, scripts/jest-transform.js). On every Node version, the bundle prints nothing
 * on stderr.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { build, fingerprint, ROOT } from "../../scripts/build";
import type { BuildState } from "../../scripts/build";
import { CDKTF_CLI_NODE_OPTIONS, cdktfEnvironment, isCurrent, missingTerminalBinary } from "../../scripts/launch";
import { loadLabConfig, parseLabConfigs } from "../../src/config";
import { LabStack } from "../../src/stacks/lab-stack";
import { synthesizeLab, synthesizeLabs } from "../../src/synth/synthesize-lab";
import { vpcConfig } from "../../test-support/synth-lab";

const work = mkdtempSync(join(tmpdir(), "lab-fast-path-"));
const bundleDir = join(work, "dist");
const plainDir = join(work, "plain-dist");
afterAll(() => rmSync(work, { recursive: true, force: true }));
// The project's own build configuration, into a scratch directory, with and without substitutions.
beforeAll(() => Promise.all([build({ outdir: bundleDir }), build({ outdir: plainDir, substitute: false })]), 120_000);

const meshFile = join(work, "mesh-5.json");
writeFileSync(meshFile, JSON.stringify({ name: "mesh-lab", offline: true, vpcs: [1, 2, 3, 4, 5].map((n) => vpcConfig(`vpc${n}`, n)) }));
// Importing adds cdktf's Terraform version validation (semver, stubbed in the bundle) to the resource.
const importFile = join(work, "imports.json");
writeFileSync(importFile, JSON.stringify({ name: "import-lab", offline: true, s3: { import: { bucket: "console-made-lab-bucket" } } }));
const labs: { lab: string; stack: string; env: Record<string, string> }[] = [
  { lab: "the default lab", stack: "vpc-lab", env: {} },
  { lab: "a 5-VPC full mesh", stack: "mesh-lab", env: { LAB_CONFIG: meshFile } },
  { lab: "a lab that imports its bucket", stack: "import-lab", env: { LAB_CONFIG: importFile } },
];

let runs = 0;
function stackJson(outdir: string, stack: string): string {
  return readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
}

/** Runs the bundle in `dir` as `npm run synth` does, in a fresh process; returns the stack file's text and stderr. */
function spawnSynth(dir: string, stack: string, env: Record<string, string>): { json: string; stderr: string } {
  const outdir = join(work, `bundled-${++runs}`);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["LAB_CONFIG", "SYNTH_HCL_OUTPUT"].includes(name)));
  const result = spawnSync(process.execPath, [join(dir, "main.js")], {
    cwd: work,
    env: { ...inherited, ...env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  expect(result.status).toBe(0);
  return { json: stackJson(outdir, stack), stderr: result.stderr };
}

/** The project's bundle, which must print nothing on stderr (Node 22 and 24 included). */
function bundledSynth(stack: string, env: Record<string, string>): string {
  const { json, stderr } = spawnSynth(bundleDir, stack, env);
  expect(stderr).toBe("");
  return json;
}

/** Synthesizes in this jest process (cdktf with the bundle's edits, as the jest transform gives it); returns the stack file's text. */
function plainSynth(stack: string, env: Record<string, string>): string {
  const outdir = join(work, `plain-${++runs}`);
  synthesizeLab(loadLabConfig(env), { outdir });
  return stackJson(outdir, stack);
}

describe("the bundle that npm run synth runs", () => {
  it.each(labs)("writes $lab byte for byte as plain cdktf does, with nothing on stderr", ({ stack, env }) => {
    // The plain bundle's stderr is not checked: on Node 22 and 24 it carries cdktf's DEP0044 warning.
    const plain = spawnSynth(plainDir, stack, env).json;
    expect(bundledSynth(stack, env)).toBe(plain);
    expect(plainSynth(stack, env)).toBe(plain);
  });

  it("leaves out archiver with its dependencies", () => {
    const meta = JSON.parse(readFileSync(join(bundleDir, "build-state.json"), "utf8")) as BuildState;
    const packages = Object.keys(meta.inputs).filter((path) => /node_modules\/(archiver|readable-stream|glob|async)\//.test(path));
    expect(packages).toEqual([]);
  });
});

describe("LabStack.prepareStack", () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(labs)("skips cdktf's preparing resolve without changing a byte of $lab", ({ stack, env }) => {
    const fast = plainSynth(stack, env);
    const cdktfPrepare = jest.spyOn(LabStack.prototype, "prepareStack").mockImplementation(function (this: LabStack) {
      TerraformStack.prototype.prepareStack.call(this);
    });
    expect(plainSynth(stack, env)).toBe(fast);
    expect(cdktfPrepare).toHaveBeenCalled();
  });

  it("skips it for a lab with environments (one stack each) without changing a byte of any stack", () => {
    const configs = parseLabConfigs({ environments: { dev: {}, prod: { region: "eu-west-1" } } }, "test");
    const synthAll = () => {
      const outdir = join(work, `environments-${++runs}`);
      synthesizeLabs(configs, { outdir });
      return configs.map((config) => stackJson(outdir, config.name));
    };
    const fast = synthAll();
    jest.spyOn(LabStack.prototype, "prepareStack").mockImplementation(function (this: LabStack) {
      TerraformStack.prototype.prepareStack.call(this);
    });
    expect(synthAll()).toEqual(fast);
  });
});

describe("the bundle-time stand-ins", () => {
  const stubs = join(ROOT, "scripts", "bundle-stubs");
  function captureStackTrace(env: string | undefined): string[] {
    const previous = process.env.CDKTF_STACK_TRACES;
    process.env.CDKTF_STACK_TRACES = env;
    if (env === undefined) delete process.env.CDKTF_STACK_TRACES;
    try {
      let frames: string[] = [];
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        frames = (require(join(stubs, "cdktf-stack-trace.js")) as { captureStackTrace(): string[] }).captureStackTrace();
      });
      return frames;
    } finally {
      if (previous === undefined) delete process.env.CDKTF_STACK_TRACES;
      else process.env.CDKTF_STACK_TRACES = previous;
    }
  }

  it("capture no token creation stacks, unless CDKTF_STACK_TRACES=1", () => {
    expect(captureStackTrace(undefined)).toEqual([]);
    expect(captureStackTrace("1").length).toBeGreaterThan(0);
  });

  it("fail loudly if anything ever asks archiver for an archive", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const archiver = require(join(stubs, "archiver.js")) as () => unknown;
    expect(() => archiver()).toThrow(/TerraformAsset archives are not supported in this bundle/);
  });

  it("answer cdktf's Terraform version validation as semver does", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const semver = require(join(stubs, "semver.js")) as { satisfies(version: string, range: string): boolean };
    expect(semver.satisfies("1.11.4", ">=1.5")).toBe(true);
    expect(semver.satisfies("1.4.7", ">=1.5")).toBe(false);
  });
});

describe("the launcher", () => {
  function recordedState(root: string, file: string): BuildState {
    return { id: "test", inputs: { [file]: fingerprint(join(root, file)) }, outputs: {} };
  }

  it("finds a build current until one of its inputs changes size or time, or disappears", () => {
    const root = join(work, "inputs");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "a.ts"), "export const a = 1;\n");
    const state = recordedState(root, "a.ts");
    expect(isCurrent(state, root)).toBe(true);

    utimesSync(join(root, "a.ts"), new Date(), new Date(Date.now() + 5_000));
    expect(isCurrent(state, root)).toBe(false);

    const rewritten = recordedState(root, "a.ts");
    writeFileSync(join(root, "a.ts"), "export const a = 22;\n");
    utimesSync(join(root, "a.ts"), new Date(), new Date(rewritten.inputs["a.ts"]![1]));
    expect(isCurrent(rewritten, root)).toBe(false);

    rmSync(join(root, "a.ts"));
    expect(isCurrent(rewritten, root)).toBe(false);
  });

  it("rebuilds when there is no recorded build, or the build marked an input as written during it", () => {
    expect(isCurrent(undefined)).toBe(false);
    expect(isCurrent({ id: "test", inputs: { "package.json": null }, outputs: {} })).toBe(false);
  });

  it("sets TF_CLI_CONFIG_FILE for the cdktf CLI only when none is set and ~/.terraformrc is missing", () => {
    const emptyHome = join(work, "home-empty");
    const homeWithRc = join(work, "home-rc");
    mkdirSync(emptyHome, { recursive: true });
    mkdirSync(homeWithRc, { recursive: true });
    writeFileSync(join(homeWithRc, ".terraformrc"), "");

    expect(cdktfEnvironment({}, emptyHome).TF_CLI_CONFIG_FILE).toBe("/dev/null");
    expect(cdktfEnvironment({}, homeWithRc).TF_CLI_CONFIG_FILE).toBeUndefined();
    expect(cdktfEnvironment({ TF_CLI_CONFIG_FILE: "/etc/terraform.rc" }, emptyHome).TF_CLI_CONFIG_FILE).toBe("/etc/terraform.rc");
    expect(cdktfEnvironment({ CHECKPOINT_DISABLE: "" }, emptyHome).CHECKPOINT_DISABLE).toBe("");
    expect(cdktfEnvironment({}, emptyHome).CHECKPOINT_DISABLE).toBe("1");
  });

  it("runs the cdktf CLI with only Node's punycode deprecation (DEP0040, from the CLI's own bundle) turned off", () => {
    expect(CDKTF_CLI_NODE_OPTIONS).toEqual(["--disable-warning=DEP0040"]);
    // Node 22 and 24 print DEP0040 for this require; with the options, no Node version does.
    const result = spawnSync(process.execPath, [...CDKTF_CLI_NODE_OPTIONS, "-e", 'require("punycode")'], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("stops before the cdktf CLI with the command that compiles its terminal module when that has no binary for this Node", () => {
    const fakePackage = (root: string, ptyPath: string | null) => {
      const dir = join(root, "node_modules", "@cdktf", "node-pty-prebuilt-multiarch");
      mkdirSync(join(dir, "lib"), { recursive: true });
      writeFileSync(join(dir, "package.json"), "{}");
      writeFileSync(join(dir, "lib", "prebuild-file-path.js"), `exports.ptyPath = ${JSON.stringify(ptyPath)};`);
      return dir;
    };
    const withoutBinary = join(work, "pty-none");
    fakePackage(withoutBinary, null);
    expect(missingTerminalBinary(withoutBinary, "/opt/node-24/bin/node")).toBe(
      `The cdktf CLI (synth:hcl, deploy, destroy) needs @cdktf/node-pty-prebuilt-multiarch, which ships no binary for Node ${process.version} ` +
        `(ABI ${process.versions.modules}). Compile it once (needs python3, make and a C++ compiler; about 15 s):\n` +
        '  npm rebuild @cdktf/node-pty-prebuilt-multiarch --nodedir="/opt/node-24"\n' +
        "or run these commands with Node 20 or 22.",
    );
    // A binary compiled here for another Node (an npm ci whose nodedir named another Node's headers)
    // does not load: reported, not taken for a working one.
    const stale = join(work, "pty-stale");
    mkdirSync(join(fakePackage(stale, null), "build", "Release"), { recursive: true });
    writeFileSync(join(stale, "node_modules", "@cdktf", "node-pty-prebuilt-multiarch", "build", "Release", "pty.node"), "");
    expect(missingTerminalBinary(stale)).toMatch(/\(ABI \d+\), and the one compiled here is for another Node\. Compile it once/);
    // One that loads (the package's own prebuilt binary for this Node, where it ships one) is taken.
    const shipped = join(
      ROOT,
      "node_modules/@cdktf/node-pty-prebuilt-multiarch/prebuilds/linux-x64",
      `node.abi${process.versions.modules}.node`,
    );
    if (existsSync(shipped)) {
      const compiled = join(work, "pty-compiled");
      mkdirSync(join(fakePackage(compiled, null), "build", "Release"), { recursive: true });
      copyFileSync(shipped, join(compiled, "node_modules", "@cdktf", "node-pty-prebuilt-multiarch", "build", "Release", "pty.node"));
      expect(missingTerminalBinary(compiled)).toBeUndefined();
    }
    const prebuilt = join(work, "pty-prebuilt");
    fakePackage(prebuilt, "/somewhere/node.abi127.node");
    expect(missingTerminalBinary(prebuilt)).toBeUndefined();
  });

  it("runs the same command for npm run synth and for the cdktf CLI's app", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const app = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
    expect(scripts.synth).toBe(app);
  });
});
