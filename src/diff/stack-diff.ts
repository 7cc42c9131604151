import type { StackAnalysis } from "../analysis/analyze-stack";
import { analyzeStack, hasFailures } from "../analysis/analyze-stack";
import type { TerraformJson } from "../analysis/terraform-json";
import { AddressMoves, movesOf } from "./address-moves";
import type { DataLoss } from "./data-loss";
import { dataAtRisk } from "./data-loss";
import type { FindingChanges } from "./finding-diff";
import { diffFindings } from "./finding-diff";
import type { LabOutput, OutputStack } from "./lab-output";
import type { PathChange } from "./path-diff";
import { breaksPath, diffPaths } from "./path-diff";
import type { ResourceChanges } from "./resource-diff";
import { diffResources } from "./resource-diff";
import { canonicalJson } from "./comparable-values";

/**
 * `added` and `removed`: the stack is on one side only (an environment added, a lab renamed
 * without `previousNames`); `renamed`: its name changed but its state did not (the same backend
 * location on both sides, as a lab renamed with `previousNames` keeps it), so it is compared as
 * one stack; `changed` or `unchanged` otherwise.
 */
export type StackStatus = "added" | "removed" | "renamed" | "changed" | "unchanged";

/** What a change does to one stack. */
export interface StackDiff {
  /** The stack's name in the new output (in the base, for a removed stack). */
  readonly stack: string;
  readonly status: StackStatus;
  /** The base's name of a renamed stack. */
  readonly previousStack?: string;
  readonly resources: ResourceChanges;
  readonly paths: readonly PathChange[];
  readonly findings: FindingChanges;
  readonly dataLoss: readonly DataLoss[];
  /** Whether the new output passes its own check (as `npm run check` judges it); null for a removed stack or one that cannot be analysed. */
  readonly pass: boolean | null;
  /** What the diff could not compare, and why. */
  readonly notes: readonly string[];
}

/** The whole diff of two output directories. */
export interface LabDiff {
  /** The earlier output directory. */
  readonly base: string;
  /** The new one (`CDKTF_OUTDIR`). */
  readonly head: string;
  readonly stacks: readonly StackDiff[];
  /** True when the change needs more than a normal review (exit status 1): `reasons` says why. */
  readonly breaking: boolean;
  readonly reasons: readonly string[];
}

/**
 * Compares two synthesized output directories stack by stack: the resources, the paths whose
 * verdict changed, the findings, and the data at risk. A stack present on one side only is
 * compared with an empty stack (everything in it added, or removed: the plan of its state
 * against nothing, which is what destroying it would do).
 */
export function diffOutputs(base: LabOutput, head: LabOutput): LabDiff {
  const baseByName = new Map(base.stacks.map((s) => [s.name, s]));
  const headByName = new Map(head.stacks.map((s) => [s.name, s]));
  const removed = base.stacks.filter((s) => !headByName.has(s.name));
  const added = head.stacks.filter((s) => !baseByName.has(s.name));
  const renamedFrom = pairRenamedStacks(removed, added);
  const renamedBases = new Set([...renamedFrom.values()].map((s) => s.name));

  const stacks: StackDiff[] = [];
  for (const stack of head.stacks) {
    const before = baseByName.get(stack.name) ?? renamedFrom.get(stack.name);
    stacks.push(diffStack(before, stack, baseByName.has(stack.name) ? undefined : before?.name));
  }
  for (const stack of removed) if (!renamedBases.has(stack.name)) stacks.push(diffStack(stack, undefined, undefined));

  const reasons: string[] = [];
  for (const s of stacks) {
    const broken = s.paths.filter(breaksPath);
    if (broken.length > 0)
      reasons.push(
        `stack ${s.stack}: ${broken.length} path${broken.length === 1 ? "" : "s"} that ${broken.length === 1 ? "was" : "were"} reachable ${broken.length === 1 ? "is" : "are"} not any more (${broken.map((p) => `${p.name} ${p.after}`).join(", ")})`,
      );
    if (s.pass === false) reasons.push(`stack ${s.stack}: the new output fails its own check (npm run check)`);
    if (s.dataLoss.length > 0)
      reasons.push(
        `stack ${s.stack}: data at risk in ${s.dataLoss.length} resource${s.dataLoss.length === 1 ? "" : "s"} (${s.dataLoss.map((d) => d.address).join(", ")})`,
      );
    if (s.status !== "removed" && s.pass === null)
      reasons.push(`stack ${s.stack}: the new output cannot be checked (${s.notes.join(" ")})`);
  }
  return { base: base.dir, head: head.dir, stacks, breaking: reasons.length > 0, reasons };
}

