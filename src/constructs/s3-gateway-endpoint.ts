import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import type { S3Config } from "../config";
import { s3EndpointServiceName } from "../aws/service-names";
import { INSTANCE_BUCKET_ACTIONS, INSTANCE_OBJECT_ACTIONS } from "../model/lab-contract";
import type { LabVpc } from "./lab-vpc";
import { pinAddress } from "./terraform-address";
import { useProvider } from "./use-provider";

/** What the endpoint policy lets through: see {@link S3GatewayEndpointProps.policy}. */
export type EndpointPolicyMode = S3Config["endpointPolicy"];

/** Properties of {@link S3GatewayEndpoint}. */
export interface S3GatewayEndpointProps {
  /** The VPC whose route tables get the endpoint's S3 prefix-list route; its name names the resources. */
  readonly vpc: LabVpc;
  /** Stack name, prefixed to the `Name` tag. */
  readonly projectName: string;
  /** AWS region, as configured (a literal): it names the service and the Amazon Linux repositories. */
  readonly region: string;
  /** The partition, e.g. `aws`, for ARNs. */
  readonly partition: string;
  /** ARN of the lab bucket that `"bucket-only"` lets through (`s3:ListBucket` applies to it). */
  readonly bucketArn: string;
  /** ARN pattern of the bucket's objects (`<bucket arn>/*`), which `"bucket-only"` lets through. */
  readonly objectsArn: string;
  /**
   * The endpoint policy, which filters every S3 request that leaves the VPC's route tables:
   * `"bucket-only"` allows the instances' actions on the lab bucket and reads of the region's
   * Amazon Linux 2023 repositories; `"full-access"` allows all of S3 (AWS's default);
   * `"deny-all"` denies all of S3 (the lab's experiment: the instances lose the bucket, and `dnf`).
   * @default "bucket-only"
   */
  readonly policy?: EndpointPolicyMode;
}

/**
 * An S3 gateway endpoint in one VPC, on all of its route tables, with a policy. A gateway
 * endpoint only serves traffic that starts in its own VPC (never across a peering), so each VPC
 * that should reach S3 privately needs its own.
 *
 * Addresses: `aws_vpc_endpoint.<vpc>_s3`, `data.aws_iam_policy_document.<vpc>_s3_endpoint`.
 */
export class S3GatewayEndpoint extends Construct {
  public readonly endpoint: VpcEndpoint;
  /** The VPC the endpoint serves. */
  public readonly vpc: LabVpc;
  /** The policy mode in force. */
  public readonly policyMode: EndpointPolicyMode;

  public constructor(scope: Construct, id: string, props: S3GatewayEndpointProps) {
    super(scope, id);
    const { vpc } = props;
    this.vpc = vpc;
    this.policyMode = props.policy ?? "bucket-only";

    const document = pinAddress(
      new DataAwsIamPolicyDocument(this, "policy-document", { statement: endpointStatements(this.policyMode, props) }),
      `${vpc.name}_s3_endpoint`,
    );
    this.endpoint = pinAddress(
      new VpcEndpoint(this, "endpoint", {
        vpcId: vpc.vpcId,
        serviceName: s3EndpointServiceName(props.region),
        vpcEndpointType: "Gateway",
        routeTableIds: vpc.routeTableIds,
        policy: document.json,
        tags: { Name: `${props.projectName}-${vpc.physicalName}-s3` },
      }),
      `${vpc.name}_s3`,
    );
    useProvider(this, props.vpc.provider);
  }

  /** The endpoint's id (`vpce-...`), as `aws:SourceVpce` reports it to the bucket policy. */
  public get endpointId(): string {
    return this.endpoint.id;
  }
}

function endpointStatements(mode: EndpointPolicyMode, props: S3GatewayEndpointProps): DataAwsIamPolicyDocumentStatement[] {
  // Endpoint policies are resource policies: each statement names its principal.
  const everyone = [{ type: "*", identifiers: ["*"] }];
  switch (mode) {
    case "full-access":
      return [{ sid: "AllowAllS3", effect: "Allow", principals: everyone, actions: ["s3:*"], resources: ["*"] }];
    case "deny-all":
      return [{ sid: "DenyAllS3", effect: "Deny", principals: everyone, actions: ["s3:*"], resources: ["*"] }];
    case "bucket-only":
      return [
        {
          sid: "ListLabBucket",
          effect: "Allow",
          principals: everyone,
          actions: [...INSTANCE_BUCKET_ACTIONS],
          resources: [props.bucketArn],
        },
        {
          sid: "ReadWriteLabObjects",
          effect: "Allow",
          principals: everyone,
          actions: [...INSTANCE_OBJECT_ACTIONS],
          resources: [props.objectsArn],
        },
        {
          // dnf on Amazon Linux 2023 downloads from the buckets al2023-repos-<region>-<id>, which
          // the instances reach through this endpoint too: without this, dnf fails once it is on.
          sid: "ReadAmazonLinuxRepositories",
          effect: "Allow",
          principals: everyone,
          actions: ["s3:GetObject"],
          resources: [`arn:${props.partition}:s3:::al2023-repos-${props.region}-*/*`],
        },
      ];
  }
}
