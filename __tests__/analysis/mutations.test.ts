import type { Verdict } from "../../src/analysis/path-steps";
import type { AnalysisFixture } from "../../test-support/lab-analysis";
import { analyze, labFixture, policyJson, setResource, verdict } from "../../test-support/lab-analysis";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { vpcConfig } from "../../test-support/synth-lab";

/**
 * Mutations of synthesized labs, each judged against AWS's documented behaviour (cited above each
 * row). A row names the path, the verdict, and for blocked and unknown verdicts the component and
 * code; a finding row names the finding's code and component. No row may give a wrong definite
 * verdict: where AWS's answer depends on what is known only after apply, the verdict is unknown.
 */
interface Mutation {
  readonly name: string;
  readonly config?: Record<string, unknown>;
  readonly mutate?: (f: AnalysisFixture) => void;
  readonly path?: readonly [string, string, string];
  readonly expected: { readonly verdict?: Verdict; readonly component?: string; readonly code?: string; readonly finding?: string };
}

const ACCOUNT = "123456789012";
const BUCKET = "${aws_s3_bucket.lab.arn}";
const chain = {
  vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3)],
  peerings: [
    { requester: "vpc1", accepter: "vpc2" },
    { requester: "vpc2", accepter: "vpc3" },
  ],
};
const allowAll = { rule_no: 200, action: "allow", protocol: "-1", cidr_block: "0.0.0.0/0", from_port: 0, to_port: 0 };
const acl = (f: AnalysisFixture, vpc: string, ingress: unknown[], egress: unknown[] = [allowAll]) =>
  setResource(f, "aws_network_acl", `${vpc}_public`, {
    vpc_id: `\${aws_vpc.${vpc}.id}`,
    subnet_ids: [`\${aws_subnet.${vpc}_public.id}`],
    ingress,
    egress,
  });
