import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { INSTANCE_BUCKET_ACTIONS, INSTANCE_OBJECT_ACTIONS } from "../model/lab-contract";
import type { LabBucket } from "./lab-bucket";
import type { LabVpc } from "./lab-vpc";
import { pinAddress } from "./terraform-address";
import { useProvider } from "./use-provider";

/** IAM's limit on `name_prefix` (64 characters minus Terraform's 26-character unique suffix). */
export const IAM_NAME_PREFIX_MAX_LENGTH = 38;

/** Properties of {@link InstanceS3Role}. */
export interface InstanceS3RoleProps {
  /** The VPC whose instance assumes the role; its name names the resources. */
  readonly vpc: LabVpc;
  /** Stack name, prefixed to IAM names. */
  readonly projectName: string;
  /** The bucket the instance may list, read, write and delete in: nothing else. */
  readonly bucket: LabBucket;
}

/**
 * An IAM role for one lab instance, its instance profile, and an inline policy that allows exactly
 * `s3:ListBucket` on the lab bucket and `s3:GetObject`, `s3:PutObject`, `s3:DeleteObject` on its
 * objects. The instance gets short-lived credentials from its metadata service, rotated by AWS:
 * this replaces the access key the lab typed into `aws configure` (no IAM user, no access key).
 *
 * Addresses: `aws_iam_role.<vpc>_instance`, `aws_iam_instance_profile.<vpc>_instance`,
 * `aws_iam_role_policy.<vpc>_instance_s3`, `data.aws_iam_policy_document.<vpc>_instance_trust`,
 * `data.aws_iam_policy_document.<vpc>_instance_s3`.
 */
export class InstanceS3Role extends Construct {
  public readonly role: IamRole;
  public readonly instanceProfile: IamInstanceProfile;

  public constructor(scope: Construct, id: string, props: InstanceS3RoleProps) {
    super(scope, id);
    const name = props.vpc.name;
    // "<project>-<vpc>-instance-" can reach 51 characters; the prefix only aids reading, the suffix makes it unique.
    const namePrefix = `${props.projectName}-${props.vpc.physicalName}-instance-`.slice(0, IAM_NAME_PREFIX_MAX_LENGTH);

    const trust = pinAddress(
      new DataAwsIamPolicyDocument(this, "trust", {
        statement: [
          {
            sid: "Ec2AssumesRole",
            effect: "Allow",
            principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }],
            actions: ["sts:AssumeRole"],
          },
        ],
      }),
      `${name}_instance_trust`,
    );
    this.role = pinAddress(
      new IamRole(this, "role", {
        namePrefix,
        description: `Lab instance in ${props.vpc.physicalName}: S3 access to the lab bucket only`,
        assumeRolePolicy: trust.json,
        tags: { Name: `${props.projectName}-${props.vpc.physicalName}-instance` },
      }),
      `${name}_instance`,
    );

    const access = pinAddress(
      new DataAwsIamPolicyDocument(this, "s3-access", {
        statement: [
          { sid: "ListLabBucket", effect: "Allow", actions: [...INSTANCE_BUCKET_ACTIONS], resources: [props.bucket.bucketArn] },
          { sid: "ReadWriteLabObjects", effect: "Allow", actions: [...INSTANCE_OBJECT_ACTIONS], resources: [props.bucket.objectsArn] },
        ],
      }),
      `${name}_instance_s3`,
    );
    pinAddress(
      new IamRolePolicy(this, "s3-policy", { name: "lab-bucket-access", role: this.role.id, policy: access.json }),
      `${name}_instance_s3`,
    );

    this.instanceProfile = pinAddress(
      new IamInstanceProfile(this, "profile", {
        namePrefix,
        role: this.role.name,
        tags: { Name: `${props.projectName}-${props.vpc.physicalName}-instance` },
      }),
      `${name}_instance`,
    );
    useProvider(this, props.vpc.provider);
  }

  /** The instance profile's name, for `aws_instance.iam_instance_profile`. */
  public get instanceProfileName(): string {
    return this.instanceProfile.name;
  }

  /** The role's ARN. */
  public get roleArn(): string {
    return this.role.arn;
  }
}
