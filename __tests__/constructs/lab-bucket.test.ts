import { Testing } from "cdktf";
import type { LabBucketProps } from "../../src/constructs/lab-bucket";
import { LabBucket } from "../../src/constructs/lab-bucket";
import { LabVpc } from "../../src/constructs/lab-vpc";
import { S3GatewayEndpoint } from "../../src/constructs/s3-gateway-endpoint";
import type { TerraformJson } from "../../test-support/synth-lab";
import { resource } from "../../test-support/synth-lab";

const TERRAFORM_ROLE = "arn:aws:iam::123456789012:role/terraform";
const ADMIN_ROLE = "arn:aws:iam::123456789012:role/Admin";

/** A bucket restricted to the endpoints of vpc1 and vpc2. */
function synthBucket(props: Partial<LabBucketProps> = {}) {
  const text = Testing.synthScope((scope) => {
    const bucket = new LabBucket(scope, "bucket", { projectName: "lab", ...props });
    const endpoints = ["vpc1", "vpc2"].map((name, index) => {
      const vpc = new LabVpc(scope, name, {
        name,
        projectName: "lab",
        cidr: `10.${index + 1}.0.0/16`,
        publicSubnetCidr: `10.${index + 1}.0.0/24`,
        availabilityZone: "us-east-1a",
      });
      return new S3GatewayEndpoint(scope, `${name}-s3`, {
        vpc,
        projectName: "lab",
        region: "us-east-1",
        partition: "aws",
        ...arnsOf(bucket),
      });
    });
    bucket.restrictToEndpoints({ endpointIds: idsOf(endpoints), exemptPrincipalArns: [TERRAFORM_ROLE, ADMIN_ROLE, TERRAFORM_ROLE] });
  });
  return { text, json: JSON.parse(text) as TerraformJson };
}

type Statement = Record<string, unknown> & { sid: string };
const statementsOf = (json: TerraformJson, name: string) => (json.data?.aws_iam_policy_document?.[name]?.statement ?? []) as Statement[];
const statement = (json: TerraformJson, name: string, sid: string) => statementsOf(json, name).find((s) => s.sid === sid);

const BUCKET_AND_OBJECTS = ["${aws_s3_bucket.lab.arn}", "${aws_s3_bucket.lab.arn}/*"];
const EVERYONE = [{ type: "*", identifiers: ["*"] }];

