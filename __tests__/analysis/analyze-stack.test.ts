import { analyzeStack, hasFailures } from "../../src/analysis/analyze-stack";
import type { AnalysisFixture } from "../../test-support/lab-analysis";
import { analyze, labFixture, verdict } from "../../test-support/lab-analysis";
import { vpcConfig } from "../../test-support/synth-lab";

const vpc = vpcConfig;
const chain = {
  vpcs: [vpc("vpc1", 1), vpc("vpc2", 2), vpc("vpc3", 3)],
  peerings: [
    { requester: "vpc1", accepter: "vpc2" },
    { requester: "vpc2", accepter: "vpc3" },
  ],
};

/** A network ACL on vpc2's public subnet with the given rules (aws_network_acl inline blocks). */
function aclOnVpc2(fixture: AnalysisFixture, ingress: Record<string, unknown>[], egress: Record<string, unknown>[]): void {
  fixture.json.resource.aws_network_acl = {
    vpc2_public: { vpc_id: "${aws_vpc.vpc2.id}", subnet_ids: ["${aws_subnet.vpc2_public.id}"], ingress, egress },
  };
}
const allowAll = { rule_no: 200, action: "allow", protocol: "-1", cidr_block: "0.0.0.0/0", from_port: 0, to_port: 0 };