/**
 * Pairs a removed stack with an added one when both keep their state in the same place (the same
 * `terraform.backend` or `cloud` block): Terraform plans the new one against the old one's state.
 */
function pairRenamedStacks(removed: readonly OutputStack[], added: readonly OutputStack[]): Map<string, OutputStack> {
  const location = (s: OutputStack): string | undefined => {
    const terraform = s.json.terraform as { backend?: unknown; cloud?: unknown } | undefined;
    const where = terraform?.backend ?? terraform?.cloud;
    return where === undefined ? undefined : canonicalJson(where);
  };
  const pairs = new Map<string, OutputStack>();
  for (const stack of added) {
    const where = location(stack);
    if (where === undefined) continue;
    const same = removed.filter((r) => location(r) === where);
    if (same.length === 1 && added.filter((a) => location(a) === where).length === 1) pairs.set(stack.name, same[0]!);
  }
  return pairs;
}

function diffStack(before: OutputStack | undefined, after: OutputStack | undefined, previousName: string | undefined): StackDiff {
  const notes: string[] = [];
  const moves = new AddressMoves(after ? movesOf(after.json) : []);
  const unchangedText = before !== undefined && after !== undefined && before.text === after.text && before.intentText === after.intentText;
  const headAnalysis = after ? analyse(after, "the new output", notes) : undefined;
  // Identical files give identical analyses: the base's is not computed again.
  const baseAnalysis = unchangedText ? headAnalysis : before ? analyse(before, "the base", notes) : undefined;
  const comparePaths = (before === undefined || baseAnalysis !== undefined) && (after === undefined || headAnalysis !== undefined);
  const resources = diffResources(before?.json, after?.json, moves, { base: baseAnalysis?.reading, head: headAnalysis?.reading });
  const paths = comparePaths ? diffPaths(baseAnalysis, headAnalysis, moves) : [];
  const findings = comparePaths ? diffFindings(baseAnalysis, headAnalysis, moves) : { added: [], removed: [] };
  const dataLoss = dataAtRisk(resources, before?.json, after?.json, { base: baseAnalysis?.reading, head: headAnalysis?.reading });
  const empty =
    resources.added.length + resources.removed.length + resources.changed.length + resources.moved.length + resources.imported.length ===
      0 &&
    paths.length === 0 &&
    findings.added.length + findings.removed.length === 0 &&
    dataLoss.length === 0;
  const status: StackStatus = !before
    ? "added"
    : !after
      ? "removed"
      : previousName !== undefined
        ? "renamed"
        : empty
          ? "unchanged"
          : "changed";
  return {
    stack: after?.name ?? before!.name,
    status,
    ...(previousName === undefined ? {} : { previousStack: previousName }),
    resources,
    paths,
    findings,
    dataLoss,
    pass: headAnalysis ? !hasFailures(headAnalysis) : null,
    notes,
  };
}

/** The stack's analysis, or undefined (with a note) when it has no intent or cannot be analysed. */
function analyse(stack: OutputStack, side: string, notes: string[]): StackAnalysis | undefined {
  if (!stack.intent) {
    notes.push(`${side}'s stack ${stack.name} has no lab-intent.json (written by npm run synth), so its paths are not compared.`);
    return undefined;
  }
  try {
    return analyzeStack(stack.json as TerraformJson, stack.intent);
  } catch (error) {
    notes.push(
      `${side}'s stack ${stack.name} could not be analysed (${error instanceof Error ? error.message : String(error)}), so its paths are not compared.`,
    );
    return undefined;
  }
}
