import { breaksPath } from "./path-diff";
import type { LabDiff, StackDiff } from "./stack-diff";

/** The counts a summary line gives. */
export interface DiffCounts {
  readonly stacksAdded: number;
  readonly stacksRemoved: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly moved: number;
  readonly imported: number;
  readonly pathsChanged: number;
  readonly pathsBroken: number;
  readonly findingsAdded: number;
  readonly findingsRemoved: number;
  readonly dataLoss: number;
  readonly failingChecks: number;
}

/** Counts over every stack of a diff. */
export function countChanges(diff: LabDiff): DiffCounts {
  const sum = (f: (s: StackDiff) => number) => diff.stacks.reduce((total, s) => total + f(s), 0);
  return {
    stacksAdded: sum((s) => (s.status === "added" ? 1 : 0)),
    stacksRemoved: sum((s) => (s.status === "removed" ? 1 : 0)),
    added: sum((s) => s.resources.added.length),
    removed: sum((s) => s.resources.removed.length),
    changed: sum((s) => s.resources.changed.length),
    moved: sum((s) => s.resources.moved.length),
    imported: sum((s) => s.resources.imported.length),
    pathsChanged: sum((s) => s.paths.length),
    pathsBroken: sum((s) => s.paths.filter(breaksPath).length),
    findingsAdded: sum((s) => s.findings.added.length),
    findingsRemoved: sum((s) => s.findings.removed.length),
    dataLoss: sum((s) => s.dataLoss.length),
    failingChecks: sum((s) => (s.pass === false ? 1 : 0)),
  };
}

/** True when nothing at all differs (every stack unchanged). */
export const isEmpty = (diff: LabDiff): boolean => diff.stacks.every((s) => s.status === "unchanged");

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The one-line verdict: breaking or safe, then what changed. "No changes" for an empty diff.
 * Example: "Breaking: 2 reachable paths cut, data at risk in 2 resources; resources: 0 added,
 * 5 removed, 0 changed, 0 moved, 0 imported; 0 paths changed."
 */
export function summaryLine(diff: LabDiff): string {
  const c = countChanges(diff);
  if (isEmpty(diff))
    return `No changes: the ${plural(diff.stacks.length, "stack")} synthesize${diff.stacks.length === 1 ? "s" : ""} the same resources and the same verdicts as the base.`;
  const alarms = [
    c.pathsBroken > 0 ? `${plural(c.pathsBroken, "reachable path")} cut` : "",
    c.dataLoss > 0 ? `data at risk in ${plural(c.dataLoss, "resource")}` : "",
    c.failingChecks > 0 ? `${plural(c.failingChecks, "stack")} failing its own check` : "",
    diff.breaking && c.pathsBroken + c.dataLoss + c.failingChecks === 0 ? "a stack cannot be checked" : "",
  ].filter(Boolean);
  const stacks = [
    c.stacksAdded > 0 ? `${plural(c.stacksAdded, "stack")} added` : "",
    c.stacksRemoved > 0 ? `${plural(c.stacksRemoved, "stack")} removed` : "",
  ].filter(Boolean);
  const facts = [
    ...stacks,
    `resources: ${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.moved} moved, ${c.imported} imported`,
    `${plural(c.pathsChanged, "path")} changed verdict`,
    ...(c.findingsAdded + c.findingsRemoved > 0 ? [`findings: ${c.findingsAdded} added, ${c.findingsRemoved} removed`] : []),
  ];
  return `${diff.breaking ? `Breaking: ${alarms.join(", ")}` : "Safe: no reachable path cut, no data at risk"}; ${facts.join("; ")}.`;
}
