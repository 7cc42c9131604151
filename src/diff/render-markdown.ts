import { isEmpty, summaryLine } from "./diff-summary";
import { breaksPath } from "./path-diff";
import type { LabDiff, StackDiff } from "./stack-diff";

/** The first line of the comment: a CI step can find its earlier comment by it and update it. */
export const MARKDOWN_MARKER = "<!-- vpc-lab diff -->";

/** More resource rows than this fold into a `<details>` block, so that the comment stays compact. */
const FOLD_RESOURCE_ROWS = 15;

/**
 * The diff as a pull-request comment: the summary line, then tables: data at risk first, then
 * the paths whose verdict changed, the resource changes (folded when long), the findings, and
 * the stacks added, removed or renamed. The Stack column appears only with more than one stack.
 */
export function renderDiffMarkdown(diff: LabDiff): string {
  const out = [
    MARKDOWN_MARKER,
    `### Lab diff: ${isEmpty(diff) ? "no changes" : diff.breaking ? "breaking" : "safe to review"}`,
    "",
    `**${summaryLine(diff)}**`,
  ];
  if (isEmpty(diff)) return out.join("\n");
  const many = diff.stacks.length > 1;
  const table = (headers: string[], rows: string[][]): string[] => {
    const withStack = many ? headers : headers.slice(1);
    const cells = (row: string[]) => (many ? row : row.slice(1));
    return [
      `| ${withStack.join(" | ")} |`,
      `| ${withStack.map(() => "---").join(" | ")} |`,
      ...rows.map((row) => `| ${cells(row).join(" | ")} |`),
    ];
  };
  const each = <T>(pick: (s: StackDiff) => readonly T[], row: (s: StackDiff, item: T) => string[]) =>
    diff.stacks.flatMap((s) => pick(s).map((item) => row(s, item)));

  const loss = each(
    (s) => s.dataLoss,
    (s, d) => [s.stack, `${code(d.address)}${d.name === undefined ? "" : ` (${code(d.name)})`}`, d.change, cell(d.reason)],
  );
  if (loss.length > 0) out.push("", "#### Data at risk", "", ...table(["Stack", "Resource", "Change", "What is lost"], loss));

  const paths = each(
    (s) => s.paths,
    (s, p) => [
      s.stack,
      code(p.name),
      p.before,
      breaksPath(p) ? `**${p.after}**` : p.after,
      p.code && (p.after === "blocked" || p.after === "unknown") ? `${code(p.code)} at ${code(p.component ?? "")}` : "",
    ],
  );
  if (paths.length > 0)
    out.push("", "#### Paths whose verdict changed", "", ...table(["Stack", "Path", "Before", "After", "Blocked at"], paths));

  const resources = [
    ...each(
      (s) => s.resources.removed,
      (s, a) => [s.stack, "removed", code(a), ""],
    ),
    ...each(
      (s) => s.resources.changed,
      (s, c) => [s.stack, c.replaced ? "**replaced**" : "changed", code(c.address), c.attributes.map(code).join(", ")],
    ),
    ...each(
      (s) => s.resources.added,
      (s, a) => [s.stack, "added", code(a), ""],
    ),
    ...each(
      (s) => s.resources.moved,
      (s, m) => [s.stack, "moved", code(m.to), `from ${code(m.from)}`],
    ),
    ...each(
      (s) => s.resources.imported,
      (s, i) => [s.stack, "imported", code(i.address), `id ${code(i.id)}`],
    ),
  ];
  if (resources.length > 0) {
    const rows = table(["Stack", "Change", "Resource", "Attributes"], resources);
    out.push("", "#### Resource changes", "");
    if (resources.length > FOLD_RESOURCE_ROWS)
      out.push(`<details><summary>${resources.length} resource changes</summary>`, "", ...rows, "", "</details>");
    else out.push(...rows);
  }

  const findings = [
    ...each(
      (s) => s.findings.added,
      (s, f) => [s.stack, "added", f.severity, code(f.code), code(f.address), cell(f.message)],
    ),
    ...each(
      (s) => s.findings.removed,
      (s, f) => [s.stack, "removed", f.severity, code(f.code), code(f.address), ""],
    ),
  ];
  if (findings.length > 0) out.push("", "#### Findings", "", ...table(["Stack", "", "Severity", "Code", "Resource", "Message"], findings));

  const stacks = diff.stacks
    .filter((s) => s.status === "added" || s.status === "removed" || s.status === "renamed")
    .map((s) => `- ${code(s.stack)} ${s.status}${s.previousStack ? ` from ${code(s.previousStack)} (same state location)` : ""}`);
  if (stacks.length > 0) out.push("", "#### Stacks", "", ...stacks);
  const notes = diff.stacks.flatMap((s) => s.notes);
  if (notes.length > 0) out.push("", ...notes.map((n) => `> ${cell(n)}`));
  return out.join("\n");
}

/** A table cell's text: pipes escaped, on one line. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
/** Inline code (addresses, codes): backticks inside are never produced by Terraform names. */
const code = (text: string): string => `\`${cell(text)}\``;
