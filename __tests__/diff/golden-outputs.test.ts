import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDiff } from "../../src/diff/diff-cli";
import type { LabDiff } from "../../src/diff/stack-diff";
import { GOLDEN_DIR } from "../../test-support/golden-labs";

// The pinned outputs of the golden labs (regions, accounts, endpoint mode, backends, environments,
// renames, imports, flow-log formats) stand for outputs synthesized elsewhere: the diff reads them
// as files, with no configuration and no synth.
const work = mkdtempSync(join(tmpdir(), "diff-golden-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const labs = readdirSync(GOLDEN_DIR).sort();

/** An output directory (`<dir>/stacks/<stack>/...`) holding a golden lab's pinned stacks. */
function outputOf(lab: string): string {
  const dir = join(work, lab);
  for (const stack of readdirSync(join(GOLDEN_DIR, lab))) {
    mkdirSync(join(dir, "stacks"), { recursive: true });
    cpSync(join(GOLDEN_DIR, lab, stack), join(dir, "stacks", stack), { recursive: true });
  }
  return dir;
}

const diffOf = (base: string, head: string) => {
  const run = runDiff(["--base", base, "--format", "json"], { CDKTF_OUTDIR: head });
  expect(run.stderr).toBe("");
  return { exitCode: run.exitCode, diff: JSON.parse(run.stdout) as LabDiff };
};

describe("npm run diff over the golden labs' pinned outputs", () => {
  beforeAll(() => labs.forEach(outputOf));

  it.each(labs)("finds nothing between %s and a copy of itself, and exits 0 (its own check passes)", (lab) => {
    const copy = join(work, `${lab}-copy`);
    cpSync(join(work, lab), copy, { recursive: true });
    const { exitCode, diff } = diffOf(join(work, lab), copy);
    expect(diff.stacks.map((s) => s.status).every((status) => status === "unchanged")).toBe(true);
    expect(diff.stacks.every((s) => s.pass === true)).toBe(true);
    expect(exitCode).toBe(0);
  });

  it.each(labs.filter((lab) => lab !== "default"))(
    "reads the change from the default lab to %s both ways: what one adds the other removes",
    (lab) => {
      const forward = diffOf(join(work, "default"), join(work, lab)).diff;
      const backward = diffOf(join(work, lab), join(work, "default")).diff;
      const stackNames = (diff: LabDiff, status: string) => diff.stacks.filter((s) => s.status === status).map((s) => s.stack);
      expect(stackNames(forward, "added")).toEqual(stackNames(backward, "removed"));
      // Within a stack compared on both sides and without moves, added and removed swap.
      // (Changes are not symmetric: `lifecycle.ignore_changes` is read from the new output, as a plan reads it.)
      for (const s of forward.stacks.filter((f) => f.status === "changed" && f.resources.moved.length === 0)) {
        const back = backward.stacks.find((b) => b.stack === s.stack && b.resources.moved.length === 0);
        if (!back) continue;
        // What the change imports, going back is removed like what it adds.
        const imported = s.resources.imported.map((i) => i.address);
        expect(back.resources.removed).toEqual([...s.resources.added, ...imported].sort());
        expect(back.resources.added).toEqual(s.resources.removed);
      }
    },
  );
});
