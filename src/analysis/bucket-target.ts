import type { PolicyOnPath } from "./iam-evaluation";
import type { NetworkModel } from "./network-model";
import type { PolicyDocument } from "./policy-document";
import { readPolicy } from "./policy-document";
import type { SymbolicValue } from "./symbolic-value";
import { hole, knownText } from "./symbolic-value";
import { addressOf, blocksOf, parseReference } from "./terraform-json";

/** The customer-managed KMS key the bucket encrypts new objects with, when it has one. */
export interface BucketKey {
  /** The key's Terraform address, when it is in the stack. */
  readonly address?: string;
  readonly arn: SymbolicValue;
  /** The account that owns the key. */
  readonly account: SymbolicValue;
  /** The key policy (AWS's default when the key has none); undefined when the key is outside the stack. */
  readonly policy?: PolicyOnPath;
  /** The key as written, for a key outside the stack. */
  readonly outside?: string;
}

/** The bucket a path ends at. */
export interface BucketTarget {
  readonly address: string;
  readonly arn: SymbolicValue;
  /** The account that owns it (its provider's). */
  readonly account: SymbolicValue;
  /** Its region (its provider's): only a gateway endpoint of that region reaches it. */
  readonly region?: string;
  /** The bucket policy and the resource that attaches it (`aws_s3_bucket_policy.lab`). */
  readonly policy?: PolicyOnPath;
  /** SSE-KMS with a customer key: object requests also need `kms:` permissions. */
  readonly key?: BucketKey;
}

/** A bucket as the S3 paths decide on it: its ARN, account, region, policy and encryption key. */
export function bucketTarget(model: NetworkModel, address: string): BucketTarget {
  const bucket = model.doc.get(address)!;
  // A policy names its bucket by reference, or by the bucket's exact name.
  const name = knownText(model.values.resolve(bucket.body.bucket) ?? []);
  const policyBlock = model.doc
    .resources("aws_s3_bucket_policy")
    .find((p) => addressOf(p.body.bucket) === bucket.address || (name !== undefined && p.body.bucket === name));
  const inline = bucket.body.policy;
  const policy = policyBlock
    ? { holder: policyBlock.address, policy: readPolicy(model.doc, policyBlock.body.policy, policyBlock.address) }
    : inline !== undefined
      ? { holder: bucket.address, policy: readPolicy(model.doc, inline, bucket.address) }
      : undefined;
  return {
    address: bucket.address,
    arn: model.values.resolve(`\${${bucket.address}.arn}`)!,
    account: model.values.accountOf(bucket.body),
    region: model.values.regionOf(bucket.body),
    policy,
    key: bucketKey(model, bucket.address),
  };
}

function bucketKey(model: NetworkModel, bucket: string): BucketKey | undefined {
  const config = model.doc.resources("aws_s3_bucket_server_side_encryption_configuration").find((c) => addressOf(c.body.bucket) === bucket);
  const byDefault = blocksOf(config?.body.rule).flatMap((rule) => blocksOf(rule.apply_server_side_encryption_by_default))[0];
  if (!byDefault || !/^aws:kms/.test(String(byDefault.sse_algorithm))) return undefined;
  // Without a key id S3 uses the AWS-managed key aws/s3, whose policy lets the account's principals use it through S3.
  const keyId = byDefault.kms_master_key_id;
  if (keyId === undefined) return undefined;
  const ref = parseReference(keyId);
  const key = model.doc.get(ref?.address);
  if (key?.type !== "aws_kms_key" || ref!.address.startsWith("data."))
    return { arn: hole(String(keyId), true), account: model.values.accountOf(model.doc.get(bucket)?.body), outside: String(keyId) };
  const arn = model.values.resolve(`\${${key.address}.arn}`)!;
  const attached = model.doc.resources("aws_kms_key_policy").find((p) => addressOf(p.body.key_id) === key.address);
  const written = attached?.body.policy ?? key.body.policy;
  const holder = attached?.address ?? key.address;
  const policy: PolicyDocument =
    written === undefined
      ? {
          // AWS's default key policy: the account's IAM policies decide who may use the key.
          address: key.address,
          statements: [
            {
              sid: "Enable IAM User Permissions",
              effect: "Allow",
              principals: [
                {
                  type: "AWS",
                  identifiers: ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"],
                },
              ],
              actions: ["kms:*"],
              resources: ["*"],
              conditions: [],
            },
          ],
        }
      : readPolicy(model.doc, written, holder);
  return { address: key.address, arn, account: model.values.accountOf(key.body), policy: { holder, policy } };
}
