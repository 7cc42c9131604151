/** A finding about the synthesized Terraform that is not a path verdict. */
export interface Finding {
  /** `error` fails `npm run check`; `warning` is reported only. */
  readonly severity: "error" | "warning";
  readonly code: string;
  /** The resource address the finding is about. */
  readonly component: string;
  readonly message: string;
}

/**
 * The registered description of a finding rule, as cdk-nag registers its rules: the code, how
 * severe a finding is, one line for the README table, and why it matters. Each rule file exports
 * its own; `rule-registry.ts` lists them all.
 */
export interface FindingRuleInfo {
  readonly code: string;
  readonly severity: "error" | "warning";
  /** One line, for the README table. */
  readonly text: string;
  /** Why it matters and what to do. */
  readonly explanation: string;
}

/** A finding of a registered rule. */
export const findingOf = (rule: FindingRuleInfo, component: string, message: string): Finding => ({
  severity: rule.severity,
  code: rule.code,
  component,
  message,
});
