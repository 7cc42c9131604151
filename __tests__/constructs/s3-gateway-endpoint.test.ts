import { Testing } from "cdktf";
import { LabBucket } from "../../src/constructs/lab-bucket";
import { LabVpc } from "../../src/constructs/lab-vpc";
import type { EndpointPolicyMode } from "../../src/constructs/s3-gateway-endpoint";
import { S3GatewayEndpoint } from "../../src/constructs/s3-gateway-endpoint";
import type { TerraformJson } from "../../test-support/synth-lab";
import { resource } from "../../test-support/synth-lab";

function synthEndpoint(policy?: EndpointPolicyMode, region = "us-east-1") {
  const text = Testing.synthScope((scope) => {
    const vpc = new LabVpc(scope, "vpc2", {
      name: "vpc2",
      projectName: "lab",
      cidr: "10.2.0.0/16",
      publicSubnetCidr: "10.2.0.0/24",
      availabilityZone: `${region}a`,
    });
    const bucket = new LabBucket(scope, "bucket", { projectName: "lab" });
    new S3GatewayEndpoint(scope, "s3", {
      vpc,
      projectName: "lab",
      region,
      partition: "aws",
      bucketArn: bucket.bucketArn,
      objectsArn: bucket.objectsArn,
      policy,
    });
  });
  return JSON.parse(text) as TerraformJson;
}

type Statement = Record<string, unknown>;
const endpointStatements = (json: TerraformJson) => (json.data?.aws_iam_policy_document?.vpc2_s3_endpoint?.statement ?? []) as Statement[];
const EVERYONE = [{ type: "*", identifiers: ["*"] }];

describe("S3GatewayEndpoint", () => {
  it("is a Gateway endpoint for the configured region's S3 service, on every route table of its VPC, with its policy document", () => {
    expect(resource(synthEndpoint(), "aws_vpc_endpoint", "vpc2_s3")).toEqual({
      vpc_id: "${aws_vpc.vpc2.id}",
      vpc_endpoint_type: "Gateway",
      service_name: "com.amazonaws.us-east-1.s3",
      route_table_ids: ["${aws_route_table.vpc2_public.id}"],
      policy: "${data.aws_iam_policy_document.vpc2_s3_endpoint.json}",
      tags: { Name: "lab-vpc2-s3" },
    });
  });

  it("names the service after the region it is given", () => {
    expect(resource(synthEndpoint(undefined, "eu-west-1"), "aws_vpc_endpoint", "vpc2_s3").service_name).toBe("com.amazonaws.eu-west-1.s3");
  });

  it('defaults to the "bucket-only" policy', () => {
    expect(endpointStatements(synthEndpoint())).toEqual(endpointStatements(synthEndpoint("bucket-only")));
  });

  it("\"bucket-only\" allows the instances' actions on the lab bucket and reads of the region's Amazon Linux 2023 repositories, nothing else", () => {
    expect(endpointStatements(synthEndpoint("bucket-only", "eu-west-1"))).toEqual([
      {
        sid: "ListLabBucket",
        effect: "Allow",
        principals: EVERYONE,
        actions: ["s3:ListBucket"],
        resources: ["${aws_s3_bucket.lab.arn}"],
      },
      {
        sid: "ReadWriteLabObjects",
        effect: "Allow",
        principals: EVERYONE,
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: ["${aws_s3_bucket.lab.arn}/*"],
      },
      {
        sid: "ReadAmazonLinuxRepositories",
        effect: "Allow",
        principals: EVERYONE,
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::al2023-repos-eu-west-1-*/*"],
      },
    ]);
  });

  it('"full-access" allows all of S3, as AWS\'s default endpoint policy does', () => {
    expect(endpointStatements(synthEndpoint("full-access"))).toEqual([
      { sid: "AllowAllS3", effect: "Allow", principals: EVERYONE, actions: ["s3:*"], resources: ["*"] },
    ]);
  });

  it('"deny-all" denies all of S3: the lab\'s experiment of switching the endpoint policy to Deny', () => {
    expect(endpointStatements(synthEndpoint("deny-all"))).toEqual([
      { sid: "DenyAllS3", effect: "Deny", principals: EVERYONE, actions: ["s3:*"], resources: ["*"] },
    ]);
  });

  it.each<EndpointPolicyMode>(["bucket-only", "full-access", "deny-all"])("names principal * in every %s statement", (mode) => {
    for (const statement of endpointStatements(synthEndpoint(mode))) expect(statement.principals).toEqual(EVERYONE);
  });
});
