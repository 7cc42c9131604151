/**
 * Explanation codes of failed paths. The first group is AWS Reachability Analyzer's vocabulary;
 * the second is ours, for what Reachability Analyzer does not cover (policies, peering
 * acceptance, instance roles).
 */
export const EXPLANATION_CODES = {
  NO_ROUTE_TO_DESTINATION: "The route table has no route that sends the traffic towards its destination.",
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR:
    "A peering connection only delivers to addresses inside the peer VPC's own block: peering is not transitive.",
  ENI_SG_RULES_MISMATCH: "No security group rule allows this traffic.",
  SUBNET_ACL_RESTRICTION: "A network ACL of the subnet denies this traffic (ACLs are stateless: the reply needs its own rule).",
  IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS:
    "The instance has no public IP address, so nothing on the internet can reach it through the internet gateway.",
  // Our own codes:
  PCX_NOT_ACCEPTED: "The peering connection is only requested: until the accepter accepts it, it carries no traffic.",
  NO_INTERNET_GATEWAY: "The VPC has no internet gateway.",
  NO_PUBLIC_IP_FOR_EGRESS: "The instance has no public IP address, so the internet gateway cannot carry its traffic out.",
  NO_INSTANCE_ROLE: "The instance has no IAM role, so its AWS CLI has no credentials.",
  IDENTITY_POLICY_DENIES: "The instance role's policies do not allow this action.",
  ENDPOINT_POLICY_DENIES: "The VPC endpoint's policy does not allow this request.",
  BUCKET_POLICY_DENIES: "The bucket policy explicitly denies this request.",
  POLICY_NOT_ANALYSABLE: "A policy on the path cannot be read here, so the analysis cannot prove the request is allowed.",
  PATH_NOT_MODELLED: "The traffic takes a way this analysis does not follow (a NAT gateway, a transit gateway, ...).",
  NO_SUCH_TARGET: "The path's source or destination does not exist in the synthesized Terraform.",
} as const;

/** A code from {@link EXPLANATION_CODES}. */
export type ExplanationCode = keyof typeof EXPLANATION_CODES;
