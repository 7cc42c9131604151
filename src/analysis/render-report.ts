import type { PathVerdict, StackAnalysis } from "./analyze-stack";
import { hasFailures } from "./analyze-stack";

/** One analysed stack, ready to report. */
export interface StackReport {
  readonly stack: string;
  readonly path: string;
  readonly analysis: StackAnalysis;
}

const PROTOCOL_NAMES = { icmp: "ping", ssh: "ssh", s3: "s3" } as const;
const pathName = (v: PathVerdict) => `${PROTOCOL_NAMES[v.protocol]} ${v.from} -> ${v.to === "s3" ? "bucket" : v.to}`;
const word = (reachable: boolean) => (reachable ? "reachable" : "blocked");

/** Renders a verdict table, one explanation line per blocked path, and the findings. */
export function renderText(reports: readonly StackReport[]): string {
  return reports
    .map(({ stack, path, analysis }) => {
      const failed = analysis.verdicts.filter((v) => !v.asIntended).length;
      const errors = analysis.findings.filter((f) => f.severity === "error").length;
      const warnings = analysis.findings.length - errors;
      const width = Math.max(...analysis.verdicts.map((v) => pathName(v).length), 4);
      const lines = [
        `Reachability of stack "${stack}" (${path}): ${analysis.verdicts.length - failed}/${analysis.verdicts.length} paths as intended, ${errors} errors, ${warnings} warnings -> ${hasFailures(analysis) ? "FAIL" : "PASS"}`,
        `  ${"".padEnd(4)}  ${"path".padEnd(width)}  ${"intended".padEnd(9)}  ${"verdict".padEnd(9)}  first blocking component`,
        ...analysis.verdicts.map((v) =>
          `  ${(v.asIntended ? "ok" : "FAIL").padEnd(4)}  ${pathName(v).padEnd(width)}  ${word(v.reachable).padEnd(9)}  ${word(v.actual).padEnd(9)}  ${v.blocker ? `${v.blocker.code} at ${v.blocker.component}` : ""}`.trimEnd(),
        ),
      ];
      const blocked = analysis.verdicts.filter((v) => v.blocker);
      if (blocked.length > 0) {
        lines.push("  Why blocked:");
        for (const v of blocked)
          lines.push(`    ${v.asIntended ? "(as intended) " : "UNINTENDED: "}${pathName(v)}: ${v.blocker!.explanation}`);
      }
      const unreachableAsIntended = analysis.verdicts.filter((v) => !v.asIntended && v.actual);
      for (const v of unreachableAsIntended)
        lines.push(
          `    UNINTENDED: ${pathName(v)} is reachable, but the intent says it should not be (${v.reason}); via ${v.hops.join(", ") || "the local route"}.`,
        );
      if (analysis.findings.length > 0) {
        lines.push("  Findings:");
        for (const f of analysis.findings) lines.push(`    ${f.severity} ${f.code} at ${f.component}: ${f.message}`);
      }
      return lines.join("\n");
    })
    .join("\n\n");
}

/** The same as data, for `--json`. */
export function renderJson(reports: readonly StackReport[]): string {
  return JSON.stringify(
    reports.map(({ stack, path, analysis }) => ({
      stack,
      path,
      pass: !hasFailures(analysis),
      verdicts: analysis.verdicts,
      findings: analysis.findings,
    })),
    null,
    2,
  );
}
