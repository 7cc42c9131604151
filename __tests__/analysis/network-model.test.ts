import { analyzeStack } from "../../src/analysis/analyze-stack";
import type { AnalysisFixture } from "../../test-support/lab-analysis";
import { analyze, labFixture, verdict } from "../../test-support/lab-analysis";

/**
 * The ways of writing Terraform that the lab itself does not use, but a hand-edited or imported
 * configuration may: main route tables, separate ACL rules, inline security group rules,
 * endpoint policies attached on their own, policies the analysis cannot read.
 */
describe("the network model behind the analysis", () => {
  it("routes a subnet without an association through the VPC's main table, routes on default_route_table_id included", () => {
    const f = labFixture();
    delete f.json.resource.aws_route_table_association!.vpc2_public;
    // vpc2's subnet now uses the main table: adopt it, with the internet route inline and the peering route separately.
    f.json.resource.aws_default_route_table = {
      vpc2_main: {
        default_route_table_id: "${aws_vpc.vpc2.default_route_table_id}",
        route: [{ cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.vpc2.id}" }],
      },
    };
    f.json.resource.aws_route!.vpc2_to_vpc1 = {
      ...f.json.resource.aws_route!.vpc2_to_vpc1,
      route_table_id: "${aws_vpc.vpc2.default_route_table_id}",
    };
    f.json.resource.aws_vpc_endpoint!.vpc2_s3!.route_table_ids = ["${aws_vpc.vpc2.main_route_table_id}"];
    const analysis = analyze(f);
    expect(verdict(analysis, "icmp", "vpc1", "vpc2")).toMatchObject({ actual: true });
    expect(verdict(analysis, "ssh", "instance-connect", "vpc2")).toMatchObject({ actual: true });
    expect(verdict(analysis, "s3", "vpc2", "s3")).toMatchObject({
      actual: true,
      hops: expect.arrayContaining(["aws_vpc_endpoint.vpc2_s3"]),
    });
  });

  it("gives a subnet without an association a main table with only the local route when Terraform does not manage it", () => {
    const f = labFixture();
    delete f.json.resource.aws_route_table_association!.vpc2_public;
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").blocker).toMatchObject({
      code: "NO_ROUTE_TO_DESTINATION",
      component: "the main route table of aws_vpc.vpc2",
    });
  });

  it("reads aws_network_acl_rule resources and takes an omitted icmp_type as 0 (echo reply only), as the provider sends it", () => {
    const f = labFixture();
    f.json.resource.aws_network_acl = { vpc2_public: { vpc_id: "${aws_vpc.vpc2.id}", subnet_ids: ["${aws_subnet.vpc2_public.id}"] } };
    f.json.resource.aws_network_acl_rule = {
      in_icmp: {
        network_acl_id: "${aws_network_acl.vpc2_public.id}",
        rule_number: 100,
        egress: false,
        protocol: "1",
        rule_action: "allow",
        cidr_block: "10.0.0.0/8",
      },
      out_all: {
        network_acl_id: "${aws_network_acl.vpc2_public.id}",
        rule_number: 100,
        egress: true,
        protocol: "-1",
        rule_action: "allow",
        cidr_block: "0.0.0.0/0",
      },
    };
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").blocker).toMatchObject({
      code: "SUBNET_ACL_RESTRICTION",
      component: "aws_network_acl.vpc2_public",
    });
    f.json.resource.aws_network_acl_rule.in_icmp!.icmp_type = 8;
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").actual).toBe(true);
  });

  it("lets a deny rule that covers part of Linux's ephemeral ports break the S3 replies", () => {
    const f = labFixture();
    f.json.resource.aws_network_acl = {
      vpc1_public: {
        vpc_id: "${aws_vpc.vpc1.id}",
        subnet_ids: ["${aws_subnet.vpc1_public.id}"],
        ingress: [
          { rule_no: 100, action: "deny", protocol: "6", cidr_block: "0.0.0.0/0", from_port: 50000, to_port: 65535 },
          { rule_no: 200, action: "allow", protocol: "-1", cidr_block: "0.0.0.0/0", from_port: 0, to_port: 0 },
        ],
        egress: [{ rule_no: 100, action: "allow", protocol: "-1", cidr_block: "0.0.0.0/0", from_port: 0, to_port: 0 }],
      },
    };
    expect(verdict(analyze(f), "s3", "vpc1", "s3").blocker).toMatchObject({
      code: "SUBNET_ACL_RESTRICTION",
      explanation: expect.stringContaining("rule 100"),
    });
  });

  it("reads inline aws_security_group rules, by CIDR and by security group", () => {
    const f = labFixture();
    delete f.json.resource.aws_vpc_security_group_ingress_rule!.vpc2_icmp_from_vpc1;
    f.json.resource.aws_security_group!.vpc2_instance!.ingress = [
      { protocol: "icmp", from_port: 8, to_port: -1, security_groups: ["${aws_security_group.vpc1_instance.id}"] },
    ];
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").actual).toBe(true);
    f.json.resource.aws_security_group!.vpc2_instance!.ingress = [
      { protocol: "icmp", from_port: 0, to_port: -1, cidr_blocks: ["10.1.0.0/16"] },
    ];
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").blocker?.code).toBe("ENI_SG_RULES_MISMATCH");
  });

  it("puts an instance without security groups in its VPC's default group (emptied here, so nothing gets in)", () => {
    const f = labFixture();
    delete f.json.resource.aws_instance!.vpc2!.vpc_security_group_ids;
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").blocker).toMatchObject({
      code: "ENI_SG_RULES_MISMATCH",
      component: "aws_default_security_group.vpc2",
    });
  });

  it("applies an endpoint policy attached with aws_vpc_endpoint_policy", () => {
    const f = labFixture();
    f.json.resource.aws_vpc_endpoint_policy = {
      vpc1: {
        vpc_endpoint_id: "${aws_vpc_endpoint.vpc1_s3.id}",
        policy: JSON.stringify({ Statement: [{ Sid: "NoS3", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }),
      },
    };
    expect(verdict(analyze(f), "s3", "vpc1", "s3").blocker).toMatchObject({
      code: "ENDPOINT_POLICY_DENIES",
      explanation: expect.stringContaining("statement NoS3 denies it"),
    });
  });

  it("proves nothing through a policy it cannot read, rather than assume it open", () => {
    const f = labFixture();
    f.json.resource.aws_s3_bucket_policy!.lab!.policy = "${jsonencode({Statement = []})}";
    expect(verdict(analyze(f), "s3", "vpc1", "s3").blocker).toMatchObject({
      code: "POLICY_NOT_ANALYSABLE",
      component: "aws_s3_bucket_policy.lab",
    });
    const managed = labFixture();
    delete managed.json.resource.aws_iam_role_policy!.vpc1_instance_s3;
    managed.json.resource.aws_iam_role_policy_attachment = {
      s3_full: { role: "${aws_iam_role.vpc1_instance.name}", policy_arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
    };
    expect(verdict(analyze(managed), "s3", "vpc1", "s3").blocker).toMatchObject({
      code: "POLICY_NOT_ANALYSABLE",
      component: "aws_iam_role_policy_attachment.s3_full",
    });
  });

  it("gives a bucket policy aws:SourceVpc as well as aws:SourceVpce for requests through an endpoint", () => {
    const f: AnalysisFixture = labFixture();
    f.json.resource.aws_s3_bucket_policy!.lab!.policy = JSON.stringify({
      Statement: [
        {
          Sid: "OnlyLabVpcs",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:SourceVpc": ["${aws_vpc.vpc1.id}"] } },
        },
      ],
    });
    const analysis = analyzeStack(f.json, f.intent);
    expect(verdict(analysis, "s3", "vpc1", "s3").actual).toBe(true);
    expect(verdict(analysis, "s3", "vpc2", "s3").blocker).toMatchObject({
      code: "BUCKET_POLICY_DENIES",
      explanation: expect.stringContaining("through aws_vpc_endpoint.vpc2_s3"),
    });
  });
});
