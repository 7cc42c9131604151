import type { LabConfig } from "../config/schema";
import { resolveLab } from "../config/resolve-lab";
import { TERRAFORM_PRINCIPAL_REFERENCE } from "../model/lab-contract";
import type { LabModel } from "../model/lab-model";

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

/** {@link intentOf} a validated configuration (resolved with `resolveLab`). */
export function intentFromConfig(config: LabConfig): LabIntent {
  return intentOf(resolveLab(config));
}

/**
 * What a lab is meant to do, from its model: instances in peered VPCs ping each other and no
 * others (peering is not transitive, and works across regions and accounts alike); every instance
 * is reachable by Instance Connect (through its VPC's endpoint in `"endpoint"` mode); instances in
 * the endpoint VPCs reach the bucket through their endpoint unless the endpoint policy is
 * "deny-all" (another account's role because the bucket policy grants it), and the others are
 * denied by the bucket policy, those in another region than the bucket's always (a gateway
 * endpoint serves only its own region). The lab's `expect` adds to or overrides these.
 *
 * The facts the analysis needs to read the JSON (prefix list ids, account ids per context, the
 * principals) come from the same model the stack was built from, context by context.
 */
export function intentOf(lab: LabModel): LabIntent {
  const vpcs = [...lab.vpcs.values()];
  const withInstance = vpcs.filter((vpc) => vpc.instance !== null);
  const expectations: PathExpectation[] = [];
  for (const from of withInstance) {
    for (const to of withInstance) {
      if (from === to) continue;
      expectations.push(
        from.peers.includes(to.name)
          ? { protocol: "icmp", from: from.name, to: to.name, reachable: true, reason: "peered VPCs ping each other" }
          : {
              protocol: "icmp",
              from: from.name,
              to: to.name,
              reachable: false,
              reason: "not peered with each other (peering is not transitive)",
            },
      );
    }
  }
  const endpointMode = lab.instanceConnect.mode === "endpoint";
  for (const to of withInstance)
    expectations.push({
      protocol: "ssh",
      from: "instance-connect",
      to: to.name,
      reachable: true,
      reason: endpointMode
        ? "every instance is reachable through its VPC's EC2 Instance Connect Endpoint (it has no public address)"
        : "every instance is reachable with EC2 Instance Connect",
    });
  const { bucket } = lab;
  if (bucket !== null) {
    const bucketRegion = bucket.context.region;
    for (const vpc of withInstance) {
      const hasEndpoint = bucket.endpointVpcs.includes(vpc.name);
      const reachable = hasEndpoint && bucket.endpointPolicy !== "deny-all";
      const region = vpc.context.region;
      const otherAccount = vpc.context.account?.name;
      const reason =
        region !== bucketRegion
          ? `in ${region}, not the bucket's region ${bucketRegion}: an S3 gateway endpoint reaches only buckets of its own region, and ${endpointMode ? "without a public address the instance has no way to the internet" : "over the internet the endpoint-only bucket policy denies it"}`
          : !hasEndpoint
            ? "not in s3.endpointVpcs: the bucket policy denies access from outside the lab's endpoints"
            : !reachable
              ? 'endpointPolicy "deny-all" denies it (the lab\'s experiment)'
              : otherAccount !== undefined
                ? `reaches the bucket through its gateway endpoint; its role is in account ${otherAccount}, so the bucket policy grants it the lab's actions`
                : "reaches the bucket through its gateway endpoint";
      expectations.push({ protocol: "s3", from: vpc.name, to: "s3", reachable, reason });
    }
  }
  for (const extra of lab.expectations) {
    const index = expectations.findIndex((e) => e.protocol === extra.protocol && e.from === extra.from && e.to === extra.to);
    const expectation = { ...extra, reason: "stated in expect" };
    if (index >= 0) expectations[index] = expectation;
    else expectations.push(expectation);
  }
  const contexts = [lab.home, ...lab.contexts.values()];
  return {
    stack: lab.name,
    expectations,
    // Every context's own prefix list: a VPC in another region allows SSH from that region's list.
    instanceConnectPrefixListIds: [
      ...new Set(contexts.flatMap((context) => (context.offline === null ? [] : [context.offline.instanceConnectPrefixListId]))),
    ],
    ...(lab.home.accountId === undefined ? {} : { accountId: lab.home.accountId }),
    ...(bucket === null
      ? {}
      : {
          bucketOperators: {
            terraformPrincipalArn:
              bucket.principals.terraform.source === "offline" ? bucket.principals.terraform.arn : TERRAFORM_PRINCIPAL_REFERENCE,
            adminPrincipalArns: bucket.principals.admins,
          },
        }),
    strict: lab.strict,
    // Keyed by provider aliases, which hold account names: an object without a prototype, so an
    // account named `constructor` is a key like any other.
    contexts: Object.assign(
      Object.create(null) as Record<string, { readonly region: string; readonly accountId?: string }>,
      Object.fromEntries(
        [...lab.contexts].map(([alias, context]) => [
          alias,
          { region: context.region, ...(context.accountId === undefined ? {} : { accountId: context.accountId }) },
        ]),
      ),
    ),
  };
}
