import { ALL_OF_IPV4 } from "../../aws/ipv4-cidr";
import { awsServiceName } from "../../aws/service-names";
import { HTTPS_PORT, LAB_S3_REQUESTS, TEST_OBJECT_KEY } from "../../model/lab-contract";
import type { AccessDecision, AccessRequest, Caller, PolicyOnPath, PolicySet } from "../iam-evaluation";
import type { IamEvaluator } from "../iam-evaluation";
import type { InstanceNode, NetworkModel } from "../network-model";
import { MANAGED_PREFIX_LISTS } from "../network-model";
import type { BucketKey, BucketTarget } from "../bucket-target";
import type { SymbolicValue } from "../symbolic-value";
import type { PolicyDocument } from "../policy-document";
import { readPolicy, unreadablePolicy } from "../policy-document";
import type { Peer, StepResult } from "../path-steps";
import { aclStep, block, cannotProve, longestPrefixRoute, noInstance, pass, runSteps, securityGroupStep, tcp } from "../path-steps";
import type { PathRule } from "../rule";
import { decidePaths } from "../rule";
import { concat, contextHole, hole, literal } from "../symbolic-value";
import { addressOf, blocksOf, stringsOf } from "../terraform-json";

const HTTPS = tcp(HTTPS_PORT, HTTPS_PORT, `HTTPS (TCP ${HTTPS_PORT})`);
// The instance is the client: Amazon Linux picks its source ports from 32768-60999
// (net.ipv4.ip_local_port_range), and the replies come back to them, to every one over time.
const EPHEMERAL = tcp(32768, 60999, "the HTTPS replies (TCP 32768-60999, Linux's ephemeral ports)");
// S3 answers on TLS 1.2 and 1.3; which one the AWS CLI gets is not fixed here.
const TLS_VERSIONS = ["1.2", "1.3"];

/** S3 from each instance to the lab's bucket: the network way out, then IAM (the intent's `s3` expectations). */
export const S3_ACCESS_PATH: PathRule = {
  type: "path",
  id: "s3-access-path",
  protocol: "s3",
  codes: [
    "NO_INSTANCE_ROLE",
    "NO_ROUTE_TO_DESTINATION",
    "NO_PUBLIC_IP_FOR_EGRESS",
    "ENI_SG_RULES_MISMATCH",
    "SUBNET_ACL_RESTRICTION",
    "IDENTITY_POLICY_DENIES",
    "PERMISSIONS_BOUNDARY_DENIES",
    "ENDPOINT_POLICY_DENIES",
    "BUCKET_POLICY_DENIES",
    "KMS_KEY_POLICY_DENIES",
    "NO_SUCH_TARGET",
    "POLICY_NOT_ANALYSABLE",
    "REFERENCE_NOT_RESOLVED",
    "CONDITION_NOT_MODELLED",
    "PATH_NOT_MODELLED",
  ],
  check: (context) => {
    const bucket = context.reading.bucket;
    let paths: S3AccessPaths | undefined;
    return decidePaths(context, "s3", (expectation) => {
      const from = context.reading.instanceOf(expectation.from);
      if (!from) return noInstance(expectation.from);
      if (!bucket) return block("aws_s3_bucket", "NO_SUCH_TARGET", "There is no lab bucket in the synthesized Terraform.");
      paths ??= new S3AccessPaths(context.reading.network, context.iam);
      return paths.path(from, bucket, `${expectation.from}'s instance`);
    });
  },
};

/** A role's identity policies and permissions boundary, as the stack defines them. */
interface RolePolicies {
  readonly role: string;
  readonly identity: PolicyOnPath[];
  readonly boundary?: PolicyOnPath;
}

/**
 * S3 access from the lab's instances to its bucket: the network way out, then IAM as AWS
 * evaluates it, by the simulator. Built once per analysis; role lookups are indexed.
 */
class S3AccessPaths {
  private readonly roles = new Map<string, RolePolicies>();

