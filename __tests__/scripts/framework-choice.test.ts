/**
 * The framework as a build choice (LAB_FRAMEWORK, scripts/build.js): the bundle built against CDK
 * Terrain's core (`cdktn`) writes the same Terraform as cdktf 0.21, for the default lab and every
 * example, apart from the framework version in the `//` metadata block; the suite's own framework (cdktn under `LAB_FRAMEWORK=cdktn npm run test:unit`) gives the
 * golden labs' pinned Terraform, that version aside; each framework has its own bundles; an unknown
 * value is one clear report.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, distOf, frameworkOf, ROOT } from "../../scripts/build";
import type { Framework } from "../../scripts/build";
import { loadLabConfigs } from "../../src/config";
import { synthesizeLabs } from "../../src/synth/synthesize-lab";
import { GOLDEN_LABS, storedGolden, synthesizeGolden } from "../../test-support/golden-labs";

const work = mkdtempSync(join(tmpdir(), "lab-framework-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** The framework this jest process runs on (cdktn under `LAB_FRAMEWORK=cdktn npm run test:unit`). */
const suiteFramework = frameworkOf(process.env);
// The other framework runs from a bundle, built for the suite: both when the suite runs on cdktn.
const bundles: Record<Framework, string> = { cdktf: join(work, "cdktf"), cdktn: join(work, "cdktn") };
const bundled: Framework[] = suiteFramework === "cdktf" ? ["cdktn"] : ["cdktf", "cdktn"];
beforeAll(() => Promise.all(bundled.map((framework) => build({ framework, outdir: bundles[framework] }))), 120_000);

/** The synthesized Terraform with the metadata's framework version taken out, in its key order. */
function terraformWithoutFrameworkVersion(text: string): string {
  const json = JSON.parse(text) as { "//"?: { metadata?: { version?: string } } };
  expect(json["//"]?.metadata?.version).toMatch(/^\d+\.\d+\.\d+$/);
  delete json["//"]!.metadata!.version;
  return JSON.stringify(json, null, 1);
}

/** The framework version a synthesized stack names in its metadata. */
function frameworkVersion(text: string): string | undefined {
  return (JSON.parse(text) as { "//"?: { metadata?: { version?: string } } })["//"]?.metadata?.version;
}

/** Each stack's cdk.tf.json by name, in an output directory. */
function stacksIn(outdir: string): Map<string, string> {
  return new Map(
    readdirSync(join(outdir, "stacks")).map((stack) => [stack, readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")]),
  );
}

/**
 * Synthesizes a lab on `framework`, resolving to each stack's cdk.tf.json by name: on cdktf in this
 * jest process when the suite runs on it (__tests__/scripts/fast-path.test.ts proves it writes what the
 * default bundle writes), else by running that framework's bundle as `npm run synth` does.
 */
function synthWith(framework: Framework, labConfig: string | undefined): Promise<Map<string, string>> {
  const outdir = mkdtempSync(join(work, `${framework}-out-`));
  if (!bundled.includes(framework)) {
    synthesizeLabs(loadLabConfigs(labConfig === undefined ? {} : { LAB_CONFIG: labConfig }), { outdir });
    return Promise.resolve(stacksIn(outdir));
  }
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  delete env.LAB_CONFIG;
  if (labConfig !== undefined) env.LAB_CONFIG = labConfig;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(bundles[framework], "main.js")], { cwd: work, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      // Exit 1 is a complete synth whose analysis found an error; the output is written either way.
      if (status !== 0 && status !== 1)
        return reject(new Error(`${framework} synth of ${labConfig ?? "the default lab"} exited ${status}: ${stderr}`));
      if (stderr !== "") return reject(new Error(`${framework} synth of ${labConfig ?? "the default lab"} wrote to stderr: ${stderr}`));
      resolve(stacksIn(outdir));
    });
  });
}

const examples = readdirSync(join(ROOT, "examples"))
  .filter((file) => file.endsWith(".json"))
  .sort();
const labs: { lab: string; config: string | undefined }[] = [
  { lab: "the default lab", config: undefined },
  ...examples.map((file) => ({ lab: `examples/${file}`, config: join(ROOT, "examples", file) })),
];

