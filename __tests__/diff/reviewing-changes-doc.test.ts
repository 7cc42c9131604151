import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runDiff } from "../../src/diff/diff-cli";
import { DATA_HOLDING_TYPES } from "../../src/diff/data-loss-types";
import { LabOutputs } from "../../test-support/lab-outputs";

const root = join(__dirname, "..", "..");
const page = readFileSync(join(root, "docs", "reviewing-changes.md"), "utf8");
const workflow = readFileSync(join(root, "docs", "examples", "review-diff.yml"), "utf8");
const outputs = new LabOutputs();
afterAll(() => outputs.remove());

/** The fenced report that follows `<!-- report: name -->` in the page. */
function reportIn(name: string): string {
  const match = new RegExp(
    `<!-- report: ${name} -->\\n(?:<!-- prettier-ignore-start -->\\n)?\`\`\`markdown\\n([\\s\\S]*?)\\n\`\`\`\\n`,
  ).exec(page);
  if (!match) throw new Error(`docs/reviewing-changes.md has no report named ${name}`);
  return match[1]!;
}

describe("docs/reviewing-changes.md", () => {
  // The page's reports are of the default lab as users synthesize it (online).
  it.each([
    ["deny-all", { s3: { endpointPolicy: "deny-all" } }],
    ["flow-logs-off", { flowLogs: false }],
  ])("shows the Markdown report the diff prints today for the pair %s", (name, change) => {
    const run = runDiff(["--base", outputs.of({ offline: false }), "--format", "markdown"], {
      CDKTF_OUTDIR: outputs.of({ offline: false, ...change }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe(reportIn(name));
  });

  it("lists every type the diff counts as holding data, with the arguments that replace it", () => {
    const rows = [...page.matchAll(/^\| `(aws_[a-z0-9_]+)` +\|[^|]*\|([^|]*)\|$/gm)].map((m) => [
      m[1],
      [...m[2]!.matchAll(/`([a-z0-9_]+)`/g)].map((a) => a[1]),
    ]);
    expect(rows).toEqual(DATA_HOLDING_TYPES.map((t) => [t.type, [...t.replacedBy]]));
  });
});

describe("docs/examples/review-diff.yml", () => {
  it("runs the diff as the tests do: its command line gives the Markdown report and the exit status", () => {
    const line = workflow.split("\n").find((l) => l.includes("npm run -s diff --"));
    expect(line).toBeDefined();
    const [environment, rest] = line!.trim().split(" npm run -s diff -- ");
    const argv = rest!
      .split(" > ")[0]!
      .split(" ")
      .map((word) => word.replace(/^"|"$/g, ""));
    const base = outputs.of();
    const head = outputs.of({ flowLogs: false });
    const dirs: Record<string, string> = { "$RUNNER_TEMP/base.out": base, "$RUNNER_TEMP/head.out": head };
    expect(environment).toBe('CDKTF_OUTDIR="$RUNNER_TEMP/head.out"');
    const run = runDiff(
      argv.map((word) => dirs[word] ?? word),
      { CDKTF_OUTDIR: head },
    );
    expect(argv).toEqual(["--base", "$RUNNER_TEMP/base.out", "--format", "markdown"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe("<!-- vpc-lab diff -->");
    // Both sides are synthesized with the project's own command.
    expect(workflow).toContain('CDKTF_OUTDIR="$RUNNER_TEMP/base.out" npm run synth');
    expect(workflow).toContain('CDKTF_OUTDIR="$RUNNER_TEMP/head.out" npm run synth');
  });
});
