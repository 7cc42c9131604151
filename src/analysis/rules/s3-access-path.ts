import type { InstanceNode, NetworkModel } from "../network-model";
import type { PolicyDocument, PolicyRequest } from "../policy-document";
import { evaluatePolicy, readPolicy, unreadablePolicy } from "../policy-document";
import type { StepResult } from "../path-steps";
import { aclStep, block, INTERNET, longestPrefixRoute, pass, securityGroupStep, tcp } from "../path-steps";
import { addressOf } from "../terraform-json";
import { runSteps } from "./ping-path";

const HTTPS = tcp(443, 443, "HTTPS (TCP 443)");
// The instance is the client: Amazon Linux picks its source ports from 32768-60999
// (net.ipv4.ip_local_port_range), and the replies come back to them.
const EPHEMERAL = tcp(32768, 60999, "the HTTPS replies (TCP 32768-60999, Linux's ephemeral ports)");

/** What the lab does with the bucket: list it, read and write an object (the lab's commands). */
const LAB_ACTIONS = [
  { action: "s3:ListBucket", object: false },
  { action: "s3:GetObject", object: true },
  { action: "s3:PutObject", object: true },
] as const;

/** The bucket a path ends at. */
export interface BucketTarget {
  readonly address: string;
  /** Its ARN as Terraform will know it: `${aws_s3_bucket.lab.arn}`. */
  readonly arn: string;
  readonly policy?: PolicyDocument;
  /** The resource that attaches the policy (`aws_s3_bucket_policy.lab`). */
  readonly policyAttachment?: string;
}

/** The lab bucket of a document (its only aws_s3_bucket, or the one named `lab`), with its policy. */
export function labBucket(model: NetworkModel): BucketTarget | undefined {
  const buckets = model.doc.resources("aws_s3_bucket");
  const bucket = buckets.find((b) => b.name === "lab") ?? (buckets.length === 1 ? buckets[0] : undefined);
  if (!bucket) return undefined;
  const policyBlock = model.doc.resources("aws_s3_bucket_policy").find((p) => addressOf(p.body.bucket) === bucket.address);
  return {
    address: bucket.address,
    arn: `\${${bucket.address}.arn}`,
    policy: policyBlock ? readPolicy(model.doc, policyBlock.body.policy, policyBlock.address) : undefined,
    policyAttachment: policyBlock?.address,
  };
}

/** The instance's role (address) and its permission policies. */
function instanceRole(model: NetworkModel, instance: InstanceNode): { role: string; policies: PolicyDocument[] } | undefined {
  const profile = model.doc.get(instance.instanceProfile);
  const role = addressOf(profile?.body.role);
  if (!role) return undefined;
  const policies = model.doc
    .resources("aws_iam_role_policy")
    .filter((p) => addressOf(p.body.role) === role)
    .map((p) => readPolicy(model.doc, p.body.policy, p.address));
  const attached = model.doc
    .resources("aws_iam_role_policy_attachment")
    .filter((a) => addressOf(a.body.role) === role)
    .map((a) => {
      // A managed policy outside the stack (e.g. AmazonS3FullAccess) cannot be read here.
      const policy = model.doc.get(addressOf(a.body.policy_arn));
      return policy ? readPolicy(model.doc, policy.body.policy, policy.address) : unreadablePolicy(a.address);
    });
  return { role, policies: [...policies, ...attached] };
}

/**
 * S3 from an instance to the lab bucket: which way the traffic leaves (a gateway endpoint on the
 * subnet's route table wins over the internet route, since its prefix-list route is more
 * specific), the network rules on that way, then IAM as AWS evaluates it: the instance role must
 * allow, the endpoint policy must allow, and the bucket policy must not deny (same account: the
 * bucket policy need not allow), with `aws:SourceVpce` set only when the request came through an
 * endpoint and `aws:SecureTransport` true (the AWS CLI uses HTTPS).
 */
