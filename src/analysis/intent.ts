import type { LabConfig } from "../config";
import { labContexts } from "../config/contexts";
import { defaultOfflineTerraformPrincipalArn, TERRAFORM_PRINCIPAL_REFERENCE } from "../model/lab-contract";

/** Protocols the analysis checks. */
export type PathProtocol = "icmp" | "ssh" | "s3";

/** One expected path: `icmp vpc1 -> vpc2`, `ssh instance-connect -> vpc1`, `s3 vpc1 -> s3`. */
export interface PathExpectation {
  readonly protocol: PathProtocol;
  /** A VPC name (its instance), or "instance-connect" for ssh. */
  readonly from: string;
  /** A VPC name (its instance), or "s3" for the lab bucket. */
  readonly to: string;
  readonly reachable: boolean;
  /** Why this is expected, for the report. */
  readonly reason: string;
}

/** What the lab is meant to do, written beside each synthesized stack as `lab-intent.json`. */
export interface LabIntent {
  readonly stack: string;
  readonly expectations: readonly PathExpectation[];
  /** Prefix list ids that stand for EC2 Instance Connect (offline mode gives literal ids). */
  readonly instanceConnectPrefixListIds: readonly string[];
  /** The account id when known at synth (offline mode); absent online. */
  readonly accountId?: string;
  /**
   * Who must keep access to the bucket from outside the endpoints (the lockout rule): the role
   * ARN that runs Terraform (literal offline, the session context's issuer online) and the admins.
   */
  readonly bucketOperators?: { readonly terraformPrincipalArn: string; readonly adminPrincipalArns: readonly string[] };
  /** Unknown verdicts fail the check (`analysis.strict` in the configuration). */
  readonly strict?: boolean;
  /** The regions and accounts of the provider aliases (VPCs in other regions and accounts), by alias. */
  readonly contexts?: Readonly<Record<string, { readonly region: string; readonly accountId?: string }>>;
}

/** File name of the intent beside `cdk.tf.json`. */
export const INTENT_FILE = "lab-intent.json";

/**
 * Intent from configuration: instances in peered VPCs ping each other and no others (peering is
 * not transitive, and works across regions and accounts alike); every instance is reachable by
 * Instance Connect (through its VPC's endpoint in `"endpoint"` mode); instances in `endpointVpcs`
 * reach the bucket through their endpoint unless the endpoint policy is "deny-all" (another
 * account's role because the bucket policy grants it), and the others are denied by the bucket
 * policy, those in another region than the bucket's always (a gateway endpoint serves only its own
 * region). `config.expect` adds to or overrides these.
 */
export function intentFromConfig(config: LabConfig): LabIntent {
  const withInstance = config.vpcs.filter((vpc) => vpc.instance !== false).map((vpc) => vpc.name);
  const peered = (a: string, b: string) =>
    config.peerings.some((p) => (p.requester === a && p.accepter === b) || (p.requester === b && p.accepter === a));
  const expectations: PathExpectation[] = [];
  for (const from of withInstance) {
    for (const to of withInstance) {
      if (from === to) continue;
      expectations.push(
        peered(from, to)
          ? { protocol: "icmp", from, to, reachable: true, reason: "peered VPCs ping each other" }
          : { protocol: "icmp", from, to, reachable: false, reason: "not peered with each other (peering is not transitive)" },
      );
    }
  }
  for (const to of withInstance)
    expectations.push({
      protocol: "ssh",
      from: "instance-connect",
      to,
      reachable: true,
      reason:
        config.instanceConnect === "endpoint"
          ? "every instance is reachable through its VPC's EC2 Instance Connect Endpoint (it has no public address)"
          : "every instance is reachable with EC2 Instance Connect",
    });
  if (config.s3 !== false) {
    const s3 = config.s3;
    const endpointVpcs = s3.endpointVpcs === "all" ? config.vpcs.map((vpc) => vpc.name) : s3.endpointVpcs;
    const vpcNamed = new Map(config.vpcs.map((vpc) => [vpc.name, vpc]));
    for (const from of withInstance) {
      const vpc = vpcNamed.get(from);
      const hasEndpoint = endpointVpcs.includes(from);
      const reachable = hasEndpoint && s3.endpointPolicy !== "deny-all";
      const otherRegion = vpc !== undefined && vpc.region !== config.region;
      const otherAccount = vpc?.account;
      const reason = otherRegion
        ? `in ${vpc.region}, not the bucket's region ${config.region}: an S3 gateway endpoint reaches only buckets of its own region, and ${config.instanceConnect === "endpoint" ? "without a public address the instance has no way to the internet" : "over the internet the endpoint-only bucket policy denies it"}`
        : !hasEndpoint
          ? "not in s3.endpointVpcs: the bucket policy denies access from outside the lab's endpoints"
          : !reachable
            ? 'endpointPolicy "deny-all" denies it (the lab\'s experiment)'
            : otherAccount !== undefined
              ? `reaches the bucket through its gateway endpoint; its role is in account ${otherAccount}, so the bucket policy grants it the lab's actions`
              : "reaches the bucket through its gateway endpoint";
      expectations.push({ protocol: "s3", from, to: "s3", reachable, reason });
    }
  }
  for (const extra of config.expect) {
    const index = expectations.findIndex((e) => e.protocol === extra.protocol && e.from === extra.from && e.to === extra.to);
    const expectation = { ...extra, reason: "stated in expect" };
    if (index >= 0) expectations[index] = expectation;
    else expectations.push(expectation);
  }
  // Read defensively: the field belongs to the configuration schema, which may not have it yet.
  const analysis = (config as { readonly analysis?: { readonly strict?: unknown } }).analysis;
  return {
    stack: config.name,
    expectations,
    instanceConnectPrefixListIds: config.offline ? [config.offlineValues.instanceConnectPrefixListId] : [],
    ...(config.offline ? { accountId: config.offlineValues.accountId } : {}),
    ...(config.s3 === false
      ? {}
      : {
          bucketOperators: {
            terraformPrincipalArn: config.offline
              ? (config.offlineValues.terraformPrincipalArn ?? defaultOfflineTerraformPrincipalArn(config.offlineValues.accountId))
              : TERRAFORM_PRINCIPAL_REFERENCE,
            adminPrincipalArns: config.s3.adminPrincipalArns,
          },
        }),
    strict: analysis?.strict === true,
    contexts: Object.fromEntries(
      [...labContexts(config)].map(([alias, context]) => [
        alias,
        { region: context.region, ...(context.accountId === undefined ? {} : { accountId: context.accountId }) },
      ]),
    ),
  };
}
