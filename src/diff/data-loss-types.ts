import type { Block } from "../analysis/terraform-json";

/**
 * A resource type whose deletion loses what users (or AWS, for them) put in it, so that Terraform
 * cannot give it back by creating the resource again.
 */
export interface DataHoldingType {
  readonly type: string;
  /** What is lost, completing "deleting it loses ...". */
  readonly holds: string;
  /**
   * Arguments whose change makes Terraform replace the resource (destroy, then create): for these
   * types a replacement loses the data as a removal does. Those of hashicorp/aws 5.x (ForceNew).
   */
  readonly replacedBy: readonly string[];
  /** False when the removed block says its data survives the deletion (`skip_destroy`, a root volume kept). */
  readonly losesDataWhenDeleted?: (body: Block) => boolean;
}

/**
 * The types the diff counts as holding data or history, and why. The lab's own are the bucket
 * (its objects and their versions), the test object, the flow logs' log groups (the only record
 * of the traffic) and the instances (their root volume, deleted with the instance unless
 * `delete_on_termination` is false: whatever was installed or written on it). The others hold
 * what their users put in them and can appear in any Terraform output the diff reads. Resources
 * that only configure (policies, routes, security groups, flow logs themselves, saved queries)
 * are rebuilt identical from the configuration and are not counted.
 */
export const DATA_HOLDING_TYPES: readonly DataHoldingType[] = [
  {
    type: "aws_s3_bucket",
    holds: "the bucket's objects and every version of them",
    replacedBy: ["bucket", "bucket_prefix", "object_lock_enabled"],
  },
  { type: "aws_s3_object", holds: "the object's content", replacedBy: ["bucket", "key"] },
  { type: "aws_s3_bucket_object", holds: "the object's content", replacedBy: ["bucket", "key"] },
  {
    type: "aws_cloudwatch_log_group",
    holds: "the log events in it (for flow logs, the only record of the traffic)",
    replacedBy: ["name", "name_prefix", "log_group_class"],
    losesDataWhenDeleted: (body) => body.skip_destroy !== true,
  },
  {
    type: "aws_instance",
    holds: "its root volume (deleted with the instance), and whatever was installed or written on it",
    replacedBy: [
      "ami",
      "subnet_id",
      "availability_zone",
      "associate_public_ip_address",
      "key_name",
      "private_ip",
      "tenancy",
      "user_data_base64",
    ],
    losesDataWhenDeleted: (body) =>
      !(Array.isArray(body.root_block_device) ? body.root_block_device : [body.root_block_device]).some(
        (device) => typeof device === "object" && device !== null && (device as Block).delete_on_termination === false,
      ),
  },
  { type: "aws_ebs_volume", holds: "the volume's blocks", replacedBy: ["availability_zone", "snapshot_id", "encrypted", "kms_key_id"] },
  { type: "aws_dynamodb_table", holds: "the table's items", replacedBy: ["name"] },
  { type: "aws_db_instance", holds: "the database (a final snapshot is kept only when configured)", replacedBy: ["identifier", "engine"] },
  {
    type: "aws_rds_cluster",
    holds: "the database (a final snapshot is kept only when configured)",
    replacedBy: ["cluster_identifier", "engine"],
  },
  { type: "aws_efs_file_system", holds: "the files in it", replacedBy: ["creation_token", "encrypted", "kms_key_id"] },
  { type: "aws_ecr_repository", holds: "the images in it", replacedBy: ["name"] },
  { type: "aws_kms_key", holds: "the use of everything encrypted with it (unreadable once the key is deleted)", replacedBy: [] },
  { type: "aws_secretsmanager_secret", holds: "the secret's value (after the recovery window)", replacedBy: ["name", "name_prefix"] },
];

const BY_TYPE = new Map(DATA_HOLDING_TYPES.map((t) => [t.type, t]));

/** The registered data-holding type of a resource type, if it is one. */
export const dataHoldingType = (type: string): DataHoldingType | undefined => BY_TYPE.get(type);
