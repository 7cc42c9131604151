import { NetworkModel } from "../../../src/analysis/network-model";
import { quotaFindings } from "../../../src/analysis/rules/quotas";
import { TerraformDocument } from "../../../src/analysis/terraform-json";
import { labFixture } from "../../../test-support/lab-analysis";

/**
 * The shape LabStack synthesizes for a full mesh of `n` VPCs (what quotas count: route tables,
 * their routes, peerings, gateway endpoints), built directly: synthesizing 50 VPCs takes seconds,
 * and `npm run bench` already synthesizes and analyses the real 50-VPC mesh.
 */
function meshJson(n: number) {
  const names = Array.from({ length: n }, (_, i) => `vpc${i + 1}`);
  const resource: Record<string, Record<string, Record<string, unknown>>> = {
    aws_vpc: {},
    aws_route_table: {},
    aws_route: {},
    aws_vpc_peering_connection: {},
    aws_vpc_endpoint: {},
    aws_internet_gateway: {},
  };
  names.forEach((name, i) => {
    resource.aws_vpc![name] = { cidr_block: `10.${i + 1}.0.0/16` };
    resource.aws_internet_gateway![name] = { vpc_id: `\${aws_vpc.${name}.id}` };
    resource.aws_route_table![`${name}_public`] = { vpc_id: `\${aws_vpc.${name}.id}` };
    resource.aws_route![`${name}_public_internet`] = {
      route_table_id: `\${aws_route_table.${name}_public.id}`,
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: `\${aws_internet_gateway.${name}.id}`,
    };
    resource.aws_vpc_endpoint![`${name}_s3`] = {
      vpc_id: `\${aws_vpc.${name}.id}`,
      service_name: "com.amazonaws.us-east-1.s3",
      vpc_endpoint_type: "Gateway",
      route_table_ids: [`\${aws_route_table.${name}_public.id}`],
    };
  });
  names.forEach((a, i) =>
    names.slice(i + 1).forEach((b, j) => {
      resource.aws_vpc_peering_connection![`${a}_${b}`] = {
        vpc_id: `\${aws_vpc.${a}.id}`,
        peer_vpc_id: `\${aws_vpc.${b}.id}`,
        auto_accept: true,
      };
      resource.aws_route![`${a}_to_${b}`] = {
        route_table_id: `\${aws_route_table.${a}_public.id}`,
        destination_cidr_block: `10.${i + j + 2}.0.0/16`,
        vpc_peering_connection_id: `\${aws_vpc_peering_connection.${a}_${b}.id}`,
      };
      resource.aws_route![`${b}_to_${a}`] = {
        route_table_id: `\${aws_route_table.${b}_public.id}`,
        destination_cidr_block: `10.${i + 1}.0.0/16`,
        vpc_peering_connection_id: `\${aws_vpc_peering_connection.${a}_${b}.id}`,
      };
    }),
  );
  return { resource };
}

describe("quotaFindings", () => {
  it("finds nothing in the default lab, nor in a 49-VPC mesh's route tables", () => {
    expect(
      quotaFindings(new NetworkModel(new TerraformDocument(meshJson(49)))).filter((f) => f.code === "QUOTA_ROUTES_PER_ROUTE_TABLE"),
    ).toEqual([]);
    expect(quotaFindings(new NetworkModel(new TerraformDocument(labFixture().json)))).toEqual([]);
  });

  it("reports routes per route table and gateway endpoints per region above the default quota in a 50-VPC mesh", () => {
    const findings = quotaFindings(new NetworkModel(new TerraformDocument(meshJson(50))));
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

  describe("per Region and account", () => {
    const PROVIDERS = {
      aws: [
        { region: "us-east-1" },
        { alias: "eu-west-1", region: "eu-west-1" },
        { alias: "shared", region: "us-east-1", assume_role: [{ role_arn: "arn:aws:iam::210987654321:role/vpc-lab-terraform" }] },
      ],
    };
    /** VPCs `vpc0..vpc<n-1>`, each with a gateway endpoint and an Instance Connect Endpoint, in the provider `placeOf(i)` names. */
    function placedJson(n: number, placeOf: (i: number) => string | undefined) {
      const resource: Record<string, Record<string, Record<string, unknown>>> = {
        aws_vpc: {},
        aws_subnet: {},
        aws_vpc_endpoint: {},
        aws_ec2_instance_connect_endpoint: {},
      };
      for (let i = 0; i < n; i++) {
        const provider = placeOf(i) === undefined ? {} : { provider: `aws.${placeOf(i)}` };
        resource.aws_vpc![`vpc${i}`] = { cidr_block: `10.${i}.0.0/16`, ...provider };
        resource.aws_subnet![`vpc${i}_public`] = { vpc_id: `\${aws_vpc.vpc${i}.id}`, cidr_block: `10.${i}.0.0/24`, ...provider };
        resource.aws_vpc_endpoint![`vpc${i}_s3`] = {
          vpc_id: `\${aws_vpc.vpc${i}.id}`,
          service_name: `com.amazonaws.${placeOf(i) === "eu-west-1" ? "eu-west-1" : "us-east-1"}.s3`,
          vpc_endpoint_type: "Gateway",
          ...provider,
        };
        resource.aws_ec2_instance_connect_endpoint![`vpc${i}`] = {
          subnet_id: `\${aws_subnet.vpc${i}_public.id}`,
          security_group_ids: [],
          preserve_client_ip: false,
          ...provider,
        };
      }
      return new NetworkModel(new TerraformDocument({ provider: PROVIDERS, resource }));
    }
    const codes = (model: NetworkModel) => quotaFindings(model).map((f) => f.code);

    it("counts gateway endpoints and Instance Connect Endpoints per Region and per account", () => {
      // 12 VPCs in three places (home, another Region, another account): 4 in each, under both quotas.
      expect(codes(placedJson(12, (i) => [undefined, "eu-west-1", "shared"][i % 3]))).toEqual([]);
    });

    it("reports more than 20 gateway endpoints and more than 5 Instance Connect Endpoints in one Region of one account", () => {
      const findings = quotaFindings(placedJson(21, () => "shared"));
      expect(findings.map((f) => f.code)).toEqual(["QUOTA_GATEWAY_ENDPOINTS_PER_REGION", "QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_REGION"]);
      expect(findings[1]!.message).toContain('21, above the default quota "EC2 Instance Connect Endpoints per account and Region" (5)');
      expect(findings[1]!.message).toContain("in us-east-1");
    });

    it("reports a second Instance Connect Endpoint in one VPC (AWS allows one)", () => {
      const model = placedJson(1, () => undefined);
      const json = model.doc.json as { resource: Record<string, Record<string, Record<string, unknown>>> };
      json.resource.aws_ec2_instance_connect_endpoint!.second = { subnet_id: "${aws_subnet.vpc0_public.id}", security_group_ids: [] };
      const findings = quotaFindings(new NetworkModel(new TerraformDocument(json)));
      expect(findings).toEqual([
        expect.objectContaining({
          code: "QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_VPC",
          component: "aws_vpc.vpc0",
          message: expect.stringContaining("AWS allows one endpoint per VPC"),
        }),
      ]);
    });
  });
});
