/**
 * Terraform addresses are a contract with existing state: these are the default lab's addresses as
 * they were before the construct IDs were scoped to rule out collisions (issue 8). A change here
 * destroys and recreates a user's resources unless a `moved` block comes with it.
 */
import { synthLab } from "../../test-support/synth-lab";

const DEFAULT_LAB_ADDRESSES = [
  "aws_cloudwatch_log_group.vpc1_flow_logs",
  "aws_cloudwatch_log_group.vpc2_flow_logs",
  "aws_cloudwatch_query_definition.peered_vpc_traffic",
  "aws_cloudwatch_query_definition.rejected_traffic",
  "aws_cloudwatch_query_definition.top_byte_transfers",
  "aws_default_security_group.vpc1",
  "aws_default_security_group.vpc2",
  "aws_eip.vpc1",
  "aws_eip.vpc2",
  "aws_flow_log.vpc1",
  "aws_flow_log.vpc2",
  "aws_iam_instance_profile.vpc1_instance",
  "aws_iam_instance_profile.vpc2_instance",
  "aws_iam_role.flow_logs",
  "aws_iam_role.vpc1_instance",
  "aws_iam_role.vpc2_instance",
  "aws_iam_role_policy.flow_logs",
  "aws_iam_role_policy.vpc1_instance_s3",
  "aws_iam_role_policy.vpc2_instance_s3",
  "aws_instance.vpc1",
  "aws_instance.vpc2",
  "aws_internet_gateway.vpc1",
  "aws_internet_gateway.vpc2",
  "aws_route.vpc1_public_internet",
  "aws_route.vpc1_to_vpc2",
  "aws_route.vpc2_public_internet",
  "aws_route.vpc2_to_vpc1",
  "aws_route_table.vpc1_public",
  "aws_route_table.vpc2_public",
  "aws_route_table_association.vpc1_public",
  "aws_route_table_association.vpc2_public",
  "aws_s3_bucket.lab",
  "aws_s3_bucket_lifecycle_configuration.lab",
  "aws_s3_bucket_ownership_controls.lab",
  "aws_s3_bucket_policy.lab",
  "aws_s3_bucket_public_access_block.lab",
  "aws_s3_bucket_server_side_encryption_configuration.lab",
  "aws_s3_bucket_versioning.lab",
  "aws_s3_object.test_object",
  "aws_security_group.vpc1_instance",
  "aws_security_group.vpc2_instance",
  "aws_subnet.vpc1_public",
  "aws_subnet.vpc2_public",
  "aws_vpc.vpc1",
  "aws_vpc.vpc2",
  "aws_vpc_endpoint.vpc1_s3",
  "aws_vpc_endpoint.vpc2_s3",
  "aws_vpc_peering_connection.vpc1_vpc2",
  "aws_vpc_security_group_egress_rule.vpc1_https_out",
  "aws_vpc_security_group_egress_rule.vpc1_icmp_to_vpc2",
  "aws_vpc_security_group_egress_rule.vpc2_https_out",
  "aws_vpc_security_group_egress_rule.vpc2_icmp_to_vpc1",
  "aws_vpc_security_group_ingress_rule.vpc1_icmp_from_vpc2",
  "aws_vpc_security_group_ingress_rule.vpc1_ssh_from_instance_connect",
  "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1",
  "aws_vpc_security_group_ingress_rule.vpc2_ssh_from_instance_connect",
  "data.aws_caller_identity.current",
  "data.aws_ec2_instance_type_offerings.t3_micro",
  "data.aws_ec2_managed_prefix_list.ec2_instance_connect",
  "data.aws_iam_policy_document.bucket_policy",
  "data.aws_iam_policy_document.flow_logs_permissions",
  "data.aws_iam_policy_document.flow_logs_trust",
  "data.aws_iam_policy_document.vpc1_instance_s3",
  "data.aws_iam_policy_document.vpc1_instance_trust",
  "data.aws_iam_policy_document.vpc1_s3_endpoint",
  "data.aws_iam_policy_document.vpc2_instance_s3",
  "data.aws_iam_policy_document.vpc2_instance_trust",
  "data.aws_iam_policy_document.vpc2_s3_endpoint",
  "data.aws_iam_session_context.terraform",
  "data.aws_partition.current",
  "data.aws_region.current",
  "data.aws_ssm_parameter.al2023_x86_64",
];

describe("LabStack addresses", () => {
  it("keeps every address of the default lab exactly as it was", () => {
    const { json } = synthLab();
    const now = [
      ...Object.entries(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)),
      ...Object.entries(json.data ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `data.${type}.${name}`)),
    ].sort();
    expect(now).toEqual(DEFAULT_LAB_ADDRESSES);
  });
});