  public constructor(
    private readonly model: NetworkModel,
    private readonly iam: IamEvaluator,
  ) {
    const doc = model.doc;
    const policyOf = (holder: string, value: unknown): PolicyOnPath => ({ holder, policy: readPolicy(doc, value, holder) });
    const managed = (holder: string, arn: unknown): PolicyOnPath => {
      // A managed policy outside the stack (AWSDenyAll, AmazonS3FullAccess) cannot be read here.
      const policy = doc.get(addressOf(arn));
      return policy?.type === "aws_iam_policy"
        ? policyOf(policy.address, policy.body.policy)
        : { holder, policy: unreadablePolicy(holder) };
    };
    for (const role of doc.resources("aws_iam_role")) {
      const boundary = role.body.permissions_boundary;
      this.roles.set(role.address, {
        role: role.address,
        identity: [
          ...blocksOf(role.body.inline_policy)
            .filter((p) => p.policy !== undefined)
            .map((p) => policyOf(role.address, p.policy)),
          ...stringsOf(role.body.managed_policy_arns).map((arn) => managed(role.address, arn)),
        ],
        boundary: boundary === undefined ? undefined : managed(role.address, boundary),
      });
    }
    const attach = (roleRef: unknown, policy: PolicyOnPath) => this.roles.get(addressOf(roleRef) ?? "")?.identity.push(policy);
    for (const p of doc.resources("aws_iam_role_policy")) attach(p.body.role, policyOf(p.address, p.body.policy));
    for (const a of doc.resources("aws_iam_role_policy_attachment")) attach(a.body.role, managed(a.address, a.body.policy_arn));
    for (const a of doc.resources("aws_iam_policy_attachment"))
      for (const role of stringsOf(a.body.roles)) attach(role, managed(a.address, a.body.policy_arn));
  }

  /**
   * S3 from an instance to the lab bucket: which way the traffic leaves (a gateway endpoint on the
   * subnet's route table wins over the internet route, since its prefix-list route is more
   * specific), the network rules on that way, then IAM for each of the lab's requests: the role's
   * policies and permissions boundary, the endpoint policy, the bucket policy and, with SSE-KMS
   * under a customer key, the key policy and the role's `kms:` permissions. `aws:SourceVpce` is
   * set only when the request comes through an endpoint; `aws:SecureTransport` is true (the AWS
   * CLI uses HTTPS).
   */
  public path(instance: InstanceNode, bucket: BucketTarget, label: string): StepResult {
    const model = this.model;
    const subnet = instance.subnet;
    if (!subnet) return block(instance.address, "NO_SUCH_TARGET", `Cannot tell the subnet of ${label}.`);
    const table = model.routeTableOf(subnet);
    // A gateway endpoint reaches S3 in its own region only; to a bucket elsewhere the request goes out the internet gateway.
    const endpoint = model
      .endpointsOn(table)
      .find(
        (e) =>
          e.type === "Gateway" && (bucket.region ? e.serviceName === awsServiceName(bucket.region, "s3") : /\.s3$/.test(e.serviceName)),
      );
    const role = this.roles.get(addressOf(model.doc.get(instance.instanceProfile)?.body.role) ?? "");
    const profileWritten = model.doc.get(instance.address)?.body.iam_instance_profile !== undefined;
    // S3's addresses are many and change; an endpoint's route and a rule to S3's prefix list cover them all.
    const s3: Peer = { range: ALL_OF_IPV4, coverage: "some", prefixLists: [MANAGED_PREFIX_LISTS.s3], label: "Amazon S3" };
    // Said wherever the way out matters: from another region no gateway endpoint can serve the bucket.
    const regionNote =
      instance.region && bucket.region && instance.region !== bucket.region
        ? ` (${label} is in ${instance.region} and the bucket in ${bucket.region}: an S3 gateway endpoint serves only its own region, so the request goes over the internet)`
        : "";

    return runSteps([
      () =>
        role
          ? pass(role.role)
          : profileWritten
            ? cannotProve(
                instance.address,
                "POLICY_NOT_ANALYSABLE",
                `${label}'s instance profile (or its role) is not defined in this stack, so its policies cannot be read.`,
              )
            : block(
                instance.address,
                "NO_INSTANCE_ROLE",
                `${label} has no instance profile, so the AWS CLI on it has no credentials. (The lab typed an access key into aws configure here; attach an instance role instead.)`,
              ),
      () => {
        if (endpoint) return pass(endpoint.address);
        const choice = longestPrefixRoute(model, table, ALL_OF_IPV4, `${label} to S3`);
        if ("unknown" in choice) return choice.unknown;
        const route = choice.route;
        if (route?.target.kind === "other")
          return cannotProve(
            route.address,
            "PATH_NOT_MODELLED",
            `${label} reaches the internet through ${route.target.description}, which this analysis does not follow, so it cannot prove S3 access.`,
          );
        if (route?.target.kind !== "internet-gateway")
          return block(
            table.address,
            "NO_ROUTE_TO_DESTINATION",
            `Route table ${table.address} of ${label}'s subnet has neither an S3 gateway endpoint nor a route to an internet gateway, so S3 is out of reach.`,
          );
        if (!instance.publicAddress)
          return block(
            instance.address,
            "NO_PUBLIC_IP_FOR_EGRESS",
            `${label} would reach S3 through the internet gateway, but has no public IP address${regionNote}.`,
          );
        return pass(route.address, route.target.address);
      },
      () => securityGroupStep(model, instance.securityGroups, "egress", HTTPS, s3, label),
      () => aclStep(model.aclOf(subnet), true, HTTPS, s3, `${label}'s subnet`, "Amazon S3"),
      { reply: () => aclStep(model.aclOf(subnet), false, EPHEMERAL, s3, `${label}'s subnet`, "Amazon S3") },
      () => (role ? this.iamStep(instance, role, bucket, label, endpoint?.address, endpoint?.policy, regionNote) : pass()),
    ]);
  }

