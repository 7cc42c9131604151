/**
 * The contract between what the constructs generate and what the analysis reads: Terraform
 * addresses (names pinned with `pinAddress`), ports, the lab's S3 actions and its object key.
 * Both sides import these, so no list is kept twice by hand.
 */

/** TCP port of SSH (EC2 Instance Connect connects to it). */
export const SSH_PORT = 22;
/** TCP port of HTTPS (S3 and the other AWS APIs). */
export const HTTPS_PORT = 443;
/** ICMP type of an echo request (ping). */
export const ICMP_ECHO_REQUEST_TYPE = 8;
/** ICMP type of an echo reply. */
export const ICMP_ECHO_REPLY_TYPE = 0;

/** Key of the object uploaded when `s3.testObject` is on: the file name the lab used. */
export const TEST_OBJECT_KEY = "test.txt";
/** The S3 actions an instance needs on the lab bucket (`s3:ListBucket` applies to the bucket itself). */
export const INSTANCE_BUCKET_ACTIONS = ["s3:ListBucket"] as const;
/** The S3 actions an instance needs on the lab bucket's objects. */
export const INSTANCE_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] as const;
/**
 * The requests the lab's own commands make (`aws s3 ls s3://<bucket>`, `aws s3 cp` up and down):
 * the S3 path is proven for each. `object` tells whether it targets the bucket's objects.
 */
export const LAB_S3_REQUESTS = [
  { action: "s3:ListBucket", object: false },
  { action: "s3:GetObject", object: true },
  { action: "s3:PutObject", object: true },
] as const;

/** Pinned names of the lab bucket's resources (`aws_s3_bucket.lab`, `aws_s3_bucket_policy.lab`, ...). */
export const LAB_BUCKET_NAME = "lab";
/** Pinned name of the bucket policy's `aws_iam_policy_document`. */
export const BUCKET_POLICY_DOCUMENT_NAME = "bucket_policy";
/** Sid of the bucket policy statement that denies requests from outside the lab's endpoints. */
export const DENY_OUTSIDE_ENDPOINTS_SID = "DenyOutsideLabEndpoints";
/** Sid of the bucket policy statement that denies requests without TLS. */
export const DENY_INSECURE_TRANSPORT_SID = "DenyInsecureTransport";

/** Pinned name of the `aws_iam_session_context` that resolves the role running Terraform. */
export const TERRAFORM_SESSION_NAME = "terraform";
/** The expression for the role ARN that runs Terraform when online: the session context's issuer. */
export const TERRAFORM_PRINCIPAL_REFERENCE = `\${data.aws_iam_session_context.${TERRAFORM_SESSION_NAME}.issuer_arn}`;

/** The address of a lab VPC: `aws_vpc.<name>`. */
export const vpcAddress = (vpc: string): string => `aws_vpc.${vpc}`;
/** The address of a VPC's instance: `aws_instance.<vpc>`. */
export const instanceAddress = (vpc: string): string => `aws_instance.${vpc}`;
/** The role ARN offline mode takes for the identity that runs Terraform when none is configured. */
export const defaultOfflineTerraformPrincipalArn = (accountId: string): string => `arn:aws:iam::${accountId}:role/terraform`;
