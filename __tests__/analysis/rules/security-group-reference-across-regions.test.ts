import { analyze, labFixture } from "../../../test-support/lab-analysis";
import { multiRegionLab } from "../../../test-support/multi-region-lab";

describe("securityGroupReferenceFindings", () => {
  const codes = (fixture: ReturnType<typeof labFixture>) =>
    analyze(fixture)
      .findings.filter((f) => f.code === "SG_REFERENCE_ACROSS_REGIONS")
      .map((f) => f.component);

  it("finds nothing in a lab across regions and accounts: its ping rules name the peer's CIDR", () => {
    expect(codes(labFixture(multiRegionLab()))).toEqual([]);
  });

  it("reports a rule that references a security group of another region, as an error", () => {
    const fixture = labFixture(multiRegionLab());
    const rule = fixture.json.resource.aws_vpc_security_group_ingress_rule!.vpc2_icmp_from_vpc1!;
    delete rule.cidr_ipv4;
    rule.referenced_security_group_id = "${aws_security_group.vpc1_instance.id}";
    const finding = analyze(fixture).findings.find((f) => f.code === "SG_REFERENCE_ACROSS_REGIONS");
    expect(finding).toMatchObject({
      severity: "error",
      component: "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1",
      message: expect.stringContaining("(in eu-west-1) references aws_security_group.vpc1_instance, a security group in us-east-1"),
    });
  });

  it("accepts a reference to another account's group in the same region (a peered VPC's group)", () => {
    const fixture = labFixture(multiRegionLab());
    const rule = fixture.json.resource.aws_vpc_security_group_ingress_rule!.vpc3_icmp_from_vpc1!;
    delete rule.cidr_ipv4;
    rule.referenced_security_group_id = "${aws_security_group.vpc1_instance.id}";
    expect(codes(fixture)).toEqual([]);
  });
});
