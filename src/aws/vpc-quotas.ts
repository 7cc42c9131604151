/**
 * Amazon VPC and EC2 quotas a lab meets. Two kinds: default quotas, which apply until raised in
 * Service Quotas (apply fails part-way when one is exceeded), and hard limits, which no request
 * raises. Sources: "Amazon VPC quotas" (Amazon VPC User Guide) and "EC2 Instance Connect Endpoint
 * quotas" (Amazon EC2 User Guide).
 */

/** A default quota: its name in the Service Quotas console and its default value. */
export interface AwsQuota {
  readonly name: string;
  readonly limit: number;
}

/** Default Amazon VPC quotas that a lab can outgrow, by the code the analysis reports them with. */
export const VPC_QUOTAS = {
  QUOTA_ROUTES_PER_ROUTE_TABLE: { name: "Routes per route table", limit: 50 },
  QUOTA_PEERINGS_PER_VPC: { name: "Active VPC peering connections per VPC", limit: 50 },
  QUOTA_RULES_PER_SECURITY_GROUP: { name: "Inbound or outbound rules per security group", limit: 60 },
  QUOTA_GATEWAY_ENDPOINTS_PER_REGION: { name: "Gateway VPC endpoints per Region", limit: 20 },
  // One EC2 Instance Connect Endpoint per VPC (and subnet), five per account and Region.
  QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_VPC: { name: "EC2 Instance Connect Endpoints per VPC", limit: 1 },
  QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_REGION: { name: "EC2 Instance Connect Endpoints per account and Region", limit: 5 },
} as const satisfies Record<string, AwsQuota>;

/** A code of {@link VPC_QUOTAS}. */
export type VpcQuotaCode = keyof typeof VPC_QUOTAS;

/** The default quota of VPCs per Region (adjustable). */
export const DEFAULT_VPCS_PER_REGION = 5;

/**
 * The most active peering connections one VPC can have: the default quota (50) can be raised to
 * 125, no further. A full mesh can therefore hold at most 126 VPCs.
 */
export const MAX_ACTIVE_PEERINGS_PER_VPC = 125;

/** Tags one AWS resource takes (EC2, IAM, S3 and CloudWatch Logs alike). */
export const MAX_TAGS_PER_RESOURCE = 50;
