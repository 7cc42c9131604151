/**
 * EC2 Instance Connect's published source blocks per region (AWS ip-ranges.json, service
 * EC2_INSTANCE_CONNECT). The service connects from every address of its block, so a rule or
 * ACL entry that covers only part of it breaks part of the connections. Only blocks confirmed by
 * two sources are listed; elsewhere the service is known only through its managed prefix list (a
 * rule for a CIDR then gives unknown, never a definite verdict).
 */
export const INSTANCE_CONNECT_RANGES: Readonly<Record<string, string>> = {
  "us-east-1": "18.206.107.24/29",
  "us-east-2": "3.16.146.0/29",
  "us-west-1": "13.52.6.112/29",
  "us-west-2": "18.237.140.160/29",
  "eu-west-1": "18.202.216.48/29",
  "eu-central-1": "3.120.181.40/29",
  "ap-northeast-1": "3.112.23.0/29",
  "ap-northeast-2": "13.209.1.56/29",
  "ap-southeast-1": "3.0.5.32/29",
  "ap-southeast-2": "13.239.158.0/29",
};
