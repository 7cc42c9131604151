import type { FailureOptions, PathVerdict, StackAnalysis } from "./analyze-stack";
import { hasFailures } from "./analyze-stack";
import type { CodeDescription } from "./rule";
import { codeDescription } from "./rule-registry";

/** One analysed stack, ready to report. */
export interface StackReport {
  readonly stack: string;
  readonly path: string;
  readonly analysis: StackAnalysis;
}

const PROTOCOL_NAMES = { icmp: "ping", ssh: "ssh", s3: "s3" } as const;
const pathName = (v: PathVerdict) => `${PROTOCOL_NAMES[v.protocol]} ${v.from} -> ${v.to === "s3" ? "bucket" : v.to}`;
const word = (reachable: boolean) => (reachable ? "reachable" : "blocked");
const status = (v: PathVerdict) => (v.verdict === "unknown" ? "??" : v.asIntended ? "ok" : "FAIL");

/**
 * Renders a verdict table, one explanation line per blocked path and per unknown one (shown as
 * `??` and `unknown`, never as either definite verdict), and the findings.
 */
export function renderText(reports: readonly StackReport[], options: FailureOptions = {}): string {
  return reports
    .map(({ stack, path, analysis }) => {
      const failed = analysis.verdicts.filter((v) => !v.asIntended).length;
      const unknown = analysis.verdicts.filter((v) => v.verdict === "unknown").length;
      const errors = analysis.findings.filter((f) => f.severity === "error").length;
      const warnings = analysis.findings.length - errors;
      const width = Math.max(...analysis.verdicts.map((v) => pathName(v).length), 4);
      const lines = [
        `Reachability of stack "${stack}" (${path}): ${analysis.verdicts.length - failed}/${analysis.verdicts.length} paths as intended${unknown > 0 ? ` (${unknown} unknown)` : ""}, ${errors} errors, ${warnings} warnings -> ${hasFailures(analysis, options) ? "FAIL" : "PASS"}`,
        `  ${"".padEnd(4)}  ${"path".padEnd(width)}  ${"intended".padEnd(9)}  ${"verdict".padEnd(9)}  first blocking component`,
        ...analysis.verdicts.map((v) =>
          `  ${status(v).padEnd(4)}  ${pathName(v).padEnd(width)}  ${word(v.reachable).padEnd(9)}  ${v.verdict.padEnd(9)}  ${v.blocker ? `${v.blocker.code} at ${v.blocker.component}` : ""}`.trimEnd(),
        ),
      ];
      const blocked = analysis.verdicts.filter((v) => v.verdict === "blocked");
      if (blocked.length > 0) {
        lines.push("  Why blocked:");
        for (const v of blocked)
          lines.push(`    ${v.asIntended ? "(as intended) " : "UNINTENDED: "}${pathName(v)}: ${v.blocker!.explanation}`);
      }
      const reachableAgainstIntent = analysis.verdicts.filter((v) => !v.asIntended && v.actual);
      for (const v of reachableAgainstIntent)
        lines.push(
          `    UNINTENDED: ${pathName(v)} is reachable, but the intent says it should not be (${v.reason}); via ${v.hops.join(", ") || "the local route"}.`,
        );
      const unknowns = analysis.verdicts.filter((v) => v.verdict === "unknown");
      if (unknowns.length > 0) {
        lines.push("  Cannot prove (unknown: neither reachable nor blocked; fails only with --strict):");
        for (const v of unknowns) lines.push(`    ${pathName(v)} (intended ${word(v.reachable)}): ${v.blocker!.explanation}`);
      }
      if (analysis.findings.length > 0) {
        lines.push("  Findings:");
        for (const f of analysis.findings) lines.push(`    ${f.severity} ${f.code} at ${f.component}: ${f.message}`);
      }
      const codes = codesIn(analysis);
      if (codes.length > 0) {
        lines.push("  What the codes mean (docs/analysis.md lists them all):");
        for (const c of codes) lines.push(`    ${c.code}: ${c.explanation} Fix: ${c.fix}`);
      }
      return lines.join("\n");
    })
    .join("\n\n");
}

/** The registered descriptions of the codes a stack's report shows (blocked and unknown verdicts, findings), each once. */
function codesIn(analysis: StackAnalysis): CodeDescription[] {
  const codes = new Set([
    ...analysis.verdicts.flatMap((v) => (v.blocker ? [v.blocker.code as string] : [])),
    ...analysis.findings.map((f) => f.code),
  ]);
  return [...codes].flatMap((code) => codeDescription(code) ?? []);
}

/**
 * The same as data, for `--json`: each verdict keeps its fields and gains `verdict` and `route`;
 * `codes` explains each code the stack's report shows (its text, explanation and fix).
 */
export function renderJson(reports: readonly StackReport[], options: FailureOptions = {}): string {
  return JSON.stringify(
    reports.map(({ stack, path, analysis }) => ({
      stack,
      path,
      pass: !hasFailures(analysis, options),
      verdicts: analysis.verdicts,
      findings: analysis.findings,
      codes: Object.fromEntries(codesIn(analysis).map(({ code, text, explanation, fix }) => [code, { text, explanation, fix }])),
    })),
    null,
    2,
  );
}