describe("analyzeStack", () => {
  it("proves every intended path of the default lab: ping both ways, Instance Connect to each instance, S3 from each", () => {
    const analysis = analyze(labFixture());
    expect(analysis.verdicts.map((v) => `${v.protocol} ${v.from}->${v.to} ${v.actual}`)).toEqual([
      "icmp vpc1->vpc2 true",
      "icmp vpc2->vpc1 true",
      "ssh instance-connect->vpc1 true",
      "ssh instance-connect->vpc2 true",
      "s3 vpc1->s3 true",
      "s3 vpc2->s3 true",
    ]);
    expect(analysis.verdicts.every((v) => v.verdict === "reachable")).toBe(true);
    expect(hasFailures(analysis)).toBe(false);
    // The only finding: no admin is exempt from the endpoint-only Deny besides the Terraform identity.
    expect(analysis.findings.map((f) => `${f.severity} ${f.code}`)).toEqual(["warning LOCKOUT_SOLE_EXEMPTION"]);
  });

  it("finds nothing to warn about once an admin is exempt too", () => {
    const analysis = analyze(labFixture({ s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"] } }));
    expect(analysis.findings).toEqual([]);
  });

  it("names the components a reachable ping goes through", () => {
    expect(verdict(analyze(labFixture()), "icmp", "vpc1", "vpc2").hops).toEqual([
      "aws_vpc_security_group_egress_rule.vpc1_icmp_to_vpc2",
      "aws_route.vpc1_to_vpc2",
      "aws_vpc_peering_connection.vpc1_vpc2",
      "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1",
      "aws_route.vpc2_to_vpc1",
      "aws_vpc_peering_connection.vpc1_vpc2",
    ]);
  });

  // Each scenario breaks one thing and names the verdict, the code and the first blocking component.
  const scenarios: [string, () => AnalysisFixture, [string, string, string], string, string, RegExp][] = [
    [
      "a missing peering route",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_route!.vpc1_to_vpc2;
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "NO_ROUTE_TO_DESTINATION",
      "aws_route_table.vpc1_public",
      /has no route to vpc2's instance \(10\.2\.0\.0\/24\) through a peering/,
    ],
    [
      "a missing reverse route (the reply cannot return)",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_route!.vpc2_to_vpc1;
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "NO_ROUTE_TO_DESTINATION",
      "aws_route_table.vpc2_public",
      /^The request arrives, but the reply cannot return/,
    ],
    [
      "ICMP not allowed in by the destination's security group (the lab's missing rule)",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_vpc_security_group_ingress_rule!.vpc2_icmp_from_vpc1;
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "ENI_SG_RULES_MISMATCH",
      "aws_security_group.vpc2_instance",
      /lets ping \(ICMP echo request\) in from vpc1's instance/,
    ],
    [
      "ICMP not allowed out by the source's security group",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_vpc_security_group_egress_rule!.vpc1_icmp_to_vpc2;
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "ENI_SG_RULES_MISMATCH",
      "aws_security_group.vpc1_instance",
      /lets ping \(ICMP echo request\) out to vpc2's instance/,
    ],
    [
      "a network ACL that denies ping in",
      () => {
        const f = labFixture();
        aclOnVpc2(
          f,
          [
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
          ],
          [allowAll],
        );
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "SUBNET_ACL_RESTRICTION",
      "aws_network_acl.vpc2_public",
      /Network ACL rule 100 of aws_network_acl\.vpc2_public denies ping/,
    ],
    [
      "a network ACL that lets the request in but denies the reply out (ACLs are stateless)",
      () => {
        const f = labFixture();
        aclOnVpc2(
          f,
          [allowAll],
          [{ rule_no: 100, action: "allow", protocol: "tcp", cidr_block: "0.0.0.0/0", from_port: 443, to_port: 443 }],
        );
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "SUBNET_ACL_RESTRICTION",
      "aws_network_acl.vpc2_public",
      /ping reply \(ICMP echo reply\) leaving vpc2's instance's subnet/,
    ],
    [
      "a peering that is requested but never accepted",
      () => {
        const f = labFixture();
        f.json.resource.aws_vpc_peering_connection!.vpc1_vpc2!.auto_accept = false;
        return f;
      },
      ["icmp", "vpc1", "vpc2"],
      "PCX_NOT_ACCEPTED",
      "aws_vpc_peering_connection.vpc1_vpc2",
      /requested but never accepted/,
    ],
    [
      "vpc1 -> vpc3 through vpc2's peering, even with a route and open security groups (peering is not transitive)",
      () => {
        const f = labFixture({ ...chain, expect: [{ protocol: "icmp", from: "vpc1", to: "vpc3", reachable: true }] });
        f.json.resource.aws_route!.vpc1_to_vpc3_via_vpc2 = {
          route_table_id: "${aws_route_table.vpc1_public.id}",
          destination_cidr_block: "10.3.0.0/16",
          vpc_peering_connection_id: "${aws_vpc_peering_connection.vpc1_vpc2.id}",
        };
        f.json.resource.aws_vpc_security_group_egress_rule!.vpc1_icmp_to_vpc3 = {
          security_group_id: "${aws_security_group.vpc1_instance.id}",
          ip_protocol: "icmp",
          from_port: 8,
          to_port: -1,
          cidr_ipv4: "10.3.0.0/16",
        };
        f.json.resource.aws_vpc_security_group_ingress_rule!.vpc3_icmp_from_vpc1 = {
          security_group_id: "${aws_security_group.vpc3_instance.id}",
          ip_protocol: "icmp",
          from_port: 8,
          to_port: -1,
          cidr_ipv4: "10.1.0.0/16",
        };
        return f;
      },
      ["icmp", "vpc1", "vpc3"],
      "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
      "aws_vpc_peering_connection.vpc1_vpc2",
      /peering is not transitive/,
    ],
    [
      "an instance without an Elastic IP (the lab's first Instance Connect error)",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_eip!.vpc1;
        return f;
      },
      ["ssh", "instance-connect", "vpc1"],
      "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS",
      "aws_instance.vpc1",
      /no public IP address/,
    ],
    [
      "SSH not allowed from the Instance Connect prefix list",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_vpc_security_group_ingress_rule!.vpc2_ssh_from_instance_connect;
        return f;
      },
      ["ssh", "instance-connect", "vpc2"],
      "ENI_SG_RULES_MISMATCH",
      "aws_security_group.vpc2_instance",
      /lets SSH \(TCP 22\) in from EC2 Instance Connect \(18\.206\.107\.24\/29, its prefix list\)/,
    ],
    [
      "no default route to the internet gateway",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_route!.vpc1_public_internet;
        return f;
      },
      ["ssh", "instance-connect", "vpc1"],
      "NO_ROUTE_TO_DESTINATION",
      "aws_route_table.vpc1_public",
      /no route to the VPC's internet gateway for EC2 Instance Connect's block 18\.206\.107\.24\/29/,
    ],
    [
      "the S3 endpoint not on the subnet's route table (the lab's last error): S3 goes out the internet gateway and the bucket policy denies it",
      () => {
        const f = labFixture();
        f.json.resource.aws_vpc_endpoint!.vpc1_s3!.route_table_ids = [];
        return f;
      },
      ["s3", "vpc1", "s3"],
      "BUCKET_POLICY_DENIES",
      "aws_s3_bucket_policy.lab",
      /over the internet rather than through one of the lab's S3 gateway endpoints/,
    ],
    [
      "an instance without a role (the lab used access keys instead)",
      () => {
        const f = labFixture();
        delete f.json.resource.aws_instance!.vpc2!.iam_instance_profile;
        return f;
      },
      ["s3", "vpc2", "s3"],
      "NO_INSTANCE_ROLE",
      "aws_instance.vpc2",
      /no instance profile/,
    ],
  ];

  it.each(scenarios)("finds %s", (_what, build, [protocol, from, to], code, component, explanation) => {
    const analysis = analyze(build());
    const v = verdict(analysis, protocol, from, to);
    expect(v.verdict).toBe("blocked");
    expect(v.actual).toBe(false);
    expect(v.asIntended).toBe(false);
    expect(v.blocker).toMatchObject({ code, component });
    expect(v.blocker?.explanation).toMatch(explanation);
    expect(hasFailures(analysis)).toBe(true);
  });

  it("says the missing reverse route breaks the reply, not the request", () => {
    const f = labFixture();
    delete f.json.resource.aws_route!.vpc2_to_vpc1;
    expect(verdict(analyze(f), "icmp", "vpc1", "vpc2").blocker?.explanation).toMatch(/^The request arrives, but the reply cannot return/);
  });

  it("keeps vpc1 and vpc3 apart when peered only through vpc2, as intended", () => {
    const analysis = analyze(labFixture(chain));
    expect(verdict(analysis, "icmp", "vpc1", "vpc3")).toMatchObject({ reachable: false, actual: false, asIntended: true });
    expect(verdict(analysis, "icmp", "vpc2", "vpc3")).toMatchObject({ actual: true, asIntended: true });
    expect(hasFailures(analysis)).toBe(false);
  });

  it("reports the endpoint policy deny-all as the blocker, as intended", () => {
    const v = verdict(analyze(labFixture({ s3: { endpointPolicy: "deny-all" } })), "s3", "vpc1", "s3");
    expect(v).toMatchObject({
      reachable: false,
      actual: false,
      asIntended: true,
      blocker: { code: "ENDPOINT_POLICY_DENIES", component: "aws_vpc_endpoint.vpc1_s3" },
    });
  });

  it("reports that the bucket policy denies an instance outside endpointVpcs, as intended", () => {
    const analysis = analyze(labFixture({ s3: { endpointVpcs: ["vpc1"] } }));
    expect(verdict(analysis, "s3", "vpc1", "s3")).toMatchObject({ actual: true, asIntended: true });
    expect(verdict(analysis, "s3", "vpc2", "s3")).toMatchObject({
      actual: false,
      asIntended: true,
      blocker: { code: "BUCKET_POLICY_DENIES" },
    });
    expect(verdict(analysis, "s3", "vpc2", "s3").blocker?.explanation).toMatch(
      /over the internet rather than through one of the lab's S3 gateway endpoints/,
    );
  });

  it("lets the full-access endpoint policy through", () => {
    expect(verdict(analyze(labFixture({ s3: { endpointPolicy: "full-access" } })), "s3", "vpc2", "s3").actual).toBe(true);
  });

  it("reports SSH open to 0.0.0.0/0 as a warning finding, without failing the check", () => {
    const analysis = analyze(labFixture({ sshCidrs: ["0.0.0.0/0"], allowSshFromAnywhere: true }));
    expect(analysis.findings.filter((f) => f.code === "SSH_OPEN_TO_INTERNET")).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "SSH_OPEN_TO_INTERNET",
        component: "aws_vpc_security_group_ingress_rule.vpc1_ssh_from_0_0_0_0_0",
      }),
      expect.objectContaining({
        severity: "warning",
        code: "SSH_OPEN_TO_INTERNET",
        component: "aws_vpc_security_group_ingress_rule.vpc2_ssh_from_0_0_0_0_0",
      }),
    ]);
    expect(hasFailures(analysis)).toBe(false);
  });

  it("fails when an expectation in config contradicts what the network does", () => {
    const analysis = analyze(labFixture({ expect: [{ protocol: "icmp", from: "vpc1", to: "vpc2", reachable: false }] }));
    expect(verdict(analysis, "icmp", "vpc1", "vpc2")).toMatchObject({ reachable: false, actual: true, asIntended: false });
    expect(hasFailures(analysis)).toBe(true);
  });

  it("recognises the Instance Connect prefix list by its data source when online", () => {
    const online = labFixture({ offline: false });
    expect(verdict(analyzeStack(online.json, online.intent), "ssh", "instance-connect", "vpc1").actual).toBe(true);
  });
});