describe("LAB_FRAMEWORK=cdktn", () => {
  it("is exercised on the default lab and at least six examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(labs)(
    "writes the same Terraform for $lab as cdktf 0.21, the metadata's framework version aside",
    async ({ config }) => {
      // The bundle's process first, so that it runs while this one synthesizes.
      const cdktnRun = synthWith("cdktn", config);
      const [cdktf, cdktn] = await Promise.all([synthWith("cdktf", config), cdktnRun]);
      expect([...cdktn.keys()].sort()).toEqual([...cdktf.keys()].sort());
      for (const [stack, text] of cdktf) {
        expect(frameworkVersion(text)).toBe("0.21.0");
        expect(frameworkVersion(cdktn.get(stack)!)).toBe("0.24.0");
        expect({ stack, terraform: terraformWithoutFrameworkVersion(cdktn.get(stack)!) }).toEqual({
          stack,
          terraform: terraformWithoutFrameworkVersion(text),
        });
      }
    },
    60_000,
  );
});

// On the default framework the golden suite (__tests__/stacks/golden-outputs.test.ts) already pins
// these bytes exactly; on cdktn, which it skips (jest.config.js), this is its check.
const onAnotherFramework = suiteFramework === "cdktf" ? describe.skip : describe;

onAnotherFramework(`the suite's framework (${suiteFramework})`, () => {
  it.each(Object.keys(GOLDEN_LABS))("synthesizes the golden %s lab as pinned, the metadata's framework version aside", (lab) => {
    const pinned = new Map(storedGolden(lab).map((file) => [file.path, file.text]));
    const synthesized = synthesizeGolden(lab);
    expect(synthesized.map((file) => file.path).sort()).toEqual([...pinned.keys()].sort());
    for (const file of synthesized) {
      const expected = pinned.get(file.path)!;
      if (file.path.endsWith("cdk.tf.json"))
        expect({ path: file.path, terraform: terraformWithoutFrameworkVersion(file.text) }).toEqual({
          path: file.path,
          terraform: terraformWithoutFrameworkVersion(expected),
        });
      else
        expect({ path: file.path, json: JSON.parse(file.text) as unknown }).toEqual({
          path: file.path,
          json: JSON.parse(expected) as unknown,
        });
    }
  });
});

describe("the framework choice", () => {
  it("defaults to cdktf, accepts cdktn, and refuses anything else naming the variable, the value, what it accepts and the fix", () => {
    expect(frameworkOf({})).toBe("cdktf");
    expect(frameworkOf({ LAB_FRAMEWORK: "" })).toBe("cdktf");
    expect(frameworkOf({ LAB_FRAMEWORK: "cdktn" })).toBe("cdktn");
    expect(() => frameworkOf({ LAB_FRAMEWORK: "terrain" })).toThrow(
      'LAB_FRAMEWORK: received "terrain"; expected "cdktf" (the default, cdktf 0.21) or "cdktn" (CDK Terrain\'s core). Fix: unset LAB_FRAMEWORK, or set it to one of those.',
    );
    expect(() => frameworkOf({ LAB_FRAMEWORK: "toString" })).toThrow(/received "toString"/);
  });

  it("keeps each framework's bundles, build state and code caches in a directory of its own", () => {
    expect(distOf("cdktf")).toBe(join(ROOT, "dist"));
    expect(distOf("cdktn")).toBe(join(ROOT, "dist", "cdktn"));
  });

  it("makes the launcher and the vpc-lab command run the bundle of the framework named, and stop with the report, without a stack trace, on an unknown one", () => {
    const outdir = mkdtempSync(join(work, "launch-"));
    const run = (framework: string, command = [join(ROOT, "scripts", "launch.js"), "main"]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, LAB_FRAMEWORK: framework, CDKTF_OUTDIR: outdir };
      delete env.LAB_CONFIG;
      return spawnSync(process.execPath, command, { cwd: ROOT, env, encoding: "utf8" });
    };
    for (const command of [undefined, [join(ROOT, "bin", "vpc-lab.js"), "synth"]]) {
      rmSync(join(outdir, "stacks"), { recursive: true, force: true });
      const launched = run("cdktn", command);
      expect(launched.stderr).toBe("");
      expect(launched.status).toBe(0);
      expect(frameworkVersion(readFileSync(join(outdir, "stacks", "vpc-lab", "cdk.tf.json"), "utf8"))).toBe("0.24.0");
    }

    const refused = run("cdktf2");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'LAB_FRAMEWORK: received "cdktf2"; expected "cdktf" (the default, cdktf 0.21) or "cdktn" (CDK Terrain\'s core). Fix: unset LAB_FRAMEWORK, or set it to one of those.\n',
    );
  }, 60_000);
});
