import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Construct } from "constructs";
import {
  BUCKET_POLICY_DOCUMENT_NAME,
  DENY_INSECURE_TRANSPORT_SID,
  DENY_OUTSIDE_ENDPOINTS_SID,
  INSTANCE_BUCKET_ACTIONS,
  INSTANCE_OBJECT_ACTIONS,
  LAB_BUCKET_NAME,
  TEST_OBJECT_KEY,
} from "../model/lab-contract";
import { pinAddress } from "./terraform-address";

export { INSTANCE_BUCKET_ACTIONS, INSTANCE_OBJECT_ACTIONS, TEST_OBJECT_KEY } from "../model/lab-contract";
/** Sid of the bucket policy statement that lets other accounts' instance roles list the bucket. */
export const ALLOW_OTHER_ACCOUNT_LIST_SID = "ListLabBucketFromOtherAccounts";
/** Sid of the bucket policy statement that lets other accounts' instance roles use its objects. */
export const ALLOW_OTHER_ACCOUNT_OBJECTS_SID = "ReadWriteLabObjectsFromOtherAccounts";
/** Days after which an unfinished multipart upload is aborted (its parts are billed until then). */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
/** Days a replaced or deleted object version is kept before it expires. */
export const NONCURRENT_VERSION_DAYS = 30;

/** Properties of {@link LabBucket}. */
export interface LabBucketProps {
  /** Stack name: the bucket is named by `bucket_prefix` `<projectName>-` unless `bucketName` is set. */
  readonly projectName: string;
  /** Exact bucket name, already validated against S3's rules. @default a `bucket_prefix` of `<projectName>-` */
  readonly bucketName?: string;
  /** Let `terraform destroy` delete the bucket while it still holds objects. @default false */
  readonly forceDestroy?: boolean;
  /** Upload `test.txt`, as the lab did. @default true */
  readonly testObject?: boolean;
  /**
   * Adopt this existing bucket (its name) through an `import` block instead of creating one; the
   * bucket is then named exactly so (a bucket cannot be renamed). @default create a bucket
   */
  readonly importBucket?: string;
}

/** Who keeps access from outside the endpoints: see {@link LabBucket.restrictToEndpoints}. */
export interface EndpointOnlyAccess {
  /**
   * Ids of the lab's S3 gateway endpoints (`vpce-...`, as `aws:SourceVpce` reports them): requests
   * through any of them are not denied. At least one.
   */
  readonly endpointIds: readonly string[];
  /**
   * IAM role or user ARNs (never assumed-role session ARNs) exempt from the endpoint-only rule:
   * the identity that runs Terraform first, then the administrators. At least one.
   */
  readonly exemptPrincipalArns: readonly string[];
  /**
   * Instance roles of other accounts that get the lab's actions (listing the bucket, reading,
   * writing and deleting its objects): a role reaches another account's bucket only when the
   * bucket policy allows it too. They stay subject to the endpoint-only rule.
   * @default none
   */
  readonly otherAccountRoleArns?: readonly string[];
}

/**
 * The lab's S3 bucket, hardened: versioning, default encryption (SSE-S3), all four public access
 * blocks, ownership controls `BucketOwnerEnforced` (ACLs off), and a lifecycle rule that aborts
 * unfinished multipart uploads and expires old versions. {@link restrictToEndpoints} adds the
 * bucket policy.
 *
 * Addresses: `aws_s3_bucket.lab`, `aws_s3_bucket_{versioning,server_side_encryption_configuration,
 * public_access_block,ownership_controls,lifecycle_configuration,policy}.lab`,
 * `data.aws_iam_policy_document.bucket_policy`, `aws_s3_object.test_object`.
 */
