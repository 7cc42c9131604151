import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runDiff } from "../../src/diff/diff-cli";
import { MARKDOWN_MARKER } from "../../src/diff/render-markdown";
import type { LabDiff } from "../../src/diff/stack-diff";
import { LabOutputs } from "../../test-support/lab-outputs";

const outputs = new LabOutputs();
afterAll(() => outputs.remove());

describe("the diff's renderings", () => {
  it("renders a pull-request comment: the summary line, data at risk first, then the path and resource tables", () => {
    const run = runDiff(["--base", outputs.of(), "--head", outputs.of({ s3: false }), "--format", "markdown"], {});
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toBe("### Lab diff: breaking");
    expect(lines[3]).toMatch(/^\*\*Breaking: 2 reachable paths cut, data at risk in 2 resources; resources: 0 added, \d+ removed, /);
    const headings = lines.filter((l) => l.startsWith("#### "));
    expect(headings).toEqual(["#### Data at risk", "#### Paths whose verdict changed", "#### Resource changes", "#### Findings"]);
    expect(run.stdout).toContain(
      "| `aws_s3_bucket.lab` (`vpc-lab-…`) | removed | Removed: deleting it loses the bucket's objects and every version of them. |",
    );
    expect(run.stdout).toContain("| `s3 vpc1 -> bucket` | reachable | **absent** |  |");
    // One stack: no Stack column.
    expect(run.stdout).toContain("| Resource | Change | What is lost |");
  });

  it("adds a Stack column and a list of the stacks added when the outputs hold several stacks", () => {
    const base = outputs.of({ environments: { dev: {} } });
    const run = runDiff(["--base", base, "--format", "markdown"], { CDKTF_OUTDIR: outputs.of({ environments: { dev: {}, prod: {} } }) });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("### Lab diff: safe to review");
    expect(run.stdout).toMatch(/\*\*Safe: no reachable path cut, no data at risk; 1 stack added; resources: \d+ added, 0 removed/);
    expect(run.stdout).toContain("| Stack | Path | Before | After | Blocked at |");
    expect(run.stdout).toContain("| vpc-lab-prod | `ping vpc1 -> vpc2` | absent | reachable |  |");
    expect(run.stdout).toContain("<details><summary>");
    expect(run.stdout.endsWith("#### Stacks\n\n- `vpc-lab-prod` added")).toBe(true);
  });

  it("renders an unchanged lab as one line in Markdown and says so in text", () => {
    const dir = outputs.of();
    const markdown = runDiff(["--base", dir, "--head", dir, "--format", "markdown"], {});
    expect(markdown).toEqual({
      exitCode: 0,
      stdout: [
        MARKDOWN_MARKER,
        "### Lab diff: no changes",
        "",
        "**No changes: the 1 stack synthesizes the same resources and the same verdicts as the base.**",
      ].join("\n"),
      stderr: "",
    });
    const text = runDiff(["--base", dir], { CDKTF_OUTDIR: dir });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('Stack "vpc-lab": unchanged');
  });

  it("names each cut path, its blocking code and component, and why it exits 1, in text", () => {
    const run = runDiff(["--base", outputs.of(), "--head", outputs.of({ s3: { endpointPolicy: "deny-all" } })], {});
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/CUT s3 vpc1 -> bucket +reachable -> blocked +ENDPOINT_POLICY_DENIES at aws_vpc_endpoint\.vpc1_s3/);
    expect(run.stdout).toContain("~ aws_vpc_endpoint.vpc1_s3 (policy)");
    expect(run.stdout).toContain("Why exit 1:");
  });
});