describe("LabBucket", () => {
  const { text, json } = synthBucket();

  describe("the bucket and its hardening", () => {
    it("names the bucket with bucket_prefix <project>- and refuses to destroy it while it holds objects", () => {
      expect(resource(json, "aws_s3_bucket", "lab")).toEqual({ bucket_prefix: "lab-", force_destroy: false });
    });

    it("uses an exact name and force_destroy when configured", () => {
      const named = synthBucket({ bucketName: "my-lab-bucket", forceDestroy: true }).json;
      expect(resource(named, "aws_s3_bucket", "lab")).toEqual({ bucket: "my-lab-bucket", force_destroy: true });
    });

    it("turns versioning on", () => {
      expect(text).toHaveResourceWithProperties(
        { tfResourceType: "aws_s3_bucket_versioning" },
        { bucket: "${aws_s3_bucket.lab.id}", versioning_configuration: { status: "Enabled" } },
      );
    });

    it("encrypts new objects by default with SSE-S3", () => {
      expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "lab")).toEqual({
        bucket: "${aws_s3_bucket.lab.id}",
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      });
    });

    it("sets all four public access block flags", () => {
      expect(resource(json, "aws_s3_bucket_public_access_block", "lab")).toEqual({
        bucket: "${aws_s3_bucket.lab.id}",
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it("turns ACLs off with BucketOwnerEnforced ownership", () => {
      expect(resource(json, "aws_s3_bucket_ownership_controls", "lab")).toEqual({
        bucket: "${aws_s3_bucket.lab.id}",
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
    });

    it("aborts unfinished multipart uploads and expires noncurrent versions, with an explicit empty filter, once versioning is on", () => {
      const lifecycle = resource(json, "aws_s3_bucket_lifecycle_configuration", "lab");
      expect(lifecycle.depends_on).toEqual(["aws_s3_bucket_versioning.lab"]);
      expect(lifecycle.rule).toEqual([
        expect.objectContaining({
          status: "Enabled",
          filter: [{}],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        }),
      ]);
    });

    it("uploads test.txt, as the lab did, once versioning and default encryption are set", () => {
      expect(resource(json, "aws_s3_object", "test_object")).toMatchObject({
        bucket: "${aws_s3_bucket.lab.id}",
        key: "test.txt",
        depends_on: ["aws_s3_bucket_versioning.lab", "aws_s3_bucket_server_side_encryption_configuration.lab"],
      });
    });

    it("uploads nothing when testObject is false", () => {
      expect(synthBucket({ testObject: false }).json.resource.aws_s3_object).toBeUndefined();
    });
  });

  describe("the bucket policy", () => {
    it("attaches the bucket_policy document once the public access block is in place", () => {
      expect(resource(json, "aws_s3_bucket_policy", "lab")).toEqual({
        bucket: "${aws_s3_bucket.lab.id}",
        policy: "${data.aws_iam_policy_document.bucket_policy.json}",
        depends_on: ["aws_s3_bucket_public_access_block.lab"],
      });
    });

    it("has exactly two statements, both Deny: nothing in it grants access", () => {
      const statements = statementsOf(json, "bucket_policy");
      expect(statements.map((s) => [s.sid, s.effect])).toEqual([
        ["DenyOutsideLabEndpoints", "Deny"],
        ["DenyInsecureTransport", "Deny"],
      ]);
    });

    it("denies every S3 action on the bucket and its objects, to everyone, outside the lab's endpoints", () => {
      expect(statement(json, "bucket_policy", "DenyOutsideLabEndpoints")).toMatchObject({
        principals: EVERYONE,
        actions: ["s3:*"],
        resources: BUCKET_AND_OBJECTS,
      });
    });

    it("admits the lab's endpoints by aws:SourceVpce and exempts the Terraform and admin principals by aws:PrincipalArn, in the same statement", () => {
      // Conditions in one statement are ANDed: the deny applies only off the endpoints AND to a non-exempt principal.
      expect(statement(json, "bucket_policy", "DenyOutsideLabEndpoints")?.condition).toEqual([
        {
          test: "StringNotEquals",
          variable: "aws:SourceVpce",
          values: ["${aws_vpc_endpoint.vpc1_s3.id}", "${aws_vpc_endpoint.vpc2_s3.id}"],
        },
        { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [TERRAFORM_ROLE, ADMIN_ROLE] },
      ]);
    });

    it("denies any request made without TLS", () => {
      expect(statement(json, "bucket_policy", "DenyInsecureTransport")).toEqual({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: EVERYONE,
        actions: ["s3:*"],
        resources: BUCKET_AND_OBJECTS,
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
    });

    it("refuses an empty endpoint list, an empty exemption list, and a second policy", () => {
      Testing.synthScope((scope) => {
        const bucket = new LabBucket(scope, "bucket", { projectName: "lab" });
        expect(() => bucket.restrictToEndpoints({ endpointIds: [], exemptPrincipalArns: [TERRAFORM_ROLE] })).toThrow(
          /at least one endpoint/,
        );
        const vpc = new LabVpc(scope, "vpc1", {
          name: "vpc1",
          projectName: "lab",
          cidr: "10.1.0.0/16",
          publicSubnetCidr: "10.1.0.0/24",
          availabilityZone: "us-east-1a",
        });
        const endpointIds = idsOf([
          new S3GatewayEndpoint(scope, "s3", { vpc, projectName: "lab", region: "us-east-1", partition: "aws", ...arnsOf(bucket) }),
        ]);
        expect(() => bucket.restrictToEndpoints({ endpointIds, exemptPrincipalArns: [] })).toThrow(/exempt principal/);
        bucket.restrictToEndpoints({ endpointIds, exemptPrincipalArns: [TERRAFORM_ROLE] });
        expect(() => bucket.restrictToEndpoints({ endpointIds, exemptPrincipalArns: [TERRAFORM_ROLE] })).toThrow(/call it once/);
      });
    });
  });
});

/** What an endpoint takes of the bucket: its ARNs (the endpoint imports nothing of LabBucket). */
function arnsOf(bucket: LabBucket): { bucketArn: string; objectsArn: string } {
  return { bucketArn: bucket.bucketArn, objectsArn: bucket.objectsArn };
}

/** What the bucket policy takes of the endpoints: their ids. */
function idsOf(endpoints: readonly S3GatewayEndpoint[]): string[] {
  return endpoints.map((endpoint) => endpoint.endpointId);
}
