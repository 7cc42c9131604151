import type { TerraformJson } from "../../test-support/synth-lab";
import { resource, resourcesOf, synthLab, vpcConfig } from "../../test-support/synth-lab";

const vpc = vpcConfig;

type Statement = Record<string, unknown> & { sid: string; condition?: { variable: string; values: string[] }[] };
const bucketPolicyCondition = (json: TerraformJson, variable: string) =>
  ((json.data?.aws_iam_policy_document?.bucket_policy?.statement ?? []) as Statement[])
    .find((s) => s.sid === "DenyOutsideLabEndpoints")
    ?.condition?.find((c) => c.variable === variable)?.values;

describe("LabStack, chapters 3 and 4: private S3 access", () => {
  describe("with the default lab", () => {
    const { json } = synthLab();

    it("builds the bucket, an S3 gateway endpoint in each VPC, the bucket policy and a role per instance", () => {
      expect(Object.keys(resourcesOf(json, "aws_s3_bucket"))).toEqual(["lab"]);
      expect(Object.keys(resourcesOf(json, "aws_s3_bucket_policy"))).toEqual(["lab"]);
      expect(Object.keys(resourcesOf(json, "aws_vpc_endpoint")).sort()).toEqual(["vpc1_s3", "vpc2_s3"]);
      expect(Object.keys(resourcesOf(json, "aws_iam_instance_profile")).sort()).toEqual(["vpc1_instance", "vpc2_instance"]);
      expect(resource(json, "aws_vpc_endpoint", "vpc2_s3").route_table_ids).toEqual(["${aws_route_table.vpc2_public.id}"]);
    });

    it("attaches each instance's profile to its instance", () => {
      expect(resource(json, "aws_instance", "vpc1").iam_instance_profile).toBe("${aws_iam_instance_profile.vpc1_instance.name}");
      expect(resource(json, "aws_instance", "vpc2").iam_instance_profile).toBe("${aws_iam_instance_profile.vpc2_instance.name}");
    });

    it("admits both endpoints in the bucket policy", () => {
      expect(bucketPolicyCondition(json, "aws:SourceVpce")).toEqual(["${aws_vpc_endpoint.vpc1_s3.id}", "${aws_vpc_endpoint.vpc2_s3.id}"]);
    });

    it("exempts the role that runs Terraform, resolved from the caller's session (not the session ARN)", () => {
      expect(bucketPolicyCondition(json, "aws:PrincipalArn")).toEqual(["${data.aws_iam_session_context.terraform.issuer_arn}"]);
      expect(json.data?.aws_iam_session_context?.terraform).toEqual({ arn: "${data.aws_caller_identity.current.arn}" });
    });

    it("orders the work without a cycle: bucket, then endpoints (their policy names the bucket), then the bucket policy (it names them)", () => {
      const endpointPolicy = JSON.stringify(json.data?.aws_iam_policy_document?.vpc1_s3_endpoint);
      expect(endpointPolicy).toContain("${aws_s3_bucket.lab.arn}");
      expect(endpointPolicy).not.toContain("bucket_policy");
      expect(JSON.stringify(resourcesOf(json, "aws_vpc_endpoint"))).not.toContain("aws_s3_bucket_policy");
    });

    it("outputs the bucket's name and ARN, the endpoint ids and the lab's commands", () => {
      expect(json.output?.s3_bucket?.value).toEqual({ name: "${aws_s3_bucket.lab.bucket}", arn: "${aws_s3_bucket.lab.arn}" });
      expect(json.output?.s3_endpoint_ids?.value).toEqual({
        vpc1: "${aws_vpc_endpoint.vpc1_s3.id}",
        vpc2: "${aws_vpc_endpoint.vpc2_s3.id}",
      });
      expect(json.output?.s3_commands?.value).toEqual({
        create_test_file: "touch /tmp/test.txt",
        list_bucket: "aws s3 ls s3://${aws_s3_bucket.lab.bucket}",
        upload_test_file: "aws s3 cp /tmp/test.txt s3://${aws_s3_bucket.lab.bucket}/",
      });
    });
  });

  it("exempts offlineValues.terraformPrincipalArn, then adminPrincipalArns, in offline mode", () => {
    const { json } = synthLab({
      offline: true,
      offlineValues: { terraformPrincipalArn: "arn:aws:iam::123456789012:role/ci-deployer" },
      s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:user/alice"] },
    });
    expect(bucketPolicyCondition(json, "aws:PrincipalArn")).toEqual([
      "arn:aws:iam::123456789012:role/ci-deployer",
      "arn:aws:iam::123456789012:role/Admin",
      "arn:aws:iam::123456789012:user/alice",
    ]);
    expect(json.data?.aws_iam_session_context).toBeUndefined();
  });

  it('reproduces the lab with endpointVpcs ["vpc1"]: one endpoint, admitted alone, while vpc2\'s instance keeps its role', () => {
    const { json } = synthLab({ s3: { endpointVpcs: ["vpc1"] } });
    expect(Object.keys(resourcesOf(json, "aws_vpc_endpoint"))).toEqual(["vpc1_s3"]);
    expect(bucketPolicyCondition(json, "aws:SourceVpce")).toEqual(["${aws_vpc_endpoint.vpc1_s3.id}"]);
    // vpc2's requests reach S3 over the internet gateway, without aws:SourceVpce: the bucket policy denies them.
    expect(resource(json, "aws_instance", "vpc2").iam_instance_profile).toBe("${aws_iam_instance_profile.vpc2_instance.name}");
  });

  it("builds one endpoint per VPC even when endpointVpcs repeats a name", () => {
    const { json } = synthLab({ s3: { endpointVpcs: ["vpc2", "vpc2"] } });
    expect(Object.keys(resourcesOf(json, "aws_vpc_endpoint"))).toEqual(["vpc2_s3"]);
  });

  it("still admits only the selected endpoints when no selected VPC has an instance (no instance reaches the bucket then)", () => {
    const { json } = synthLab({ vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { instance: false })], s3: { endpointVpcs: ["vpc2"] } });
    expect(bucketPolicyCondition(json, "aws:SourceVpce")).toEqual(["${aws_vpc_endpoint.vpc2_s3.id}"]);
    expect(Object.keys(resourcesOf(json, "aws_iam_role")).filter((name) => name.endsWith("_instance"))).toEqual(["vpc1_instance"]);
  });

  it("names the endpoint service and the Amazon Linux repositories after the configured region", () => {
    const { json } = synthLab({ region: "eu-west-1" });
    expect(resource(json, "aws_vpc_endpoint", "vpc1_s3").service_name).toBe("com.amazonaws.eu-west-1.s3");
    expect(JSON.stringify(json.data?.aws_iam_policy_document?.vpc1_s3_endpoint)).toContain(
      "arn:${data.aws_partition.current.partition}:s3:::al2023-repos-eu-west-1-*/*",
    );
  });

  it("applies the configured endpoint policy to every endpoint", () => {
    const { json } = synthLab({ s3: { endpointPolicy: "deny-all" } });
    for (const name of ["vpc1_s3_endpoint", "vpc2_s3_endpoint"]) {
      expect(json.data?.aws_iam_policy_document?.[name]?.statement).toEqual([
        expect.objectContaining({ sid: "DenyAllS3", effect: "Deny" }),
      ]);
    }
  });

  it("leaves out the bucket, endpoints, roles and S3 outputs when s3 is false", () => {
    const { json } = synthLab({ s3: false });
    const s3Types = Object.keys(json.resource).filter((type) => type.startsWith("aws_s3_") || type === "aws_vpc_endpoint");
    expect(s3Types).toEqual([]);
    expect(json.resource.aws_iam_instance_profile).toBeUndefined();
    expect(resource(json, "aws_instance", "vpc1").iam_instance_profile).toBeUndefined();
    expect(Object.keys(json.output ?? {}).filter((name) => name.startsWith("s3_"))).toEqual([]);
  });

  // The lab typed an access key into `aws configure`; nothing here may ever create one.
  it.each<[string, Record<string, unknown>]>([
    ["the default lab", {}],
    ["offline", { offline: true }],
    ["three VPCs, one without an instance", { vpcs: [vpc("vpc1", 1), vpc("vpc2", 2), vpc("vpc3", 3, { instance: false })] }],
    ["the lab's endpoint-in-vpc1 setup", { s3: { endpointVpcs: ["vpc1"], endpointPolicy: "deny-all" } }],
    ["admins and a named bucket", { s3: { bucketName: "my-lab-bucket", adminPrincipalArns: ["arn:aws:iam::123456789012:user/alice"] } }],
    ["s3 off", { s3: false }],
  ])("synthesizes no aws_iam_user and no aws_iam_access_key for %s", (_name, overrides) => {
    const { json, text } = synthLab(overrides);
    expect(Object.keys(json.resource).filter((type) => /^aws_iam_(user|access_key)/.test(type))).toEqual([]);
    expect(text).not.toMatch(/aws_iam_access_key|aws_iam_user\b|access_key_id|secret_access_key/);
  });
});