export function s3AccessPath(model: NetworkModel, instance: InstanceNode, bucket: BucketTarget, label: string): StepResult {
  const subnet = instance.subnet;
  if (!subnet) return block(instance.address, "NO_SUCH_TARGET", `Cannot tell the subnet of ${label}.`);
  const table = model.routeTableOf(subnet);
  const endpoint = [...model.endpoints.values()].find(
    (e) => e.type === "Gateway" && /\.s3$/.test(e.serviceName) && model.endpointServes(e, table),
  );
  const role = instanceRole(model, instance);
  const principalArn = role ? `\${${role.role}.arn}` : "";
  const request = (action: string, object: boolean): PolicyRequest => ({
    action,
    resource: object ? `${bucket.arn}/test.txt` : bucket.arn,
    principalArn,
    // Through a gateway endpoint S3 sees the endpoint and its VPC; from the internet, neither.
    context: {
      "aws:SecureTransport": "true",
      ...(endpoint
        ? { "aws:SourceVpce": `\${${endpoint.address}.id}`, "aws:SourceVpc": endpoint.vpc ? `\${${endpoint.vpc}.id}` : undefined }
        : {}),
    },
  });
  // Through an endpoint, traffic goes to S3's prefix list; through the internet gateway, to S3's public addresses.
  const s3Peer = { range: INTERNET, prefixLists: endpoint ? [`\${${endpoint.address}.prefix_list_id}`] : [], label: "Amazon S3" };

  return runSteps([
    () =>
      role
        ? pass(role.role)
        : block(
            instance.address,
            "NO_INSTANCE_ROLE",
            `${label} has no instance profile, so the AWS CLI on it has no credentials. (The lab typed an access key into aws configure here; attach an instance role instead.)`,
          ),
    () => {
      const policies = role!.policies;
      for (const { action, object } of LAB_ACTIONS) {
        const decisions = policies.map((policy) => evaluatePolicy(policy, request(action, object)));
        const denied = decisions.find((d) => d.decision === "explicit-deny");
        if (!denied && decisions.some((d) => d.decision === "allow")) continue;
        const unreadable = policies.find((policy) => policy.unreadable);
        if (!denied && unreadable) return notAnalysable(unreadable.address, `a policy of ${label}'s role (${role!.role})`);
        return block(
          policies[0]?.address ?? role!.role,
          "IDENTITY_POLICY_DENIES",
          `The role of ${label} (${role!.role}) ${denied ? `denies ${action} (statement ${denied.statement?.sid ?? "without sid"})` : `does not allow ${action}`} on ${object ? "the bucket's objects" : "the bucket"}.`,
        );
      }
      return pass();
    },
    () => {
      if (endpoint) return pass(endpoint.address);
      const route = longestPrefixRoute(model, table, INTERNET);
      if (route?.target.kind === "other")
        return block(
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
          `${label} would reach S3 through the internet gateway, but has no public IP address.`,
        );
      return pass(route.address, route.target.address);
    },
    () => securityGroupStep(model, instance.securityGroups, "egress", HTTPS, s3Peer, label),
    () => aclStep(model.aclOf(subnet), true, HTTPS, INTERNET, `${label}'s subnet`, "Amazon S3"),
    () => aclStep(model.aclOf(subnet), false, EPHEMERAL, INTERNET, `${label}'s subnet`, "Amazon S3"),
    () => {
      if (!endpoint?.policy) return pass();
      if (endpoint.policy.unreadable) return notAnalysable(endpoint.policy.address, `the policy of ${endpoint.address}`);
      for (const { action, object } of LAB_ACTIONS) {
        const decision = evaluatePolicy(endpoint.policy, request(action, object));
        if (decision.decision !== "allow") {
          const why =
            decision.decision === "explicit-deny"
              ? `statement ${decision.statement?.sid ?? "(no sid)"} denies it`
              : "no statement allows it";
          return block(
            endpoint.address,
            "ENDPOINT_POLICY_DENIES",
            `The policy of endpoint ${endpoint.address} stops ${action} from ${label}: ${why}.`,
          );
        }
      }
      return pass(endpoint.policy.address);
    },
    () => {
      if (!bucket.policy) return pass();
      if (bucket.policy.unreadable) return notAnalysable(bucket.policy.address, `the bucket policy of ${bucket.address}`);
      for (const { action, object } of LAB_ACTIONS) {
        const decision = evaluatePolicy(bucket.policy, request(action, object));
        if (decision.decision === "explicit-deny") {
          const statement = decision.statement;
          const sid = statement?.sid ?? "(no sid)";
          const onEndpoint = statement?.conditions.some((c) => /^aws:SourceVpc/i.test(c.variable));
          const how = !onEndpoint
            ? ""
            : endpoint
              ? `: the request comes through ${endpoint.address}, which is not one of the endpoints the policy accepts`
              : ": the request comes over the internet rather than through one of the lab's S3 gateway endpoints";
          return block(
            bucket.policyAttachment ?? bucket.policy.address,
            "BUCKET_POLICY_DENIES",
            `Bucket policy statement ${sid} (${bucket.policy.address}) denies ${action} to ${label}${how}.`,
          );
        }
      }
      return pass(bucket.policy.address);
    },
  ]);
}

function notAnalysable(component: string, what: string): StepResult {
  return block(
    component,
    "POLICY_NOT_ANALYSABLE",
    `Cannot read ${what} (a managed policy outside the stack, or an expression rather than a policy document), so the analysis cannot prove the request is allowed.`,
  );
}
