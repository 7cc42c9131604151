import type { Finding } from "./finding";
import type { LabIntent, PathExpectation } from "./intent";
import type { InstanceNode } from "./network-model";
import { NetworkModel } from "./network-model";
import type { Blocker, StepResult } from "./path-steps";
import { block } from "./path-steps";
import { instanceConnectPath } from "./rules/instance-connect-path";
import { pingPath } from "./rules/ping-path";
import { quotaFindings } from "./rules/quotas";
import { labBucket, s3AccessPath } from "./rules/s3-access-path";
import { sshOpenToInternetFindings } from "./rules/ssh-open-to-internet";
import type { TerraformJson } from "./terraform-json";
import { TerraformDocument } from "./terraform-json";

/** The verdict on one expected path. */
export interface PathVerdict extends PathExpectation {
  /** What the analysis found. */
  readonly actual: boolean;
  /** True when the verdict matches the intent. */
  readonly asIntended: boolean;
  /** Components the path goes through, when reachable. */
  readonly hops: readonly string[];
  /** The first blocking component, when unreachable. */
  readonly blocker?: Blocker;
}

/** Everything the analysis says about one stack. */
export interface StackAnalysis {
  readonly verdicts: readonly PathVerdict[];
  readonly findings: readonly Finding[];
}

/**
 * Analyses one synthesized stack against its intent: a pure function of the Terraform JSON.
 * References between resources stay symbolic (`${aws_instance.vpc1.id}`); data-source values
 * (prefix lists, the account) are named symbols.
 */
export function analyzeStack(json: TerraformJson, intent: LabIntent): StackAnalysis {
  const doc = new TerraformDocument(json);
  const model = new NetworkModel(doc);
  const instanceConnectLists = [
    ...(doc.json.data?.aws_ec2_managed_prefix_list
      ? Object.entries(doc.json.data.aws_ec2_managed_prefix_list)
          .filter(([, body]) => /^com\.amazonaws\.[a-z0-9-]+\.ec2-instance-connect$/.test(String(body.name ?? "")))
          .map(([name]) => `\${data.aws_ec2_managed_prefix_list.${name}.id}`)
      : []),
    ...intent.instanceConnectPrefixListIds,
  ];
  const instanceIn = (vpcName: string): InstanceNode | undefined =>
    [...model.instances.values()].find((i) => model.subnets.get(i.subnet ?? "")?.vpc === `aws_vpc.${vpcName}`);
  const missing = (name: string): StepResult => block(`aws_vpc.${name}`, "NO_SUCH_TARGET", `There is no instance in a VPC named ${name}.`);
  const bucket = labBucket(model);

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
      result = to ? instanceConnectPath(model, to, `${expectation.to}'s instance`, instanceConnectLists) : missing(expectation.to);
    } else {
      const from = instanceIn(expectation.from);
      result = !from
        ? missing(expectation.from)
        : bucket
          ? s3AccessPath(model, from, bucket, `${expectation.from}'s instance`)
          : block("aws_s3_bucket", "NO_SUCH_TARGET", "There is no lab bucket in the synthesized Terraform.");
    }
    return {
      ...expectation,
      actual: result.ok,
      asIntended: result.ok === expectation.reachable,
      hops: result.ok ? result.hops : [],
      blocker: result.ok ? undefined : result.blocker,
    };
  });
  return { verdicts, findings: [...quotaFindings(model), ...sshOpenToInternetFindings(model)] };
}

/** True when a stack's analysis should fail the check: a verdict against intent, or an error finding. */
export function hasFailures(analysis: StackAnalysis): boolean {
  return analysis.verdicts.some((v) => !v.asIntended) || analysis.findings.some((f) => f.severity === "error");
}
