/**
 * The analysis of issue 13's labs, as synthesized: VPCs in two regions and two accounts, peered
 * across them, with Elastic IPs or Instance Connect Endpoints. Every path must be decided, and as
 * the intent says.
 */
import { analyze, labFixture, verdict } from "../../test-support/lab-analysis";
import { multiRegionLab } from "../../test-support/multi-region-lab";

describe("analysis of a lab across regions and accounts", () => {
  describe.each([
    ["offline, with Elastic IPs", multiRegionLab()],
    ["online, with Elastic IPs", multiRegionLab({ offline: false })],
    ["offline, through Instance Connect Endpoints", multiRegionLab({ instanceConnect: "endpoint" })],
  ])("%s", (_, config) => {
    const analysis = analyze(labFixture(config));

    it("decides every path as the intent says, with no error", () => {
      const off = analysis.verdicts.filter((v) => v.verdict === "unknown" || !v.asIntended);
      expect(off.map((v) => `${v.protocol} ${v.from}->${v.to}: ${v.verdict} (${v.blocker?.explanation ?? ""})`)).toEqual([]);
      expect(analysis.findings.filter((f) => f.severity === "error")).toEqual([]);
    });

    it("proves ping across every peering, inter-region and cross-account ones included", () => {
      for (const [from, to] of [
        ["vpc1", "vpc4"],
        ["vpc4", "vpc1"],
        ["vpc2", "vpc3"],
      ])
        expect(verdict(analysis, "icmp", from!, to!).verdict).toBe("reachable");
    });

    it("proves S3 for the other account's instance in the bucket's region, through its endpoint and the bucket policy's grant", () => {
      expect(verdict(analysis, "s3", "vpc3", "s3")).toMatchObject({
        verdict: "reachable",
        hops: expect.arrayContaining(["aws_vpc_endpoint.vpc3_s3", "aws_s3_bucket_policy.lab"]),
      });
    });

    it("blocks S3 from another region, and says that a gateway endpoint serves only its own region", () => {
      const remote = verdict(analysis, "s3", "vpc2", "s3");
      expect(remote.verdict).toBe("blocked");
      expect(remote.blocker?.explanation).toContain(
        "is in eu-west-1 and the bucket in us-east-1: an S3 gateway endpoint serves only its own region",
      );
    });
  });

  it("proves SSH through each VPC's Instance Connect Endpoint, in its own region and account", () => {
    const analysis = analyze(labFixture(multiRegionLab({ instanceConnect: "endpoint" })));
    expect(verdict(analysis, "ssh", "instance-connect", "vpc4")).toMatchObject({
      verdict: "reachable",
      hops: expect.arrayContaining(["aws_ec2_instance_connect_endpoint.vpc4"]),
    });
  });

  it("blocks SSH when the endpoint's security group may not open SSH to the instance", () => {
    const fixture = labFixture(multiRegionLab({ instanceConnect: "endpoint" }));
    delete fixture.json.resource.aws_vpc_security_group_egress_rule!.vpc4_eice_ssh_to_instance;
    expect(verdict(analyze(fixture), "ssh", "instance-connect", "vpc4")).toMatchObject({
      verdict: "blocked",
      blocker: { code: "ENI_SG_RULES_MISMATCH", component: "aws_security_group.vpc4_instance_connect_endpoint" },
    });
  });
});
