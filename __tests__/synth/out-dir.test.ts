import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneStackDirectories } from "../../src/synth/out-dir";

function outdirWith(files: string[]): string {
  const outdir = mkdtempSync(join(tmpdir(), "lab-outdir-"));
  for (const file of files) {
    mkdirSync(join(outdir, file, ".."), { recursive: true });
    writeFileSync(join(outdir, file), "x");
  }
  return outdir;
}

describe("pruneStackDirectories", () => {
  it("removes stacks that this run does not synthesize (an earlier name)", () => {
    const outdir = outdirWith(["stacks/old-lab/cdk.tf.json", "stacks/vpc-lab/cdk.tf.json"]);
    pruneStackDirectories(outdir, ["vpc-lab"], "json");
    expect(existsSync(join(outdir, "stacks/old-lab"))).toBe(false);
    expect(existsSync(join(outdir, "stacks/vpc-lab/cdk.tf.json"))).toBe(true);
  });

  it("removes a stale cdk.tf before a JSON synth, and a stale cdk.tf.json before an HCL synth", () => {
    const toJson = outdirWith(["stacks/vpc-lab/cdk.tf"]);
    pruneStackDirectories(toJson, ["vpc-lab"], "json");
    expect(existsSync(join(toJson, "stacks/vpc-lab/cdk.tf"))).toBe(false);
    const toHcl = outdirWith(["stacks/vpc-lab/cdk.tf.json"]);
    pruneStackDirectories(toHcl, ["vpc-lab"], "hcl");
    expect(existsSync(join(toHcl, "stacks/vpc-lab/cdk.tf.json"))).toBe(false);
  });

  it("keeps a kept stack's .terraform directory and lock file, so no re-init is needed", () => {
    const outdir = outdirWith(["stacks/vpc-lab/.terraform/x", "stacks/vpc-lab/.terraform.lock.hcl", "stacks/vpc-lab/cdk.tf"]);
    pruneStackDirectories(outdir, ["vpc-lab"], "json");
    expect(existsSync(join(outdir, "stacks/vpc-lab/.terraform/x"))).toBe(true);
    expect(existsSync(join(outdir, "stacks/vpc-lab/.terraform.lock.hcl"))).toBe(true);
  });

  it("does nothing when there is no output yet", () => {
    expect(pruneStackDirectories(join(tmpdir(), "does-not-exist-lab"), ["vpc-lab"], "json")).toEqual([]);
  });
});
