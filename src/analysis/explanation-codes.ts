/** Where a code comes from: AWS Reachability Analyzer's vocabulary, or this project's. */
export type CodeSource = "aws" | "ours";

/** The registered description of a path code. */
export interface PathCodeInfo {
  /** `blocks`: the path provably stops here; `cannot-prove`: the verdict is unknown for this reason. */
  readonly kind: "blocks" | "cannot-prove";
  readonly source: CodeSource;
  /** One line, for the report and the README table. */
  readonly text: string;
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
  },
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: {
    kind: "blocks",
    source: "aws",
    text: "A peering connection only delivers to addresses inside the peer VPC's own block: peering is not transitive.",
  },
  ENI_SG_RULES_MISMATCH: { kind: "blocks", source: "aws", text: "No security group rule allows this traffic." },
  SUBNET_ACL_RESTRICTION: {
    kind: "blocks",
    source: "aws",
    text: "A network ACL of the subnet denies this traffic (ACLs are stateless: the reply needs its own rule).",
  },
  IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS: {
    kind: "blocks",
    source: "aws",
    text: "The instance has no public IP address, so nothing on the internet can reach it through the internet gateway.",
  },
  PCX_NOT_ACCEPTED: {
    kind: "blocks",
    source: "ours",
    text: "The peering connection is only requested: until the accepter accepts it, it carries no traffic.",
  },
  NO_INTERNET_GATEWAY: { kind: "blocks", source: "ours", text: "The VPC has no internet gateway." },
  NO_PUBLIC_IP_FOR_EGRESS: {
    kind: "blocks",
    source: "ours",
    text: "The instance has no public IP address, so the internet gateway cannot carry its traffic out.",
  },
  NO_INSTANCE_ROLE: { kind: "blocks", source: "ours", text: "The instance has no IAM role, so its AWS CLI has no credentials." },
  IDENTITY_POLICY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The instance role's policies deny this action, or none allows it (for SSE-KMS objects: the kms: action too).",
  },
  PERMISSIONS_BOUNDARY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The role's permissions boundary denies this action, or does not allow it: a boundary caps what the role's policies grant.",
  },
  ENDPOINT_POLICY_DENIES: { kind: "blocks", source: "ours", text: "The VPC endpoint's policy does not allow this request." },
  BUCKET_POLICY_DENIES: { kind: "blocks", source: "ours", text: "The bucket policy explicitly denies this request." },
  KMS_KEY_POLICY_DENIES: {
    kind: "blocks",
    source: "ours",
    text: "The bucket encrypts with a customer KMS key whose key policy denies the role, or lets neither the role nor IAM use it.",
  },
  NO_SUCH_TARGET: { kind: "blocks", source: "ours", text: "The path's source or destination does not exist in the synthesized Terraform." },
  POLICY_NOT_ANALYSABLE: {
    kind: "cannot-prove",
    source: "ours",
    text: "A policy on the path cannot be read here (a managed policy from outside the stack, an expression, a key outside the stack).",
  },
  REFERENCE_NOT_RESOLVED: {
    kind: "cannot-prove",
    source: "ours",
    text: "The verdict depends on a value AWS assigns at apply (an id, a generated name, an address) that a rule or policy compares.",
  },
  CONDITION_NOT_MODELLED: {
    kind: "cannot-prove",
    source: "ours",
    text: "A policy condition reads a request value this analysis does not know (source IP, time, TLS version, request headers).",
  },
  PATH_NOT_MODELLED: {
    kind: "cannot-prove",
    source: "ours",
    text: "The traffic takes a way this analysis does not follow (a NAT or transit gateway, a network interface, another account).",
  },
} as const satisfies Record<string, PathCodeInfo>;

/** A code from {@link PATH_CODES}. */
export type ExplanationCode = keyof typeof PATH_CODES;
