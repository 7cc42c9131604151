import type { ExplanationCode } from "./explanation-codes";
import { PATH_CODES } from "./explanation-codes";
import type { CodeDescription, FindingRule, PathRule, Rule } from "./rule";
import { BUCKET_POLICY_LOCKOUT } from "./rules/bucket-policy-lockout";
import { INSTANCE_CONNECT_PATH } from "./rules/instance-connect-path";
import { PING_PATH } from "./rules/ping-path";
import { QUOTAS } from "./rules/quotas";
import { S3_ACCESS_PATH } from "./rules/s3-access-path";
import { SECURITY_GROUP_REFERENCE_ACROSS_REGIONS } from "./rules/security-group-reference-across-regions";
import { SSH_OPEN_TOO_WIDELY } from "./rules/ssh-open-too-widely";

/**
 * Every rule of the analysis, in the order the report lists what they find: the path rules (one
 * per protocol), then the finding rules. `analyzeStack` runs exactly these; a new rule is a file
 * under rules/ and a line here.
 */
export const RULES: readonly Rule[] = [
  PING_PATH,
  INSTANCE_CONNECT_PATH,
  S3_ACCESS_PATH,
  QUOTAS,
  SSH_OPEN_TOO_WIDELY,
  SECURITY_GROUP_REFERENCE_ACROSS_REGIONS,
  BUCKET_POLICY_LOCKOUT,
];

/** The path rules of {@link RULES}. */
export const PATH_RULES: readonly PathRule[] = RULES.filter((rule): rule is PathRule => rule.type === "path");
/** The finding rules of {@link RULES}. */
export const FINDING_RULES: readonly FindingRule[] = RULES.filter((rule): rule is FindingRule => rule.type === "finding");

/**
 * Every code the analysis reports, once: the path codes (which path rules share: a security group
 * blocks ping, SSH and S3 alike), then each finding rule's codes. The report, the diagram's fix
 * texts and the codes table of docs/analysis.md read this list.
 */
export const REGISTERED_CODES: readonly CodeDescription[] = [
  ...(Object.keys(PATH_CODES) as ExplanationCode[]).map((code): CodeDescription => ({ code, ...PATH_CODES[code] })),
  ...FINDING_RULES.flatMap((rule) => rule.codes),
];

const byCode = new Map(REGISTERED_CODES.map((c) => [c.code, c]));

/** The registered description of a code; undefined for a code the analysis never gives. */
export function codeDescription(code: string): CodeDescription | undefined {
  return byCode.get(code);
}

/** The fix for a code, or a pointer to the explanation for a code without one. */
export function fixFor(code: string): string {
  return byCode.get(code)?.fix ?? "See the explanation: it names the component and what it lacks.";
}

/** Where docs/analysis.md holds the generated codes section. */
export const CODES_SECTION_MARKERS = { start: "<!-- codes:start -->", end: "<!-- codes:end -->" } as const;

/**
 * The codes section of docs/analysis.md, generated from the registry: the rules, the codes table,
 * and each code's explanation and fix (a test fails when the page is stale, and rewrites it with
 * `UPDATE_DOCS=1`).
 */
export function codesSection(): string {
  const decides = (rule: Rule) => (rule.type === "path" ? `${rule.protocol} paths` : "findings");
  const codesOf = (rule: Rule) => (rule.type === "path" ? rule.codes : rule.codes.map((c) => c.code));
  return [
    CODES_SECTION_MARKERS.start,
    "",
    "The rules, one file each under `src/analysis/rules/`, in the order `analyzeStack` runs them:",
    "",
    "| Rule | Decides | Codes |",
    "| ---- | ------- | ----- |",
    ...RULES.map(
      (rule) =>
        `| \`${rule.id}\` | ${decides(rule)} | ${codesOf(rule)
          .map((c) => `\`${c}\``)
          .join(", ")} |`,
    ),
    "",
    "Every code:",
    "",
    codesTable(),
    "",
    "Why each happens, and what to do (the report prints this for each code it shows; `check --json` has it under `codes`):",
    "",
    ...REGISTERED_CODES.map((c) => `- \`${c.code}\`: ${c.explanation} Fix: ${c.fix}`),
    "",
    CODES_SECTION_MARKERS.end,
  ].join("\n");
}

/** The codes table, as Markdown rows. */
function codesTable(): string {
  const gives = { blocks: "blocked", "cannot-prove": "unknown", error: "error", warning: "warning" } as const;
  return [
    "| Code | Gives | From | Meaning |",
    "| ---- | ----- | ---- | ------- |",
    ...REGISTERED_CODES.map(
      (c) => `| \`${c.code}\` | ${gives[c.kind]} | ${c.source === "aws" ? "Reachability Analyzer" : "this project"} | ${c.text} |`,
    ),
  ].join("\n");
}
