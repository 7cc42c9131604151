/**
 * What a learner does about each path code, shown beside the blocking component in the diagram.
 * Keyed by the codes of src/analysis/explanation-codes.ts (a test checks that every code has one).
 */
export const BLOCKER_FIXES: Readonly<Record<string, string>> = {
  NO_ROUTE_TO_DESTINATION:
    "Add the route: list the two VPCs in `peerings` (each side's route table then gets a route to the other's block through the connection), or for S3 add the VPC to `s3.endpointVpcs`.",
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR:
    "Peer the two VPCs directly (add the pair to `peerings`): a peering never carries traffic on to a third VPC.",
  ENI_SG_RULES_MISMATCH:
    "Allow the traffic in the named security group: ICMP echo from and to the peer's block for ping, the Instance Connect prefix list (or `sshCidrs`) for SSH, HTTPS out for S3.",
  SUBNET_ACL_RESTRICTION:
    "Allow the traffic, and its reply, in the subnet's network ACL: ACLs are stateless, so each direction needs its own rule.",
  IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS:
    "Give the instance a public address (the lab attaches an Elastic IP), or reach it through an EC2 Instance Connect Endpoint.",
  PCX_NOT_ACCEPTED: "Accept the peering: `auto_accept` in the same account and region, or an `aws_vpc_peering_connection_accepter`.",
  NO_INTERNET_GATEWAY: "Attach an internet gateway to the VPC and route 0.0.0.0/0 to it from the subnet's route table.",
  NO_PUBLIC_IP_FOR_EGRESS: "Give the instance a public address (an Elastic IP), or send its traffic through a NAT gateway.",
  NO_INSTANCE_ROLE: "Attach an instance profile whose role allows the lab's S3 actions on the lab bucket.",
  IDENTITY_POLICY_DENIES:
    "Allow the action on the lab bucket (and its objects) in the instance role's policy, and remove the Deny that matches.",
  PERMISSIONS_BOUNDARY_DENIES:
    "Allow the action in the role's permissions boundary as well: a boundary caps what the role's policies grant.",
  ENDPOINT_POLICY_DENIES:
    'Let the endpoint policy allow the request (an `s3.endpointPolicy` other than "deny-all", or a statement for the lab bucket).',
  BUCKET_POLICY_DENIES:
    "Send the request through one of the lab's gateway endpoints (add the VPC to `s3.endpointVpcs`), or change the named bucket policy statement.",
  KMS_KEY_POLICY_DENIES: "Let the key policy allow the instance role (or delegate to IAM and allow kms: actions in the role's policy).",
  NO_SUCH_TARGET: "Add the missing instance or bucket, or correct the VPC name in `expect`.",
  POLICY_NOT_ANALYSABLE:
    "Not provable offline: keep the policy inside the stack as a literal or an aws_iam_policy_document, or confirm after deploy with Reachability Analyzer.",
  REFERENCE_NOT_RESOLVED:
    "Not provable offline: the value is assigned by AWS at apply. Use a literal (offline mode's values), or confirm after deploy.",
  CONDITION_NOT_MODELLED: "Not provable offline: the condition reads a request value unknown here. Confirm after deploy.",
  PATH_NOT_MODELLED:
    "Not provable offline: the traffic takes a way this analysis does not follow. Confirm after deploy with Reachability Analyzer.",
};

/** The fix for a code, or a pointer to the explanation for a code without one. */
export function fixFor(code: string): string {
  return BLOCKER_FIXES[code] ?? "See the explanation: it names the component and what it lacks.";
}