  private iamStep(
    instance: InstanceNode,
    role: RolePolicies,
    bucket: BucketTarget,
    label: string,
    endpoint: string | undefined,
    endpointPolicy: PolicyDocument | undefined,
    regionNote = "",
  ): StepResult {
    const values = this.model.values;
    const roleName = values.resolve(`\${${role.role}.name}`)!;
    const roleAccount = values.accountOf(this.model.doc.get(role.role)?.body);
    const caller: Caller = {
      arn: values.resolve(`\${${role.role}.arn}`)!,
      // An instance role's session is named after the instance id.
      session: concat(
        literal("arn:"),
        values.partition,
        literal(":sts::"),
        roleAccount,
        literal(":assumed-role/"),
        roleName,
        literal("/"),
        hole(`${instance.address}.id`),
      ),
      account: roleAccount,
    };
    // Requests go to the bucket's region.
    const region = bucket.region ? literal(bucket.region) : contextHole("the region");
    const vpc = endpoint ? this.model.endpoints.get(endpoint)?.vpc : undefined;
    const baseContext: AccessRequest["context"] = {
      "aws:securetransport": literal("true"),
      "aws:principalarn": caller.arn,
      "aws:principalaccount": caller.account,
      "aws:resourceaccount": bucket.account,
      "aws:principaltype": literal("AssumedRole"),
      "aws:requestedregion": region,
      "aws:viaawsservice": literal("false"),
      "aws:principalisawsservice": literal("false"),
      "aws:multifactorauthpresent": null,
      "aws:sourcevpce": endpoint ? values.resolve(`\${${endpoint}.id}`)! : null,
      "aws:sourcevpc": vpc ? values.resolve(`\${${vpc}.id}`)! : null,
      // Through a gateway endpoint S3 sees no public source address, only the private one.
      "aws:sourceip": endpoint ? null : hole(`the public address of ${instance.address}`),
      "aws:vpcsourceip": endpoint ? hole(`${instance.address}.private_ip`) : null,
      "s3:signatureversion": literal("AWS4-HMAC-SHA256"),
      "s3:authtype": literal("REST-HEADER"),
      "s3:resourceaccount": bucket.account,
    };
    const s3Policies: PolicySet = {
      identity: role.identity,
      boundary: role.boundary,
      endpoint: endpoint && endpointPolicy ? { holder: endpoint, policy: endpointPolicy } : undefined,
      gatewayEndpoint: true,
      resource: bucket.policy,
      resourceCode: "BUCKET_POLICY_DENIES",
    };
    let firstUnknown: StepResult | undefined;
    for (const { action, object } of LAB_S3_REQUESTS) {
      const resource = object ? concat(bucket.arn, literal(`/${TEST_OBJECT_KEY}`)) : bucket.arn;
      const request: AccessRequest = {
        caller,
        action,
        resource,
        resourceAccount: bucket.account,
        context: baseContext,
        alternatives: { "s3:tlsversion": TLS_VERSIONS },
      };
      const s3 = this.explain(this.iam.decide(request, s3Policies), action, label, endpoint, "", regionNote);
      if (s3.verdict === "blocked") return s3;
      if (s3.verdict === "unknown") firstUnknown ??= s3;
      const kmsAction = action === "s3:GetObject" ? "kms:Decrypt" : action === "s3:PutObject" ? "kms:GenerateDataKey" : undefined;
      if (!kmsAction || !bucket.key) continue;
      const kms = this.kmsStep(bucket.key, kmsAction, caller, role, region, action, label);
      if (kms.verdict === "blocked") return kms;
      if (kms.verdict === "unknown") firstUnknown ??= kms;
    }
    const hops = [role.identity[0]?.holder, endpoint && endpointPolicy ? endpoint : undefined, bucket.policy?.holder].filter(
      (h): h is string => h !== undefined,
    );
    return firstUnknown ?? pass(...new Set(hops));
  }

