/** AWS services the lab reaches through a prefix list or a VPC endpoint. */
export type LabAwsService = "s3" | "ec2-instance-connect";

/**
 * The name of an AWS service in a region (`com.amazonaws.us-east-1.s3`): a gateway endpoint's
 * service name, and the name of the service's AWS-managed prefix list.
 */
export function awsServiceName(region: string, service: LabAwsService): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * The AWS-managed prefix list of EC2 Instance Connect in a region. It holds the addresses of the
 * console's Instance Connect only: `aws ec2-instance-connect ssh` from a laptop connects from the
 * laptop's own address.
 */
export function instanceConnectPrefixListName(region: string): string {
  return awsServiceName(region, "ec2-instance-connect");
}

/**
 * The service name of S3 for a gateway endpoint in a region (also the name of S3's managed prefix
 * list). A gateway endpoint reaches only buckets of its own region.
 */
export function s3EndpointServiceName(region: string): string {
  return awsServiceName(region, "s3");
}