describe("the diff on outputs of older versions of the project", () => {
  /** A copy of an output directory with its intent rewritten (or removed, with `undefined`). */
  function withIntent(dir: string, rewrite: (intent: Record<string, unknown>) => Record<string, unknown> | undefined): string {
    const copy = outputs.scratch("older");
    cpSync(dir, copy, { recursive: true });
    const path = join(copy, "stacks", "vpc-lab", "lab-intent.json");
    const intent = rewrite(JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>);
    if (intent === undefined) rmSync(path);
    else writeFileSync(path, JSON.stringify(intent));
    return copy;
  }

  it("analyses a base whose intent has only the first version's fields (no contexts, operators, account)", () => {
    const base = withIntent(outputs.of(), ({ stack, expectations, instanceConnectPrefixListIds }) => ({
      stack,
      expectations,
      instanceConnectPrefixListIds,
    }));
    const run = runDiff(["--base", base, "--format", "json"], { CDKTF_OUTDIR: outputs.of({ s3: { endpointPolicy: "deny-all" } }) });
    expect(run.exitCode).toBe(1);
    const stack = (JSON.parse(run.stdout) as LabDiff).stacks[0]!;
    expect(stack.paths.map((p) => `${p.name}: ${p.before} -> ${p.after}`)).toEqual([
      "s3 vpc1 -> bucket: reachable -> blocked",
      "s3 vpc2 -> bucket: reachable -> blocked",
    ]);
    expect(stack.notes).toEqual([]);
  });

  it("compares the resources of a base without lab-intent.json and says that its paths are not compared", () => {
    const base = withIntent(outputs.of(), () => undefined);
    const run = runDiff(["--base", base, "--format", "json"], { CDKTF_OUTDIR: outputs.of({ flowLogs: false }) });
    expect(run.exitCode).toBe(1);
    const stack = (JSON.parse(run.stdout) as LabDiff).stacks[0]!;
    expect(stack.dataLoss.map((d) => d.address)).toEqual([
      "aws_cloudwatch_log_group.vpc1_flow_logs",
      "aws_cloudwatch_log_group.vpc2_flow_logs",
    ]);
    expect(stack.paths).toEqual([]);
    expect(stack.pass).toBe(true);
    expect(stack.notes).toEqual([
      expect.stringMatching(/^the base's stack vpc-lab has no lab-intent\.json .* so its paths are not compared\.$/),
    ]);
  });
});

describe("the diff's usage errors (exit 2, one sentence, no stack trace)", () => {
  const output = () => outputs.of();
  const scratch = () => outputs.scratch("usage");
  const hclOnly = () => {
    const dir = scratch();
    mkdirSync(join(dir, "stacks", "vpc-lab"), { recursive: true });
    writeFileSync(join(dir, "stacks", "vpc-lab", "cdk.tf"), "");
    return dir;
  };
  const badJson = () => {
    const dir = scratch();
    mkdirSync(join(dir, "stacks", "vpc-lab"), { recursive: true });
    writeFileSync(join(dir, "stacks", "vpc-lab", "cdk.tf.json"), "{ not json");
    return dir;
  };

  it.each<[string, () => string[], RegExp]>([
    ["no --base", () => [], /^No base to compare with: pass --base <dir>/],
    ["--base without a value", () => ["--base"], /^--base needs a value: a directory\./],
    ["a base that does not exist", () => ["--base", join(scratch(), "missing")], /^The base .*missing does not exist/],
    [
      "a base that is not an output directory",
      () => ["--base", scratch()],
      /^The base .* is not a synthesized output directory: it has no stacks\/ folder/,
    ],
    ["a base that holds an HCL synth", () => ["--base", hclOnly()], /holds cdk\.tf \(an HCL synth\), and the diff reads cdk\.tf\.json/],
    ["a base whose cdk.tf.json is not JSON", () => ["--base", badJson()], /cdk\.tf\.json is not valid JSON/],
    ["a new output that is missing", () => ["--base", output(), "--head", join(scratch(), "none")], /^The new output .* does not exist/],
    [
      "an unknown format",
      () => ["--base", output(), "--format", "html"],
      /^--format "html" is not a format of the diff: use text, json or markdown\./,
    ],
    [
      "a format named like a property every object inherits",
      () => ["--base", output(), "--format", "constructor"],
      /^--format "constructor" is not a format of the diff: use text, json or markdown\./,
    ],
    ["an unknown argument", () => ["--base", output(), "--verbose"], /^Unknown argument "--verbose"/],
    ["a flag given twice", () => ["--base", output(), "--base=x"], /^--base is given twice\./],
  ])("%s", (_name, argv, message) => {
    const run = runDiff(argv(), { CDKTF_OUTDIR: output() });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints the usage and exits 0 for --help", () => {
    expect(runDiff(["--help"], {})).toEqual({
      exitCode: 0,
      stdout: expect.stringMatching(/^usage: npm run diff -- --base <dir>/),
      stderr: "",
    });
  });
});