export class LabBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** The uploaded `test.txt`, when `testObject` is on. */
  public readonly testObject?: S3Object;
  private policyDocument?: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: LabBucketProps) {
    super(scope, id);
    const bucketName = props.importBucket ?? props.bucketName;
    this.bucket = pinAddress(
      new S3Bucket(this, "bucket", {
        ...(bucketName === undefined ? { bucketPrefix: `${props.projectName}-` } : { bucket: bucketName }),
        forceDestroy: props.forceDestroy ?? false,
      }),
      LAB_BUCKET_NAME,
    );
    if (props.importBucket) this.bucket.importFrom(props.importBucket);
    const bucket = this.bucket.id;

    const versioning = pinAddress(
      new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } }),
      LAB_BUCKET_NAME,
    );
    const encryption = pinAddress(
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
        bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      }),
      LAB_BUCKET_NAME,
    );
    this.publicAccessBlock = pinAddress(
      new S3BucketPublicAccessBlock(this, "public-access-block", {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      LAB_BUCKET_NAME,
    );
    pinAddress(
      new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }),
      LAB_BUCKET_NAME,
    );
    pinAddress(
      new S3BucketLifecycleConfiguration(this, "lifecycle", {
        bucket,
        rule: [
          {
            id: "abort-incomplete-uploads-and-expire-noncurrent-versions",
            status: "Enabled",
            // Provider 5.100 warns that a rule without a filter will become an error: an empty
            // filter states "every object" explicitly.
            filter: [{}],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
            noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          },
        ],
        // A noncurrent-version rule means nothing until versioning is on (provider docs).
        dependsOn: [versioning],
      }),
      LAB_BUCKET_NAME,
    );

    if (props.testObject ?? true) {
      this.testObject = pinAddress(
        new S3Object(this, "test-object", {
          bucket,
          key: TEST_OBJECT_KEY,
          content: "Hello from the VPC lab: uploaded by Terraform, read by the instances through the S3 gateway endpoint.\n",
          contentType: "text/plain",
          // Upload once encryption and versioning are set: the object is then encrypted as configured
          // and has a version id, so `terraform destroy` deletes all of its versions.
          dependsOn: [versioning, encryption],
        }),
        "test_object",
      );
    }
  }

  /** The bucket's name (generated from `bucket_prefix` unless configured). */
  public get bucketName(): string {
    return this.bucket.bucket;
  }

  /** The bucket's ARN. */
  public get bucketArn(): string {
    return this.bucket.arn;
  }

  /** The ARN pattern of every object in the bucket (`<bucket arn>/*`). */
  public get objectsArn(): string {
    return `${this.bucket.arn}/*`;
  }

  /**
   * Adds the bucket policy: deny every S3 action on the bucket and its objects unless the request
   * comes through one of `endpoints` or from an exempt principal, and deny any request without TLS.
   *
   * The lab's policy had only the first half and locked out the console (and would have locked out
   * Terraform): the exemption keeps the bucket manageable by the identities that own it. Both
   * conditions of the first statement must hold for it to deny (conditions are ANDed).
   */
  public restrictToEndpoints(access: EndpointOnlyAccess): void {
    if (this.policyDocument) throw new Error("LabBucket.restrictToEndpoints: the bucket policy already exists; call it once");
    if (access.endpointIds.length === 0)
      throw new Error("LabBucket.restrictToEndpoints: expected at least one endpoint (an empty list would deny every instance)");
    if (access.exemptPrincipalArns.length === 0)
      throw new Error("LabBucket.restrictToEndpoints: expected at least one exempt principal (the one that runs Terraform)");

    const everyone = [{ type: "*", identifiers: ["*"] }];
    const bucketAndObjects = [this.bucketArn, this.objectsArn];
    this.policyDocument = pinAddress(
      new DataAwsIamPolicyDocument(this, "policy-document", {
        statement: [
          {
            sid: DENY_OUTSIDE_ENDPOINTS_SID,
            effect: "Deny",
            principals: everyone,
            actions: ["s3:*"],
            resources: bucketAndObjects,
            condition: [
              { test: "StringNotEquals", variable: "aws:SourceVpce", values: [...access.endpointIds] },
              // aws:PrincipalArn of a role session is the role's ARN, so this survives new sessions.
              { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [...new Set(access.exemptPrincipalArns)] },
            ],
          },
          {
            sid: DENY_INSECURE_TRANSPORT_SID,
            effect: "Deny",
            principals: everyone,
            actions: ["s3:*"],
            resources: bucketAndObjects,
            condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          },
          ...otherAccountStatements(access.otherAccountRoleArns ?? [], this.bucketArn, this.objectsArn),
        ],
      }),
      BUCKET_POLICY_DOCUMENT_NAME,
    );
    pinAddress(
      new S3BucketPolicy(this, "policy", {
        bucket: this.bucket.id,
        policy: this.policyDocument.json,
        // S3 rejects concurrent changes to the public access block and the policy ("conflicting
        // conditional operation"): put the policy on after the block.
        dependsOn: [this.publicAccessBlock],
      }),
      LAB_BUCKET_NAME,
    );
  }
}

/** The Allow statements of another account's instance roles: the same actions as their own policies. */
function otherAccountStatements(roleArns: readonly string[], bucketArn: string, objectsArn: string) {
  if (roleArns.length === 0) return [];
  const roles = [{ type: "AWS", identifiers: [...roleArns] }];
  return [
    {
      sid: ALLOW_OTHER_ACCOUNT_LIST_SID,
      effect: "Allow",
      principals: roles,
      actions: [...INSTANCE_BUCKET_ACTIONS],
      resources: [bucketArn],
    },
    {
      sid: ALLOW_OTHER_ACCOUNT_OBJECTS_SID,
      effect: "Allow",
      principals: roles,
      actions: [...INSTANCE_OBJECT_ACTIONS],
      resources: [objectsArn],
    },
  ];
}
