import type { CodeSource, ExplanationCode } from "./explanation-codes";
import type { Finding } from "./finding";
import type { IamEvaluator } from "./iam-evaluation";
import type { LabIntent, PathExpectation, PathProtocol } from "./intent";
import type { LabReading } from "./lab-reading";
import type { StepResult } from "./path-steps";

/** What every rule reads: the one reading of the stack, the intent, and the analysis's IAM evaluator. */
export interface RuleContext {
  readonly reading: LabReading;
  readonly intent: LabIntent;
  /** One per analysis: its placeholders for unknown values are shared by every question it asks. */
  readonly iam: IamEvaluator;
}

/**
 * The registered description of a code, as cdk-nag registers its rules: what the report, the
 * diagram's fix texts and the codes table of docs/analysis.md read.
 */
export interface CodeDescription {
  readonly code: string;
  /** `blocks` and `cannot-prove` come with blocked and unknown path verdicts; `error` and `warning` are findings. */
  readonly kind: "blocks" | "cannot-prove" | "error" | "warning";
  readonly source: CodeSource;
  /** One line. */
  readonly text: string;
  /** Why it matters: how AWS behaves. */
  readonly explanation: string;
  /** What to do about it. */
  readonly fix: string;
}

/** A finding rule's code: an error (fails the check) or a warning. */
export interface FindingCode extends CodeDescription {
  readonly kind: "error" | "warning";
}

/** A rule that decides the intent's paths of one protocol. */
export interface PathRule {
  readonly type: "path";
  /** The rule's file name (`ping-path`). */
  readonly id: string;
  readonly protocol: PathProtocol;
  /** The path codes its verdicts can carry. */
  readonly codes: readonly ExplanationCode[];
  /** One result per expectation of the intent with this rule's protocol. */
  check(context: RuleContext): ReadonlyMap<PathExpectation, StepResult>;
}

/** A rule that reports findings about the stack (quotas, SSH breadth, lockouts). */
export interface FindingRule {
  readonly type: "finding";
  /** The rule's file name (`ssh-open-too-widely`). */
  readonly id: string;
  readonly codes: readonly FindingCode[];
  check(context: RuleContext): readonly Finding[];
}

/** A registered rule. */
export type Rule = PathRule | FindingRule;

/** A finding of one of a rule's codes. */
export const findingOf = (code: FindingCode, component: string, message: string): Finding => ({
  severity: code.kind,
  code: code.code,
  component,
  message,
});

/** The intent's expectations of one protocol, each with the rule's result. */
export function decidePaths(
  context: RuleContext,
  protocol: PathProtocol,
  decide: (expectation: PathExpectation) => StepResult,
): ReadonlyMap<PathExpectation, StepResult> {
  const results = new Map<PathExpectation, StepResult>();
  for (const expectation of context.intent.expectations)
    if (expectation.protocol === protocol) results.set(expectation, decide(expectation));
  return results;
}
