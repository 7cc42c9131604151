import { instanceAddress, vpcAddress } from "../model/lab-contract";
import type { Finding } from "./finding";
import { IamEvaluator } from "./iam-evaluation";
import type { LabIntent, PathExpectation } from "./intent";
import type { InstanceNode } from "./network-model";
import { NetworkModel } from "./network-model";
import type { Blocker, StepResult, Verdict } from "./path-steps";
import { block } from "./path-steps";
import { lockoutFindings } from "./rules/bucket-policy-lockout";
import { instanceConnectPath } from "./rules/instance-connect-path";
import { pingPath } from "./rules/ping-path";
import { quotaFindings } from "./rules/quotas";
import { labBucket, S3AccessPaths } from "./rules/s3-access-path";
import { sshOpenTooWidelyFindings } from "./rules/ssh-open-too-widely";
import { securityGroupReferenceFindings } from "./rules/security-group-reference-across-regions";
import type { TerraformJson } from "./terraform-json";
import { TerraformDocument } from "./terraform-json";

/** The verdict on one expected path. */
export interface PathVerdict extends PathExpectation {
  /** `reachable` and `blocked` are proven; `unknown` means the synthesized Terraform cannot tell. */
  readonly verdict: Verdict;
  /** True only for a reachable verdict. */
  readonly actual: boolean;
  /** True when a definite verdict matches the intent; an unknown verdict is never as intended. */
  readonly asIntended: boolean;
  /** Components the path goes through, when reachable. */
  readonly hops: readonly string[];
  /** The first blocking component (blocked), or what could not be read and why (unknown, with its cannot-prove code). */
  readonly blocker?: Blocker;
}

/** Everything the analysis says about one stack. */
export interface StackAnalysis {
  readonly verdicts: readonly PathVerdict[];
  readonly findings: readonly Finding[];
  /** Unknown verdicts fail (from the intent's `strict`), unless the caller says otherwise. */
  readonly strict?: boolean;
}

/** How strictly to judge an analysis. */
export interface FailureOptions {
  /** Unknown verdicts fail too (`npm run check -- --strict`, or `analysis.strict` in the configuration). */
  readonly strict?: boolean;
}

/**
 * Analyses one synthesized stack against its intent: a pure function of the Terraform JSON.
 * What is known at synth is resolved (CIDRs by reference, managed prefix lists by name, names
 * from prefixes); what AWS computes stays symbolic, and a verdict that depends on it is unknown.
 */
export function analyzeStack(json: TerraformJson, intent: LabIntent): StackAnalysis {
  const doc = new TerraformDocument(json);
  const model = new NetworkModel(doc, {
    accountId: intent.accountId,
    instanceConnectPrefixListIds: intent.instanceConnectPrefixListIds,
    contexts: intent.contexts,
  });
  const iam = new IamEvaluator(model.values);
  const instanceIn = (vpcName: string): InstanceNode | undefined =>
    model.instancesByVpc.get(vpcAddress(vpcName))?.find((i) => i.address === instanceAddress(vpcName)) ??
    model.instancesByVpc.get(vpcAddress(vpcName))?.[0];
  const missing = (name: string): StepResult => block(vpcAddress(name), "NO_SUCH_TARGET", `There is no instance in a VPC named ${name}.`);
  const bucket = labBucket(model);
  let s3Paths: S3AccessPaths | undefined;

  const verdicts = intent.expectations.map((expectation): PathVerdict => {
    let result: StepResult;
    if (expectation.protocol === "icmp") {
      const from = instanceIn(expectation.from);
      const to = instanceIn(expectation.to);
      result = !from
        ? missing(expectation.from)
        : !to
          ? missing(expectation.to)
          : pingPath(model, from, to, `${expectation.from}'s instance`, `${expectation.to}'s instance`);
    } else if (expectation.protocol === "ssh") {
      const to = instanceIn(expectation.to);
      result = to ? instanceConnectPath(model, to, `${expectation.to}'s instance`) : missing(expectation.to);
    } else {
      const from = instanceIn(expectation.from);
      s3Paths ??= new S3AccessPaths(model, iam);
      result = !from
        ? missing(expectation.from)
        : bucket
          ? s3Paths.path(from, bucket, `${expectation.from}'s instance`)
          : block("aws_s3_bucket", "NO_SUCH_TARGET", "There is no lab bucket in the synthesized Terraform.");
    }
    const reachable = result.verdict === "reachable";
    return {
      ...expectation,
      verdict: result.verdict,
      actual: reachable,
      asIntended: result.verdict !== "unknown" && reachable === expectation.reachable,
      hops: result.verdict === "reachable" ? result.hops : [],
      blocker: result.verdict === "reachable" ? undefined : result.blocker,
    };
  });
  const lockout = bucket && intent.bucketOperators ? lockoutFindings(model, iam, bucket, intent.bucketOperators) : [];
  return {
    verdicts,
    findings: [...quotaFindings(model), ...sshOpenTooWidelyFindings(model), ...securityGroupReferenceFindings(model), ...lockout],
    ...(intent.strict ? { strict: true } : {}),
  };
}

/**
 * True when a stack's analysis should fail the check: a definite verdict against intent, or an
 * error finding; when strict (the option, else the intent's `strict`), an unknown verdict too.
 */
export function hasFailures(analysis: StackAnalysis, options: FailureOptions = {}): boolean {
  const strict = options.strict ?? analysis.strict ?? false;
  return (
    analysis.verdicts.some((v) => (v.verdict === "unknown" ? strict : !v.asIntended)) ||
    analysis.findings.some((f) => f.severity === "error")
  );
}
