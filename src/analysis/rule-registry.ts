import type { CodeSource } from "./explanation-codes";
import { PATH_CODES } from "./explanation-codes";
import type { FindingRuleInfo } from "./finding";
import { LOCKOUT_RISK, LOCKOUT_SOLE_EXEMPTION } from "./rules/bucket-policy-lockout";
import { QUOTA_RULES } from "./rules/quotas";
import { SG_REFERENCE_ACROSS_REGIONS } from "./rules/security-group-reference-across-regions";
import { SSH_OPEN_TO_INTERNET } from "./rules/ssh-open-too-widely";

/** Every code the analysis reports, in one list: what the report, the README table and the tests read. */
export interface RegisteredCode {
  readonly code: string;
  /** `blocks` and `cannot-prove` are path codes (blocked and unknown verdicts); `error` and `warning` are findings. */
  readonly kind: "blocks" | "cannot-prove" | "error" | "warning";
  readonly source: CodeSource;
  readonly text: string;
}

/** The finding rules, each registered by its own file. */
export const FINDING_RULES: readonly FindingRuleInfo[] = [
  SSH_OPEN_TO_INTERNET,
  LOCKOUT_RISK,
  LOCKOUT_SOLE_EXEMPTION,
  ...QUOTA_RULES,
  SG_REFERENCE_ACROSS_REGIONS,
];

/** The registry: path codes, then finding rules. */
export const REGISTERED_CODES: readonly RegisteredCode[] = [
  ...Object.entries(PATH_CODES).map(([code, info]) => ({ code, kind: info.kind, source: info.source, text: info.text })),
  ...FINDING_RULES.map((rule) => ({ code: rule.code, kind: rule.severity, source: "ours" as const, text: rule.text })),
];

/** The README's table of codes, as Markdown rows (the README test compares it with the README). */
export function codesTable(): string {
  const meaning = { blocks: "blocked", "cannot-prove": "unknown", error: "error", warning: "warning" } as const;
  return [
    "| Code | Gives | From | Meaning |",
    "| ---- | ----- | ---- | ------- |",
    ...REGISTERED_CODES.map(
      (c) => `| \`${c.code}\` | ${meaning[c.kind]} | ${c.source === "aws" ? "Reachability Analyzer" : "this project"} | ${c.text} |`,
    ),
  ].join("\n");
}
