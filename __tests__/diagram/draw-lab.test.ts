import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drawStacks } from "../../src/diagram/draw-lab";
import { loadGraphviz } from "../../test-support/diagram-graphviz";
import { labFixture } from "../../test-support/lab-analysis";

const work = mkdtempSync(join(tmpdir(), "lab-draw-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An output directory holding the given stacks, each with the files given. */
function outdir(stacks: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(join(work, "out-"));
  for (const [name, files] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, "stacks", name, file), text);
  }
  return dir;
}

describe("npm run diagram (drawStacks)", () => {
  it("writes lab.svg and lab.html beside each stack's cdk.tf.json and says where", async () => {
    const fixture = labFixture();
    const dir = outdir({ "vpc-lab": { "cdk.tf.json": JSON.stringify(fixture.json), "lab-intent.json": JSON.stringify(fixture.intent) } });
    const outcome = drawStacks(dir, await loadGraphviz());
    expect(outcome.exitCode).toBe(0);
    expect(readdirSync(join(dir, "stacks", "vpc-lab")).sort()).toEqual(["cdk.tf.json", "lab-intent.json", "lab.html", "lab.svg"]);
    expect(readFileSync(join(dir, "stacks", "vpc-lab", "lab.svg"), "utf8")).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<style>/);
    expect(outcome.output).toContain(join(dir, "stacks", "vpc-lab", "lab.html"));
  });

  it("fails with what to run when there is nothing to draw", async () => {
    const outcome = drawStacks(join(work, "missing"), await loadGraphviz());
    expect(outcome).toEqual({ exitCode: 1, output: expect.stringContaining("run npm run synth first") });
  });

  it("fails, naming the file, for a stack without its intent, an HCL synth or unreadable JSON", async () => {
    const dir = outdir({
      "no-intent": { "cdk.tf.json": "{}" },
      hcl: { "cdk.tf": "" },
      broken: { "cdk.tf.json": "{", "lab-intent.json": "{}" },
    });
    const outcome = drawStacks(dir, await loadGraphviz());
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output).toContain(`${join(dir, "stacks", "no-intent", "lab-intent.json")} is missing`);
    expect(outcome.output).toContain(`${join(dir, "stacks", "hcl")} holds no cdk.tf.json`);
    expect(outcome.output).toContain(`${join(dir, "stacks", "broken", "cdk.tf.json")} cannot be read as JSON`);
  });
});
