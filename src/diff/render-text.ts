import { summaryLine } from "./diff-summary";
import { breaksPath } from "./path-diff";
import type { LabDiff, StackDiff } from "./stack-diff";

/**
 * The diff for a terminal: the summary line, then per stack that changed its data at risk, its
 * path changes, its resources (`+` added, `-` removed, `~` changed with the attributes, `-/+` replaced, `->`
 * moved, `<=` imported) and its findings. Unchanged stacks take one line.
 */
export function renderDiffText(diff: LabDiff): string {
  const lines = [`Diff of ${diff.head} against ${diff.base}: ${summaryLine(diff)}`];
  for (const s of diff.stacks) lines.push("", ...stackLines(s));
  if (diff.breaking) lines.push("", "Why exit 1:", ...diff.reasons.map((r) => `  ${r}`));
  return lines.join("\n");
}

function stackLines(s: StackDiff): string[] {
  const title = `Stack "${s.stack}": ${s.status}${s.previousStack ? ` from "${s.previousStack}" (same state location)` : ""}${s.pass === false ? ", FAILS its own check" : ""}`;
  if (s.status === "unchanged") return [title, ...s.notes.map((n) => `  Note: ${n}`)];
  const lines = [title];
  if (s.dataLoss.length > 0) {
    lines.push("  Data at risk:");
    const where = (d: (typeof s.dataLoss)[number]) =>
      [d.name, d.region, d.accountId === undefined ? undefined : `account ${d.accountId}`].filter(Boolean).join(", ");
    for (const d of s.dataLoss) lines.push(`    ${d.address}${where(d) ? ` (${where(d)})` : ""}: ${d.reason}`);
  }
  if (s.paths.length > 0) {
    lines.push("  Paths whose verdict changed:");
    const width = Math.max(...s.paths.map((p) => p.name.length));
    for (const p of s.paths) {
      const cause = p.code && (p.after === "blocked" || p.after === "unknown") ? `  ${p.code} at ${p.component}` : "";
      lines.push(
        `    ${breaksPath(p) ? "CUT " : "    "}${p.name.padEnd(width)}  ${`${p.before} -> ${p.after}`.padEnd(24)}${cause}`.trimEnd(),
      );
    }
  }
  const r = s.resources;
  lines.push(
    `  Resources: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed, ${r.moved.length} moved, ${r.imported.length} imported`,
  );
  for (const address of r.added) lines.push(`    + ${address}`);
  for (const address of r.removed) lines.push(`    - ${address}`);
  for (const c of r.changed)
    lines.push(
      c.replaced
        ? `    -/+ ${c.address} (${c.attributes.join(", ")}): replaced, ${c.because}`
        : `    ~ ${c.address} (${c.attributes.join(", ")})`,
    );
  for (const m of r.moved) lines.push(`    -> ${m.from} moved to ${m.to}`);
  for (const i of r.imported) lines.push(`    <= ${i.address} imported from ${i.id}`);
  if (s.findings.added.length + s.findings.removed.length > 0) {
    lines.push("  Findings:");
    for (const f of s.findings.added) lines.push(`    + ${f.severity} ${f.code} at ${f.address}: ${f.message}`);
    for (const f of s.findings.removed) lines.push(`    - ${f.severity} ${f.code} at ${f.address}`);
  }
  for (const n of s.notes) lines.push(`  Note: ${n}`);
  return lines;
}