const ingress = (f: AnalysisFixture) => f.json.resource.aws_vpc_security_group_ingress_rule!;
const egress = (f: AnalysisFixture) => f.json.resource.aws_vpc_security_group_egress_rule!;
const bucketPolicy = (f: AnalysisFixture, ...statements: Record<string, unknown>[]) => {
  f.json.resource.aws_s3_bucket_policy!.lab!.policy = policyJson(...statements);
};
const endpointPolicy = (f: AnalysisFixture, vpc: string, ...statements: Record<string, unknown>[]) => {
  f.json.resource.aws_vpc_endpoint![`${vpc}_s3`]!.policy = policyJson(...statements);
};
const rolePolicy = (f: AnalysisFixture, vpc: string, ...statements: Record<string, unknown>[]) => {
  f.json.resource.aws_iam_role_policy![`${vpc}_instance_s3`]!.policy = policyJson(...statements);
};
const denyAll = (extra: Record<string, unknown> = {}) => ({
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [BUCKET, `${BUCKET}/*`],
  ...extra,
});
const labAccess = [
  { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET },
  { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${BUCKET}/*` },
];
const kmsBucket = (f: AnalysisFixture, keyPolicy?: string) => {
  setResource(f, "aws_kms_key", "lab", keyPolicy === undefined ? { description: "lab" } : { description: "lab", policy: keyPolicy });
  f.json.resource.aws_s3_bucket_server_side_encryption_configuration!.lab!.rule = [
    { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.lab.arn}" } },
  ];
};
const s3Data = (f: AnalysisFixture) => {
  f.json.data = { ...f.json.data, aws_ec2_managed_prefix_list: { s3: { name: "com.amazonaws.us-east-1.s3" } } };
};

const mutations: Mutation[] = [
  // --- The lab's five incidents ---
  {
    // EC2 Instance Connect connects over the internet to the instance's public IPv4 address
    // (EC2 User Guide, "Prerequisites for EC2 Instance Connect": the instance needs a public IPv4 address).
    name: "incident 1: an instance without a public IP is out of Instance Connect's reach",
    mutate: (f) => delete f.json.resource.aws_eip!.vpc1,
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "blocked", component: "aws_instance.vpc1", code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS" },
  },
  {
    // Security groups deny all inbound traffic that no rule allows (VPC User Guide, "Security group rules").
    name: "incident 2: no ICMP rule in the destination's security group",
    mutate: (f) => delete ingress(f).vpc2_icmp_from_vpc1,
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_security_group.vpc2_instance", code: "ENI_SG_RULES_MISMATCH" },
  },
  {
    // Peering needs a route in each side's route table to the peer's block (VPC Peering Guide, "Update your route tables").
    name: "incident 3: the route table does not point at the peering",
    mutate: (f) => delete f.json.resource.aws_route!.vpc1_to_vpc2,
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_route_table.vpc1_public", code: "NO_ROUTE_TO_DESTINATION" },
  },
  {
    // A gateway endpoint serves only the route tables it is associated with; without it S3 is reached over the
    // internet gateway, without aws:SourceVpce, which the bucket policy's Deny then matches (IAM: StringNotEquals on a missing key matches).
    name: "incident 4: the route table does not point at the endpoint, so the bucket policy denies",
    mutate: (f) => (f.json.resource.aws_vpc_endpoint!.vpc1_s3!.route_table_ids = []),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // A Deny for Principal "*" applies to every caller, the console's too; the console is not behind the endpoint
    // (S3 User Guide, "Restricting access to a specific VPC endpoint": "can lock you out of the bucket").
    name: "incident 5: a bucket policy that denies everything outside the endpoint with no exemption",
    mutate: (f) =>
      bucketPolicy(
        f,
        denyAll({
          Sid: "DenyOutsideEndpoint",
          Condition: { StringNotEquals: { "aws:SourceVpce": ["${aws_vpc_endpoint.vpc1_s3.id}", "${aws_vpc_endpoint.vpc2_s3.id}"] } },
        }),
      ),
    expected: { finding: "LOCKOUT_RISK", component: "aws_s3_bucket_policy.lab" },
  },
  // --- Routing and peering ---
  {
    // Return traffic is routed by the destination subnet's route table too.
    name: "a missing reverse route: the reply cannot return",
    mutate: (f) => delete f.json.resource.aws_route!.vpc2_to_vpc1,
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_route_table.vpc2_public", code: "NO_ROUTE_TO_DESTINATION" },
  },
  {
    // A peering in pending-acceptance state carries no traffic (VPC Peering Guide, "VPC peering connection lifecycle").
    name: "a peering that is never accepted",
    mutate: (f) => (f.json.resource.aws_vpc_peering_connection!.vpc1_vpc2!.auto_accept = false),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_vpc_peering_connection.vpc1_vpc2", code: "PCX_NOT_ACCEPTED" },
  },
  {
    // Peering is not transitive: edge-to-edge routing through a peering is not supported (VPC Peering Guide, "Unsupported configurations").
    name: "vpc1 to vpc3 through vpc2's peering, with a route and open rules",
    config: { ...chain, expect: [{ protocol: "icmp", from: "vpc1", to: "vpc3", reachable: true }] },
    mutate: (f) => {
      setResource(f, "aws_route", "vpc1_to_vpc3", {
        route_table_id: "${aws_route_table.vpc1_public.id}",
        destination_cidr_block: "10.3.0.0/16",
        vpc_peering_connection_id: "${aws_vpc_peering_connection.vpc1_vpc2.id}",
      });
      egress(f).vpc1_icmp_to_vpc3 = { ...egress(f).vpc1_icmp_to_vpc2, cidr_ipv4: "10.3.0.0/16" };
      ingress(f).vpc3_icmp_from_vpc1 = { ...ingress(f).vpc3_icmp_from_vpc2, cidr_ipv4: "10.1.0.0/16" };
    },
    path: ["icmp", "vpc1", "vpc3"],
    expected: { verdict: "blocked", component: "aws_vpc_peering_connection.vpc1_vpc2", code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR" },
  },
  {
    // Longest prefix match decides (VPC User Guide, "Route priority"); a transit gateway may deliver, but this analysis does not follow it.
    name: "a more specific route to a transit gateway",
    mutate: (f) =>
      setResource(f, "aws_route", "vpc1_to_vpc2_tgw", {
        route_table_id: "${aws_route_table.vpc1_public.id}",
        destination_cidr_block: "10.2.0.0/24",
        transit_gateway_id: "tgw-0123456789abcdef0",
      }),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_route.vpc1_to_vpc2_tgw", code: "PATH_NOT_MODELLED" },
  },
  {
    // A reference to a VPC's cidr_block is that VPC's configured block.
    name: "a peering route whose destination is a reference to the peer VPC's block",
    mutate: (f) => (f.json.resource.aws_route!.vpc1_to_vpc2!.destination_cidr_block = "${aws_vpc.vpc2.cidr_block}"),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "reachable" },
  },
  {
    // A security group made outside the stack has rules the stack does not hold.
    name: "the destination instance in a security group from outside the stack",
    mutate: (f) => (f.json.resource.aws_instance!.vpc2!.vpc_security_group_ids = ["sg-0123456789abcdef0"]),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "sg-0123456789abcdef0", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // Online, the exemption names the Terraform identity by the session context's issuer ARN, which AWS
    // resolves at plan: it is never a role this stack creates, so vpc2's role (outside endpointVpcs) is denied.
    name: "online, an instance outside endpointVpcs is denied by the endpoint-only bucket policy",
    config: { offline: false, s3: { endpointVpcs: ["vpc1"] } },
    path: ["s3", "vpc2", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // Across accounts both the role's policy and the bucket policy must allow (IAM User Guide, "Cross-account
    // policy evaluation logic"); the lab's bucket policy grants the other account's role.
    name: "a role of another account, granted by the bucket policy, through its VPC's endpoint",
    config: multiRegionLab(),
    path: ["s3", "vpc3", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    name: "a role of another account without the bucket policy's grant",
    config: multiRegionLab(),
    mutate: (f) => {
      const document = f.json.data!.aws_iam_policy_document!.bucket_policy!;
      document.statement = (document.statement as { sid?: string }[]).filter((s) => !s.sid?.endsWith("FromOtherAccounts"));
    },
    path: ["s3", "vpc3", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // A gateway endpoint serves S3 in its own region only (PrivateLink Guide, "Gateway endpoints": no
    // cross-Region requests): to a bucket in us-east-1 an eu-west-1 instance goes out the internet gateway.
    name: "an instance in another region, even with its own S3 endpoint listed in the bucket policy",
    config: multiRegionLab(),
    mutate: (f) => {
      setResource(f, "aws_vpc_endpoint", "vpc2_s3", {
        provider: "aws.eu-west-1",
        vpc_id: "${aws_vpc.vpc2.id}",
        service_name: "com.amazonaws.eu-west-1.s3",
        vpc_endpoint_type: "Gateway",
        route_table_ids: ["${aws_route_table.vpc2_public.id}"],
      });
      const deny = (f.json.data!.aws_iam_policy_document!.bucket_policy!.statement as { condition: { values: string[] }[] }[])[0]!;
      deny.condition[0]!.values.push("${aws_vpc_endpoint.vpc2_s3.id}");
    },
    path: ["s3", "vpc2", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // The bucket policy names the bucket by its exact name instead of a reference.
    name: "a bucket policy attached by the bucket's name, denying the lab's role",
    config: { s3: { bucketName: "lab-bucket-x" } },
    mutate: (f) => {
      f.json.resource.aws_s3_bucket_policy!.lab!.bucket = "lab-bucket-x";
      bucketPolicy(f, denyAll({ Principal: { AWS: "${aws_iam_role.vpc1_instance.arn}" } }));
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // A customer-managed prefix list outside the stack may hold the peer's block (VPC User Guide, "Prefix lists" in route tables).
    name: "the peering route written for a prefix list outside the stack",
    mutate: (f) => {
      const route = f.json.resource.aws_route!.vpc1_to_vpc2!;
      delete route.destination_cidr_block;
      route.destination_prefix_list_id = "pl-0123456789abcdef0";
    },
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_route.vpc1_to_vpc2", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // A route whose destination AWS computes could be the longest match for anything.
    name: "a route whose destination is known only after apply",
    mutate: (f) =>
      setResource(f, "aws_route", "vpc1_to_somewhere", {
        route_table_id: "${aws_route_table.vpc1_public.id}",
        destination_cidr_block: "${aws_eip.vpc2.public_ip}/32",
        gateway_id: "${aws_internet_gateway.vpc1.id}",
      }),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_route.vpc1_to_somewhere", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // An EC2 Instance Connect Endpoint reaches an instance without a public address, inside the VPC
    // (EC2 User Guide, "Connect using EC2 Instance Connect Endpoint").
    name: "SSH through an EC2 Instance Connect Endpoint to an instance without a public address",
    config: { instanceConnect: "endpoint" },
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "reachable" },
  },
  {
    // The endpoint's connections arrive from its security group: the instance must let TCP 22 in from it.
    name: "an Instance Connect Endpoint whose connections the instance's security group does not let in",
    config: { instanceConnect: "endpoint" },
    mutate: (f) => delete ingress(f).vpc1_ssh_from_instance_connect_endpoint,
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "blocked", component: "aws_security_group.vpc1_instance", code: "ENI_SG_RULES_MISMATCH" },
  },
  {
    // With client IP preservation the instance sees the caller's own address (the console's, a laptop's).
    name: "an Instance Connect Endpoint that preserves the client's address",
    config: { instanceConnect: "endpoint" },
    mutate: (f) => (f.json.resource.aws_ec2_instance_connect_endpoint!.vpc1!.preserve_client_ip = true),
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "unknown", component: "aws_ec2_instance_connect_endpoint.vpc1", code: "PATH_NOT_MODELLED" },
  },
  {
    // Instance Connect's replies leave through the subnet's route to an internet gateway.
    name: "no default route to the internet gateway",
    mutate: (f) => delete f.json.resource.aws_route!.vpc1_public_internet,
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "blocked", component: "aws_route_table.vpc1_public", code: "NO_ROUTE_TO_DESTINATION" },
  },
  // --- Security groups ---
  {
    // A security group made by Terraform has no egress rule; outbound traffic needs one (Terraform aws_security_group docs).
    name: "no ICMP egress at the source",
    mutate: (f) => delete egress(f).vpc1_icmp_to_vpc2,
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_security_group.vpc1_instance", code: "ENI_SG_RULES_MISMATCH" },
  },
  {
    name: "an ICMP rule whose source is a reference to the peer VPC's block",
    mutate: (f) => (ingress(f).vpc2_icmp_from_vpc1!.cidr_ipv4 = "${aws_vpc.vpc1.cidr_block}"),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "reachable" },
  },
  {
    // The only rule's source is an address AWS assigns at apply: it may or may not hold the peer.
    name: "an ICMP rule whose source is known only after apply",
    mutate: (f) => (ingress(f).vpc2_icmp_from_vpc1!.cidr_ipv4 = "${aws_instance.vpc1.private_ip}/32"),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // Security groups may reference a peer VPC's security group in the same region (VPC Peering Guide, "Reference peer security groups").
    name: "an ICMP rule that references the source's security group",
    mutate: (f) => {
      delete ingress(f).vpc2_icmp_from_vpc1!.cidr_ipv4;
      ingress(f).vpc2_icmp_from_vpc1!.referenced_security_group_id = "${aws_security_group.vpc1_instance.id}";
    },
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "reachable" },
  },
  {
    // A rule for part of the peer's block leaves it open whether the address AWS assigns falls inside.
    name: "an ICMP rule for half of the source subnet",
    mutate: (f) => (ingress(f).vpc2_icmp_from_vpc1!.cidr_ipv4 = "10.1.0.0/25"),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // Instance Connect's console service connects from the prefix list com.amazonaws.<region>.ec2-instance-connect.
    name: "no SSH rule for Instance Connect",
    mutate: (f) => delete ingress(f).vpc2_ssh_from_instance_connect,
    path: ["ssh", "instance-connect", "vpc2"],
    expected: { verdict: "blocked", component: "aws_security_group.vpc2_instance", code: "ENI_SG_RULES_MISMATCH" },
  },
  {
    // The service's published block (ip-ranges.json, EC2_INSTANCE_CONNECT, us-east-1) is where it connects from.
    name: "SSH allowed from Instance Connect's published block instead of the prefix list",
    mutate: (f) => {
      delete ingress(f).vpc1_ssh_from_instance_connect!.prefix_list_id;
      ingress(f).vpc1_ssh_from_instance_connect!.cidr_ipv4 = "18.206.107.24/29";
    },
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "reachable" },
  },
  {
    name: "SSH allowed only from a documentation block, not from Instance Connect",
    mutate: (f) => {
      delete ingress(f).vpc1_ssh_from_instance_connect!.prefix_list_id;
      ingress(f).vpc1_ssh_from_instance_connect!.cidr_ipv4 = "203.0.113.0/24";
    },
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "blocked", component: "aws_security_group.vpc1_instance", code: "ENI_SG_RULES_MISMATCH" },
  },
  {
    // A customer-managed prefix list outside the stack may or may not hold the service's addresses.
    name: "SSH allowed only from a prefix list outside the stack",
    mutate: (f) => (ingress(f).vpc1_ssh_from_instance_connect!.prefix_list_id = "pl-0123456789abcdef0"),
    path: ["ssh", "instance-connect", "vpc1"],
    expected: {
      verdict: "unknown",
      component: "aws_vpc_security_group_ingress_rule.vpc1_ssh_from_instance_connect",
      code: "REFERENCE_NOT_RESOLVED",
    },
  },
  {
    // The AWS-managed list com.amazonaws.<region>.s3 holds S3's addresses (VPC User Guide, "AWS-managed prefix lists").
    name: "HTTPS egress to the S3 prefix list from a data source instead of 0.0.0.0/0",
    mutate: (f) => {
      s3Data(f);
      delete egress(f).vpc1_https_out!.cidr_ipv4;
      egress(f).vpc1_https_out!.prefix_list_id = "${data.aws_ec2_managed_prefix_list.s3.id}";
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    name: "no HTTPS egress at all",
    mutate: (f) => delete egress(f).vpc1_https_out,
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_security_group.vpc1_instance", code: "ENI_SG_RULES_MISMATCH" },
  },
  {
    // S3's addresses are many and change: a rule for 52.0.0.0/8 alone may or may not cover the one the CLI gets.
    name: "HTTPS egress to 52.0.0.0/8 only",
    mutate: (f) => (egress(f).vpc1_https_out!.cidr_ipv4 = "52.0.0.0/8"),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_vpc_security_group_egress_rule.vpc1_https_out", code: "REFERENCE_NOT_RESOLVED" },
  },
  // --- Network ACLs (stateless, first matching rule by number decides) ---
  {
    name: "an ACL that denies ping in",
    mutate: (f) =>
      acl(f, "vpc2", [
        {
          rule_no: 100,
          action: "deny",
          protocol: "icmp",
          cidr_block: "10.1.0.0/16",
          from_port: 0,
          to_port: 0,
          icmp_type: 8,
          icmp_code: -1,
        },
        allowAll,
      ]),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_network_acl.vpc2_public", code: "SUBNET_ACL_RESTRICTION" },
  },
  {
    // ACLs are stateless: the reply needs an outbound rule (VPC User Guide, "Network ACLs").
    name: "an ACL that lets the request in but not the reply out",
    mutate: (f) =>
      acl(
        f,
        "vpc2",
        [allowAll],
        [{ rule_no: 100, action: "allow", protocol: "tcp", cidr_block: "0.0.0.0/0", from_port: 443, to_port: 443 }],
      ),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_network_acl.vpc2_public", code: "SUBNET_ACL_RESTRICTION" },
  },
  {
    name: "an ACL deny whose CIDR is a reference to the source VPC's block",
    mutate: (f) =>
      acl(f, "vpc2", [
        { rule_no: 100, action: "deny", protocol: "-1", cidr_block: "${aws_vpc.vpc1.cidr_block}", from_port: 0, to_port: 0 },
        allowAll,
      ]),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "blocked", component: "aws_network_acl.vpc2_public", code: "SUBNET_ACL_RESTRICTION" },
  },
  {
    // Instance Connect connects from every address of its block: a deny on part of it breaks part of the connections.
    name: "an ACL deny on part of Instance Connect's block",
    mutate: (f) =>
      acl(f, "vpc1", [
        { rule_no: 100, action: "deny", protocol: "tcp", cidr_block: "18.206.107.24/30", from_port: 22, to_port: 22 },
        allowAll,
      ]),
    path: ["ssh", "instance-connect", "vpc1"],
    expected: { verdict: "blocked", component: "aws_network_acl.vpc1_public", code: "SUBNET_ACL_RESTRICTION" },
  },
  {
    // The instance gets one address of its subnet at launch; a deny on half the subnet may or may not hit it.
    name: "an ACL deny on half of the source's subnet",
    mutate: (f) =>
      acl(f, "vpc2", [{ rule_no: 100, action: "deny", protocol: "-1", cidr_block: "10.1.0.0/25", from_port: 0, to_port: 0 }, allowAll]),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_network_acl.vpc2_public", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // Whichever address the instance gets, one of the two allows matches it first.
    name: "an ACL that allows half of the source's subnet, then everything",
    mutate: (f) =>
      acl(f, "vpc2", [{ rule_no: 100, action: "allow", protocol: "-1", cidr_block: "10.1.0.0/25", from_port: 0, to_port: 0 }, allowAll]),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "reachable" },
  },
  {
    name: "an ACL entry whose CIDR is known only after apply",
    mutate: (f) =>
      acl(f, "vpc2", [
        { rule_no: 100, action: "deny", protocol: "-1", cidr_block: "${aws_eip.vpc1.public_ip}/32", from_port: 0, to_port: 0 },
        allowAll,
      ]),
    path: ["icmp", "vpc1", "vpc2"],
    expected: { verdict: "unknown", component: "aws_network_acl.vpc2_public", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // Linux picks client ports from 32768-60999; over time every one is used, so a deny on part of them breaks some requests.
    name: "an ACL that denies part of the ephemeral ports the S3 replies come back to",
    mutate: (f) =>
      acl(f, "vpc1", [
        { rule_no: 100, action: "deny", protocol: "6", cidr_block: "0.0.0.0/0", from_port: 50000, to_port: 65535 },
        allowAll,
      ]),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_network_acl.vpc1_public", code: "SUBNET_ACL_RESTRICTION" },
  },
  // --- The way to S3 ---
  {
    // Whether or not the NAT gateway delivers it, the request reaches S3 without aws:SourceVpce, which the
    // endpoint-only Deny matches: blocked whatever the NAT does.
    name: "S3 over a NAT gateway instead of the endpoint, under the endpoint-only bucket policy",
    mutate: (f) => {
      f.json.resource.aws_vpc_endpoint!.vpc1_s3!.route_table_ids = [];
      const route = f.json.resource.aws_route!.vpc1_public_internet!;
      delete route.gateway_id;
      route.nat_gateway_id = "nat-0123456789abcdef0";
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // Without the bucket policy, everything rests on the NAT gateway, which this analysis does not follow.
    name: "S3 over a NAT gateway, with no bucket policy",
    mutate: (f) => {
      f.json.resource.aws_vpc_endpoint!.vpc1_s3!.route_table_ids = [];
      const route = f.json.resource.aws_route!.vpc1_public_internet!;
      delete route.gateway_id;
      route.nat_gateway_id = "nat-0123456789abcdef0";
      delete f.json.resource.aws_s3_bucket_policy;
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_route.vpc1_public_internet", code: "PATH_NOT_MODELLED" },
  },
  // --- Identity policies, boundaries, KMS ---
  {
    // Resource ARNs match with * across the generated suffix of bucket_prefix (IAM User Guide, "IAM JSON policy elements: Resource").
    name: "an identity policy on the bucket prefix with a wildcard",
    mutate: (f) =>
      rolePolicy(f, "vpc1", { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::vpc-lab-*", "arn:aws:s3:::vpc-lab-*/*"] }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    // Terraform's generated suffix is known only after apply: a pattern that constrains it may or may not match.
    name: "an identity policy on a pattern that constrains the generated suffix",
    mutate: (f) =>
      rolePolicy(f, "vpc1", { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::vpc-lab-2026*", "arn:aws:s3:::vpc-lab-2026*/*"] }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_iam_role_policy.vpc1_instance_s3", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    name: "an identity policy for another bucket",
    mutate: (f) =>
      rolePolicy(f, "vpc1", { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::other-bucket", "arn:aws:s3:::other-bucket/*"] }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_iam_role_policy.vpc1_instance_s3", code: "IDENTITY_POLICY_DENIES" },
  },
  {
    // An explicit Deny in any identity policy overrides every Allow (IAM policy evaluation logic).
    name: "an identity policy that denies PutObject beside the lab's allow",
    mutate: (f) => rolePolicy(f, "vpc1", ...labAccess, { Sid: "NoWrites", Effect: "Deny", Action: "s3:PutObject", Resource: "*" }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_iam_role_policy.vpc1_instance_s3", code: "IDENTITY_POLICY_DENIES" },
  },
  {
    // AWSDenyAll (a managed policy outside the stack) denies everything; its text is not in the stack.
    name: "a managed policy from outside the stack beside the inline allow",
    mutate: (f) =>
      setResource(f, "aws_iam_role_policy_attachment", "deny_all", {
        role: "${aws_iam_role.vpc1_instance.name}",
        policy_arn: "arn:aws:iam::aws:policy/AWSDenyAll",
      }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_iam_role_policy_attachment.deny_all", code: "POLICY_NOT_ANALYSABLE" },
  },
  {
    // The effective permissions are the intersection of identity policies and the boundary (IAM User Guide, "Permissions boundaries").
    name: "a permissions boundary that allows ListBucket only",
    mutate: (f) => {
      setResource(f, "aws_iam_policy", "boundary", {
        name: "boundary",
        policy: policyJson({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }),
      });
      f.json.resource.aws_iam_role!.vpc1_instance!.permissions_boundary = "${aws_iam_policy.boundary.arn}";
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_iam_policy.boundary", code: "PERMISSIONS_BOUNDARY_DENIES" },
  },
  {
    name: "a permissions boundary from outside the stack",
    mutate: (f) => (f.json.resource.aws_iam_role!.vpc1_instance!.permissions_boundary = `arn:aws:iam::${ACCOUNT}:policy/Boundary`),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_iam_role.vpc1_instance", code: "POLICY_NOT_ANALYSABLE" },
  },
  {
    // GetObject of an SSE-KMS object needs kms:Decrypt on the key (S3 User Guide, "Using SSE-KMS": permissions).
    name: "SSE-KMS with a customer key and no kms: permissions for the role",
    mutate: (f) => kmsBucket(f),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_iam_role_policy.vpc1_instance_s3", code: "IDENTITY_POLICY_DENIES" },
  },
  {
    // The default key policy lets the account's IAM policies grant use of the key (KMS Developer Guide, "Default key policy").
    name: "SSE-KMS with a customer key, and kms:Decrypt and kms:GenerateDataKey for the role",
    mutate: (f) => {
      kmsBucket(f);
      rolePolicy(f, "vpc1", ...labAccess, {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "${aws_kms_key.lab.arn}",
      });
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    // Without the account-root statement, IAM policies alone cannot grant use of the key (KMS Developer Guide, "Key policies").
    name: "SSE-KMS with a key policy that lets only an admin use the key",
    mutate: (f) => {
      kmsBucket(
        f,
        policyJson({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` }, Action: "kms:*", Resource: "*" }),
      );
      rolePolicy(f, "vpc1", ...labAccess, { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*" });
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_kms_key.lab", code: "KMS_KEY_POLICY_DENIES" },
  },
  // --- Bucket policies (resource policy; a Deny for the caller overrides its identity policy) ---
  {
    // "AWS": "<account id>" means every principal of the account (IAM User Guide, "AWS JSON policy elements: Principal").
    name: "a bucket policy Deny for the account by id",
    mutate: (f) => bucketPolicy(f, denyAll({ Principal: { AWS: ACCOUNT } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    name: "a bucket policy Deny for the account's root ARN",
    mutate: (f) => bucketPolicy(f, denyAll({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // aws:PrincipalArn of a role session is the role's ARN; ArnLike matches it per ARN component.
    name: "a bucket policy Deny by ArnLike on the lab's role names",
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/vpc-lab-*` } } })),
    path: ["s3", "vpc2", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // Terraform appends digits and lowercase hex to a name_prefix (terraform-plugin-sdk id.PrefixedUniqueId): the
    // prefix vpc-lab-vpc1-instance- never matches a pattern for admin-*, whatever the suffix and (online) the account.
    name: "a bucket policy Deny by ArnLike on another prefix (admin-*), online",
    config: { offline: false },
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin-*" } } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    name: "a bucket policy Deny by ArnLike on vpc1's role prefix leaves vpc2 alone, online",
    config: { offline: false },
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/vpc-lab-vpc1-*" } } })),
    path: ["s3", "vpc2", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    name: "a bucket policy Deny by ArnLike on vpc1's role prefix denies vpc1, online",
    config: { offline: false },
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/vpc-lab-vpc1-*" } } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // A role session ARN as principal names that session (IAM User Guide, "Role session principals"); an instance
    // role's session is named after the instance id, which AWS assigns: it may or may not be this one.
    name: "a bucket policy Deny for a role session ARN of vpc1's role",
    mutate: (f) => {
      const role = f.json.resource.aws_iam_role!.vpc1_instance!;
      delete role.name_prefix;
      role.name = "lab-vpc1-role";
      bucketPolicy(f, denyAll({ Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/lab-vpc1-role/i-0123456789abcdef0` } }));
    },
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_s3_bucket_policy.lab", code: "REFERENCE_NOT_RESOLVED" },
  },
  {
    // ... and never a session of another role.
    name: "a bucket policy Deny for a role session ARN of another role",
    mutate: (f) => bucketPolicy(f, denyAll({ Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/console` } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    // A role ARN as principal matches the role's sessions.
    name: "a bucket policy Deny for vpc1's role by reference (vpc1 is denied)",
    mutate: (f) => bucketPolicy(f, denyAll({ Principal: { AWS: "${aws_iam_role.vpc1_instance.arn}" } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_s3_bucket_policy.lab", code: "BUCKET_POLICY_DENIES" },
  },
  {
    // ... and only them: vpc2's role is another role (a placeholder matches itself and nothing else).
    name: "a bucket policy Deny for vpc1's role by reference (vpc2 is not)",
    mutate: (f) => bucketPolicy(f, denyAll({ Principal: { AWS: "${aws_iam_role.vpc1_instance.arn}" } })),
    path: ["s3", "vpc2", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    // S3 accepts TLS 1.2 and 1.3 only, so a Deny below 1.2 never applies to the AWS CLI.
    name: "a bucket policy Deny for TLS below 1.2",
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    // Whether the CLI negotiates TLS 1.2 or 1.3 is not fixed by anything in the stack.
    name: "a bucket policy Deny for TLS below 1.3",
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { NumericLessThan: { "s3:TlsVersion": "1.3" } } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_s3_bucket_policy.lab", code: "CONDITION_NOT_MODELLED" },
  },
  {
    // A Deny on a request value the analysis does not know (the time) may or may not apply.
    name: "a bucket policy Deny on the request time",
    mutate: (f) => bucketPolicy(f, denyAll({ Condition: { DateGreaterThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } })),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_s3_bucket_policy.lab", code: "CONDITION_NOT_MODELLED" },
  },
  {
    name: "a bucket policy written as an expression",
    mutate: (f) => (f.json.resource.aws_s3_bucket_policy!.lab!.policy = "${jsonencode({Statement = []})}"),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_s3_bucket_policy.lab", code: "POLICY_NOT_ANALYSABLE" },
  },
  // --- Endpoint policies (they must allow; their Principal element counts) ---
  {
    // aws:ResourceAccount is the bucket owner's account.
    name: "an endpoint policy conditioned on aws:ResourceAccount (the lab's account)",
    mutate: (f) =>
      endpointPolicy(f, "vpc1", {
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } },
      }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    name: "an endpoint policy conditioned on aws:ResourceAccount (another account)",
    mutate: (f) =>
      endpointPolicy(f, "vpc1", {
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceAccount": "111122223333" } },
      }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_vpc_endpoint.vpc1_s3", code: "ENDPOINT_POLICY_DENIES" },
  },
  {
    // PrivateLink Guide, "Principals for gateway endpoints": "AWS": "<account>" grants the account's root user only,
    // not its users and roles (grant principals with aws:PrincipalArn instead).
    name: "a gateway endpoint policy that allows the account by id",
    mutate: (f) => endpointPolicy(f, "vpc1", { Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "s3:*", Resource: "*" }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_vpc_endpoint.vpc1_s3", code: "ENDPOINT_POLICY_DENIES" },
  },
  {
    // The documented way: Principal "*" and aws:PrincipalArn.
    name: "a gateway endpoint policy that allows the instance's role by aws:PrincipalArn",
    mutate: (f) =>
      endpointPolicy(f, "vpc1", {
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": "${aws_iam_role.vpc1_instance.arn}" } },
      }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "reachable" },
  },
  {
    // An endpoint policy's Principal names who may use the endpoint; another role's ARN never names this one.
    name: "an endpoint policy that allows another role only",
    mutate: (f) =>
      endpointPolicy(f, "vpc1", {
        Effect: "Allow",
        Principal: { AWS: "${aws_iam_role.vpc2_instance.arn}" },
        Action: "s3:*",
        Resource: "*",
      }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "blocked", component: "aws_vpc_endpoint.vpc1_s3", code: "ENDPOINT_POLICY_DENIES" },
  },
  {
    // How a role ARN in a gateway endpoint policy's Principal matches is not documented (only that aws:PrincipalArn works).
    name: "a gateway endpoint policy that names the instance's own role as Principal",
    mutate: (f) =>
      endpointPolicy(f, "vpc1", {
        Effect: "Allow",
        Principal: { AWS: "${aws_iam_role.vpc1_instance.arn}" },
        Action: "s3:*",
        Resource: "*",
      }),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_vpc_endpoint.vpc1_s3", code: "POLICY_NOT_ANALYSABLE" },
  },
  {
    // A profile made outside the stack gives the instance a role whose policies are not here.
    name: "an instance profile from outside the stack",
    mutate: (f) => (f.json.resource.aws_instance!.vpc1!.iam_instance_profile = "ops-instance-profile"),
    path: ["s3", "vpc1", "s3"],
    expected: { verdict: "unknown", component: "aws_instance.vpc1", code: "POLICY_NOT_ANALYSABLE" },
  },
  {
    name: "an instance without a role",
    mutate: (f) => delete f.json.resource.aws_instance!.vpc2!.iam_instance_profile,
    path: ["s3", "vpc2", "s3"],
    expected: { verdict: "blocked", component: "aws_instance.vpc2", code: "NO_INSTANCE_ROLE" },
  },
  // --- The lockout rule ---
  {
    // The configured admin is not in the exemption: their console session is denied.
    name: "a bucket policy that exempts Terraform but not the configured admin",
    config: { s3: { adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/Admin`] } },
    mutate: (f) =>
      bucketPolicy(
        f,
        denyAll({
          Sid: "EndpointOrTerraform",
          Condition: {
            StringNotEquals: { "aws:SourceVpce": ["${aws_vpc_endpoint.vpc1_s3.id}", "${aws_vpc_endpoint.vpc2_s3.id}"] },
            ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/terraform` },
          },
        }),
      ),
    expected: { finding: "LOCKOUT_RISK", component: "aws_s3_bucket_policy.lab" },
  },
  {
    // The same lockout through the bucket's customer key: the console's kms: calls do not come through the endpoint.
    name: "a KMS key policy that denies use outside the endpoint with no exemption",
    mutate: (f) =>
      kmsBucket(
        f,
        policyJson(
          { Sid: "EnableIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
          {
            Sid: "EndpointOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "kms:*",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.vpc1_s3.id}" } },
          },
        ),
      ),
    expected: { finding: "LOCKOUT_RISK", component: "aws_kms_key.lab" },
  },
  {
    // A Deny on aws:SourceIp can apply to a laptop wherever it is.
    name: "a bucket policy that denies everyone outside an office block",
    mutate: (f) => bucketPolicy(f, denyAll({ Sid: "OfficeOnly", Condition: { NotIpAddress: { "aws:SourceIp": "198.51.100.0/24" } } })),
    expected: { finding: "LOCKOUT_RISK", component: "aws_s3_bucket_policy.lab" },
  },
];

describe("mutations of synthesized labs", () => {
  it("has at least 40 rows, the lab's five incidents among them", () => {
    expect(mutations.length).toBeGreaterThanOrEqual(40);
    expect(mutations.filter((m) => m.name.startsWith("incident ")).map((m) => m.name.slice(0, 10))).toEqual([
      "incident 1",
      "incident 2",
      "incident 3",
      "incident 4",
      "incident 5",
    ]);
  });

  it.each(mutations.map((m) => [m.name, m] as const))("%s", (_name, mutation) => {
    const fixture = labFixture(mutation.config);
    mutation.mutate?.(fixture);
    const analysis = analyze(fixture);
    const { finding, ...path } = mutation.expected;
    if (finding) {
      expect(analysis.findings).toContainEqual(expect.objectContaining({ code: finding, component: mutation.expected.component }));
      return;
    }
    const [protocol, from, to] = mutation.path!;
    const v = verdict(analysis, protocol, from, to);
    expect({ verdict: v.verdict, component: v.blocker?.component, code: v.blocker?.code }).toEqual({
      verdict: path.verdict,
      component: path.component,
      code: path.code,
    });
  });

  it("does not call a Deny for TLS below 1.2 a lockout (the console and the CLI use 1.2 or 1.3)", () => {
    const fixture = labFixture({ s3: { adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/Admin`] } });
    bucketPolicy(fixture, denyAll({ Sid: "ModernTls", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }));
    expect(analyze(fixture).findings).toEqual([]);
  });

  it("does not call DenyInsecureTransport alone a lockout", () => {
    const fixture = labFixture({ s3: { adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/Admin`] } });
    bucketPolicy(fixture, denyAll({ Sid: "DenyInsecureTransport", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    expect(analyze(fixture).findings).toEqual([]);
  });
});
