/** Where a code comes from: AWS Reachability Analyzer's vocabulary, or this project's. */
export type CodeSource = "aws" | "ours";

/** The registered description of a path code. */
export interface PathCodeInfo {
  /** `blocks`: the path provably stops here; `cannot-prove`: the verdict is unknown for this reason. */
  readonly kind: "blocks" | "cannot-prove";
  readonly source: CodeSource;
  /** One line, for the report and the codes table. */
  readonly text: string;
  /** Why AWS behaves so: shown with the code in the report and in docs/analysis.md. */
  readonly explanation: string;
  /** What a learner does about it: shown in the report, beside the blocking component in the diagram, and in docs/analysis.md. */
  readonly fix: string;
}

/**
 * Codes of path verdicts. A `blocks` code comes with a `blocked` verdict and names the first
 * blocking component; a `cannot-prove` code comes with an `unknown` verdict and names what could
 * not be read. The AWS ones are Reachability Analyzer's; the others are ours, for what it does
 * not cover (policies, peering acceptance, instance roles, what Terraform knows only after apply).
 */
export const PATH_CODES = {
  NO_ROUTE_TO_DESTINATION: {
    kind: "blocks",
    source: "aws",
    text: "The route table has no route that sends the traffic towards its destination.",
    explanation:
      "Route tables decide by longest prefix: without a route whose destination holds the address, the traffic has nowhere to go (the local route covers the VPC's own block only).",
    fix: "Add the route: list the two VPCs in `peerings` (each side's route table then gets a route to the other's block through the connection), or for S3 add the VPC to `s3.endpointVpcs`.",
  },
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: {
    kind: "blocks",
    source: "aws",
    text: "A peering connection only delivers to addresses inside the peer VPC's own block: peering is not transitive.",
    explanation:
      "A peering connection joins exactly two VPCs; AWS drops traffic for a third VPC's addresses even when both peerings exist.",
    fix: "Peer the two VPCs directly (add the pair to `peerings`): a peering never carries traffic on to a third VPC.",
  },
  ENI_SG_RULES_MISMATCH: {
    kind: "blocks",
    source: "aws",
    text: "No security group rule allows this traffic.",
    explanation:
      "Security groups allow only what a rule names (protocol, port, source or destination); they are stateful, so a reply needs no rule of its own.",
    fix: "Allow the traffic in the named security group: ICMP echo from and to the peer's block for ping, the Instance Connect prefix list (or `sshCidrs`) for SSH, HTTPS out for S3.",
  },
  SUBNET_ACL_RESTRICTION: {
    kind: "blocks",
    source: "aws",
    text: "A network ACL of the subnet denies this traffic (ACLs are stateless: the reply needs its own rule).",
    explanation:
      "A network ACL is read in rule-number order and the first match decides; its last rule denies everything, and the reply is judged separately.",
    fix: "Allow the traffic, and its reply, in the subnet's network ACL: ACLs are stateless, so each direction needs its own rule.",
  },
  IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS: {
    kind: "blocks",
    source: "aws",
    text: "The instance has no public IP address, so nothing on the internet can reach it through the internet gateway.",
    explanation:
      "An internet gateway translates only for instances with a public address: the lab's first error (Instance Connect could not connect until an Elastic IP was attached).",
    fix: "Give the instance a public address (the lab attaches an Elastic IP), or reach it through an EC2 Instance Connect Endpoint.",
  },
  PCX_NOT_ACCEPTED: {
    kind: "blocks",
    source: "ours",
    text: "The peering connection is only requested: until the accepter accepts it, it carries no traffic.",
    explanation: "A requested peering stays pending-acceptance until its accepter accepts it; routes into it go nowhere until then.",
    fix: "Accept the peering: `auto_accept` in the same account and region, or an `aws_vpc_peering_connection_accepter`.",
  },
  NO_INTERNET_GATEWAY: {
    kind: "blocks",
    source: "ours",
    text: "The VPC has no internet gateway.",
    explanation:
      "Traffic to and from the internet (EC2 Instance Connect, S3 without an endpoint) needs an internet gateway attached to the VPC.",
    fix: "Attach an internet gateway to the VPC and route 0.0.0.0/0 to it from the subnet's route table.",
  },
  NO_PUBLIC_IP_FOR_EGRESS: {
    kind: "blocks",
    source: "ours",
    text: "The instance has no public IP address, so the internet gateway cannot carry its traffic out.",
    explanation:
      "An instance without a public address cannot use the internet gateway; it needs a NAT gateway or, for S3, a gateway endpoint.",
    fix: "Give the instance a public address (an Elastic IP), or send its traffic through a NAT gateway.",
  },
  NO_INSTANCE_ROLE: {
    kind: "blocks",
    source: "ours",
    text: "The instance has no IAM role, so its AWS CLI has no credentials.",
    explanation:
      "The AWS CLI on an instance signs with the instance profile's role; without one it has no credentials (the lab typed an access key into aws configure instead).",
    fix: "Attach an instance profile whose role allows the lab's S3 actions on the lab bucket.",
  },
  IDENTITY_POLICY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The instance role's policies deny this action, or none allows it (for SSE-KMS objects: the kms: action too).",
    explanation: "IAM allows a request only when some identity policy allows it and none denies it.",
    fix: "Allow the action on the lab bucket (and its objects) in the instance role's policy, and remove the Deny that matches.",
  },
  PERMISSIONS_BOUNDARY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The role's permissions boundary denies this action, or does not allow it: a boundary caps what the role's policies grant.",
    explanation: "A permissions boundary is a ceiling: the role gets only what both the boundary and its policies allow.",
    fix: "Allow the action in the role's permissions boundary as well: a boundary caps what the role's policies grant.",
  },
  ENDPOINT_POLICY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The VPC endpoint's policy does not allow this request.",
    explanation:
      "A VPC endpoint's policy filters every request through the endpoint, whoever makes it: the lab's endpoint-policy experiment.",
    fix: 'Let the endpoint policy allow the request (an `s3.endpointPolicy` other than "deny-all", or a statement for the lab bucket).',
  },
  BUCKET_POLICY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The bucket policy explicitly denies this request.",
    explanation:
      "An explicit Deny in the bucket policy overrides every Allow; across accounts the bucket policy must also allow the request.",
    fix: "Send the request through one of the lab's gateway endpoints (add the VPC to `s3.endpointVpcs`), or change the named bucket policy statement.",
  },
  KMS_KEY_POLICY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The bucket encrypts with a customer KMS key whose key policy denies the role, or lets neither the role nor IAM use it.",
    explanation: "Objects encrypted with a customer key need kms: permissions that the key policy grants or delegates to IAM.",
    fix: "Let the key policy allow the instance role (or delegate to IAM and allow kms: actions in the role's policy).",
  },
  NO_SUCH_TARGET: {
    kind: "blocks",
    source: "ours",
    text: "The path's source or destination does not exist in the synthesized Terraform.",
    explanation: "The intent names a VPC, instance or bucket that the synthesized Terraform does not hold.",
    fix: "Add the missing instance or bucket, or correct the VPC name in `expect`.",
  },
  POLICY_NOT_ANALYSABLE: {
    kind: "cannot-prove",
    source: "ours",
    text: "A policy on the path cannot be read here (a managed policy from outside the stack, an expression, a key outside the stack).",
    explanation: "The analysis reads only policies written in the stack; an AWS managed policy or an expression is not in the JSON.",
    fix: "Not provable offline: keep the policy inside the stack as a literal or an aws_iam_policy_document, or confirm after deploy with Reachability Analyzer.",
  },
  REFERENCE_NOT_RESOLVED: {
    kind: "cannot-prove",
    source: "ours",
    text: "The verdict depends on a value AWS assigns at apply (an id, a generated name, an address) that a rule or policy compares.",
    explanation: "Ids, generated names and addresses exist only after apply; a rule that compares one may or may not match.",
    fix: "Not provable offline: the value is assigned by AWS at apply. Use a literal (offline mode's values), or confirm after deploy.",
  },
  CONDITION_NOT_MODELLED: {
    kind: "cannot-prove",
    source: "ours",
    text: "A policy condition reads a request value this analysis does not know (source IP, time, TLS version, request headers).",
    explanation:
      "Condition keys such as aws:SourceIp or aws:CurrentTime take their value from the request, which is not known before it is made.",
    fix: "Not provable offline: the condition reads a request value unknown here. Confirm after deploy.",
  },
  PATH_NOT_MODELLED: {
    kind: "cannot-prove",
    source: "ours",
    text: "The traffic takes a way this analysis does not follow (a NAT or transit gateway, a network interface, another account).",
    explanation:
      "NAT gateways, transit gateways, network interfaces and acceptance in another account are outside what this analysis follows.",
    fix: "Not provable offline: the traffic takes a way this analysis does not follow. Confirm after deploy with Reachability Analyzer.",
  },
} as const satisfies Record<string, PathCodeInfo>;

/** A code from {@link PATH_CODES}. */
export type ExplanationCode = keyof typeof PATH_CODES;
