import { NetworkModel } from "../../../src/analysis/network-model";
import { quotaFindings } from "../../../src/analysis/rules/quotas";
import { TerraformDocument } from "../../../src/analysis/terraform-json";
import { labFixture } from "../../../test-support/lab-analysis";

const vpcs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `vpc${i + 1}`,
    cidr: `10.${i + 1}.0.0/16`,
    publicSubnetCidr: `10.${i + 1}.0.0/24`,
    instance: false,
  }));

describe("quotaFindings", () => {
  it("finds nothing in the default lab", () => {
    expect(quotaFindings(new NetworkModel(new TerraformDocument(labFixture().json)))).toEqual([]);
  });

  it("reports routes per route table and gateway endpoints per region above the default quota in a 50-VPC mesh", () => {
    const findings = quotaFindings(new NetworkModel(new TerraformDocument(labFixture({ vpcs: vpcs(50) }).json)));
    // 49 peering routes + the internet route + the S3 endpoint's route = 51 > 50.
    expect(findings.filter((f) => f.code === "QUOTA_ROUTES_PER_ROUTE_TABLE")).toHaveLength(50);
    expect(findings.find((f) => f.component === "aws_route_table.vpc1_public")).toMatchObject({
      severity: "error",
      message: expect.stringContaining('51, above the default quota "Routes per route table" (50)'),
    });
    expect(findings.filter((f) => f.code === "QUOTA_GATEWAY_ENDPOINTS_PER_REGION")).toEqual([
      expect.objectContaining({ message: expect.stringContaining("50, above the default quota") }),
    ]);
    expect(findings.filter((f) => f.code === "QUOTA_PEERINGS_PER_VPC")).toEqual([]);
  });

  it("reports peerings per VPC and rules per security group above their quotas", () => {
    const json = {
      resource: {
        aws_vpc: { hub: { cidr_block: "10.0.0.0/16" } },
        aws_vpc_peering_connection: {} as Record<string, Record<string, unknown>>,
        aws_security_group: { big: { vpc_id: "${aws_vpc.hub.id}", ingress: [] as unknown[] } },
      },
    };
    for (let i = 0; i < 51; i++)
      json.resource.aws_vpc_peering_connection[`p${i}`] = {
        vpc_id: "${aws_vpc.hub.id}",
        peer_vpc_id: `\${aws_vpc.v${i}.id}`,
        auto_accept: true,
      };
    for (let i = 0; i < 61; i++)
      json.resource.aws_security_group.big.ingress.push({ protocol: "tcp", from_port: i, to_port: i, cidr_blocks: ["10.0.0.0/8"] });
    const codes = quotaFindings(new NetworkModel(new TerraformDocument(json))).map((f) => `${f.code} ${f.component}`);
    expect(codes).toEqual(["QUOTA_PEERINGS_PER_VPC aws_vpc.hub", "QUOTA_RULES_PER_SECURITY_GROUP aws_security_group.big"]);
  });
});
