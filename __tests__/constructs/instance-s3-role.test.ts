import { Testing } from "cdktf";
import { InstanceS3Role } from "../../src/constructs/instance-s3-role";
import { LabBucket } from "../../src/constructs/lab-bucket";
import { LabVpc } from "../../src/constructs/lab-vpc";
import type { TerraformJson } from "../../test-support/synth-lab";
import { resource } from "../../test-support/synth-lab";

function synthRole(projectName = "lab", vpcName = "vpc1") {
  const text = Testing.synthScope((scope) => {
    const vpc = new LabVpc(scope, vpcName, {
      name: vpcName,
      projectName,
      cidr: "10.1.0.0/16",
      publicSubnetCidr: "10.1.0.0/24",
      availabilityZone: "us-east-1a",
    });
    const bucket = new LabBucket(scope, "bucket", { projectName });
    new InstanceS3Role(scope, "role", { vpc, projectName, bucket });
  });
  return { text, json: JSON.parse(text) as TerraformJson };
}

const documentOf = (json: TerraformJson, name: string) => json.data?.aws_iam_policy_document?.[name];

describe("InstanceS3Role", () => {
  const { json } = synthRole();

  it("lets only EC2 assume the role", () => {
    expect(resource(json, "aws_iam_role", "vpc1_instance").assume_role_policy).toBe(
      "${data.aws_iam_policy_document.vpc1_instance_trust.json}",
    );
    expect(documentOf(json, "vpc1_instance_trust")).toEqual({
      statement: [
        {
          sid: "Ec2AssumesRole",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }],
          actions: ["sts:AssumeRole"],
        },
      ],
    });
  });

  it("allows exactly s3:ListBucket on the bucket and s3:GetObject, s3:PutObject, s3:DeleteObject on its objects", () => {
    expect(resource(json, "aws_iam_role_policy", "vpc1_instance_s3")).toEqual({
      name: "lab-bucket-access",
      role: "${aws_iam_role.vpc1_instance.id}",
      policy: "${data.aws_iam_policy_document.vpc1_instance_s3.json}",
    });
    expect(documentOf(json, "vpc1_instance_s3")).toEqual({
      statement: [
        { sid: "ListLabBucket", effect: "Allow", actions: ["s3:ListBucket"], resources: ["${aws_s3_bucket.lab.arn}"] },
        {
          sid: "ReadWriteLabObjects",
          effect: "Allow",
          actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          resources: ["${aws_s3_bucket.lab.arn}/*"],
        },
      ],
    });
  });

  it("wraps the role in an instance profile", () => {
    expect(resource(json, "aws_iam_instance_profile", "vpc1_instance")).toMatchObject({
      name_prefix: "lab-vpc1-instance-",
      role: "${aws_iam_role.vpc1_instance.name}",
    });
    expect(resource(json, "aws_iam_role", "vpc1_instance").name_prefix).toBe("lab-vpc1-instance-");
  });

  it("cuts name_prefix to IAM's 38 characters for the longest stack and VPC names", () => {
    const long = synthRole("a".repeat(24), "b".repeat(16)).json;
    const prefix = resource(long, "aws_iam_role", "bbbbbbbbbbbbbbbb_instance").name_prefix as string;
    expect(prefix).toHaveLength(38);
    expect(prefix.startsWith(`${"a".repeat(24)}-${"b".repeat(13)}`)).toBe(true);
    expect(resource(long, "aws_iam_instance_profile", "bbbbbbbbbbbbbbbb_instance").name_prefix).toBe(prefix);
  });

  it("creates no IAM user and no access key", () => {
    expect(json.resource.aws_iam_user).toBeUndefined();
    expect(json.resource.aws_iam_access_key).toBeUndefined();
  });
});