  private kmsStep(
    key: BucketKey,
    action: string,
    caller: Caller,
    role: RolePolicies,
    region: SymbolicValue,
    s3Action: string,
    label: string,
  ): StepResult {
    if (!key.policy)
      return cannotProve(
        key.outside ?? "the bucket's KMS key",
        "POLICY_NOT_ANALYSABLE",
        `The bucket encrypts with KMS key ${key.outside}, which is outside the stack: its key policy cannot be read, so ${s3Action} by ${label} (which needs ${action}) cannot be proven.`,
      );
    const request: AccessRequest = {
      caller,
      action,
      resource: key.arn,
      resourceAccount: key.account,
      context: {
        "aws:principalarn": caller.arn,
        "aws:principalaccount": caller.account,
        "aws:resourceaccount": key.account,
        "aws:viaawsservice": literal("true"),
        "aws:sourcevpce": null,
        "aws:sourcevpc": null,
        "kms:viaservice": concat(literal("s3."), region, literal(".amazonaws.com")),
        "kms:calleraccount": caller.account,
      },
    };
    const decision = this.iam.decide(request, {
      identity: role.identity,
      boundary: role.boundary,
      resource: key.policy,
      resourceCode: "KMS_KEY_POLICY_DENIES",
      resourceMustAllow: true,
    });
    return this.explain(
      decision,
      action,
      label,
      undefined,
      ` (S3 calls it for ${s3Action}: the bucket encrypts with the customer key ${key.address})`,
    );
  }

  private explain(
    decision: AccessDecision,
    action: string,
    label: string,
    endpoint: string | undefined,
    note = "",
    regionNote = "",
  ): StepResult {
    if (decision.verdict === "reachable") return pass();
    const { holder, code, sid, explicit } = decision.block;
    const statement = sid ? `statement ${sid}` : "a statement without a sid";
    if (decision.verdict === "unknown") {
      const why =
        code === "POLICY_NOT_ANALYSABLE"
          ? `a policy on the way (${holder}) cannot be read here (a managed policy from outside the stack, or an expression rather than a policy document)`
          : code === "CONDITION_NOT_MODELLED"
            ? `a condition in ${holder} reads a request value this analysis does not know`
            : `${holder} compares a value that is known only after apply`;
      return cannotProve(holder, code, `Cannot prove ${action} by ${label}${note}: ${why}.`);
    }
    switch (code) {
      case "BUCKET_POLICY_DENIES": {
        const how = endpoint
          ? `: the request comes through ${endpoint}, which is not one of the endpoints the policy accepts`
          : ": the request comes over the internet rather than through one of the lab's S3 gateway endpoints";
        if (!explicit)
          return block(
            holder,
            code,
            `The bucket policy (${holder}) does not allow ${action} to ${label}, whose role is in another account: across accounts the bucket policy must allow the request as well as the role's own policy.`,
          );
        return block(holder, code, `Bucket policy ${statement} (${holder}) denies ${action} to ${label}${how}${regionNote}.`);
      }
      case "ENDPOINT_POLICY_DENIES":
        return block(
          holder,
          code,
          `The policy of endpoint ${holder} stops ${action} from ${label}: ${explicit ? `${statement} denies it` : "no statement allows it"}.`,
        );
      case "PERMISSIONS_BOUNDARY_DENIES":
        return block(
          holder,
          code,
          `The permissions boundary of ${label}'s role (${holder}) ${explicit ? `denies ${action} (${statement})` : `does not allow ${action}`}${note}.`,
        );
      case "KMS_KEY_POLICY_DENIES":
        return block(
          holder,
          code,
          `The key policy (${holder}) ${explicit ? `denies ${action} (${statement})` : `lets neither the role nor IAM policies use the key for ${action}`}${note}.`,
        );
      default:
        return block(
          holder,
          code,
          `The role of ${label} ${explicit ? `denies ${action} (${statement} of ${holder})` : `does not allow ${action} (${holder})`}${note}.`,
        );
    }
  }
}
