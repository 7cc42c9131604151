/** How a lab's resources are recognised in the emulator's inventory. */
export interface LabFingerprint {
  /** `id` and `arn` of every resource in the lab's Terraform state after apply. */
  readonly ids: ReadonlySet<string>;
  /** The lab's stack name: the provider tags every resource `Project = <name>`. */
  readonly projectTag: string;
}

/** One resource the emulator holds, as its describe and list calls return it. */
export interface InventoryRecord {
  /** The API that lists it and the kind, e.g. "ec2 Vpc" or "iam Role". */
  readonly kind: string;
  /** Its own identifiers (id, ARN, name), the first one the most specific. */
  readonly ids: readonly string[];
  /** Its tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The emulator's inventory, read with describe and list calls (moto's /moto-api/data.json is no
 * inventory: it keeps every object ever created, deleted ones too). Gone resources that AWS still
 * shows for a while (terminated instances, deleted peerings and endpoints, released volumes) are
 * left out. With a role ARN as its argument it reads that account, through the role. Prints one
 * JSON array of {@link InventoryRecord}. A resource that is gone by the time its details are read
 * (another lab rehearsed on the same emulator deleted it after it was listed) is gone, not left
 * over: it is left out, where it once failed the whole read with NoSuchEntity.
 */
export const INVENTORY_SCRIPT = `
import json, sys, boto3
from botocore.exceptions import ClientError
if len(sys.argv) > 1:
    # Another account's resources: read through its role, as Terraform's provider alias does.
    credentials = boto3.client("sts").assume_role(RoleArn=sys.argv[1], RoleSessionName="lab-inventory")["Credentials"]
    boto3.setup_default_session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
ec2, iam, s3, logs = (boto3.client(name) for name in ("ec2", "iam", "s3", "logs"))
records = []
def add(kind, ids, tags=None):
    records.append({"kind": kind, "ids": [i for i in ids if i], "tags": {t["Key"]: t["Value"] for t in (tags or [])}})
def pages(client, operation, key, **kwargs):
    for page in client.get_paginator(operation).paginate(**kwargs):
        yield from page[key]
GONE = {"NoSuchEntity", "NoSuchBucket", "ResourceNotFoundException"}
def unless_gone(call, **kwargs):
    try: return call(**kwargs)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in GONE: return None
        raise
for vpc in pages(ec2, "describe_vpcs", "Vpcs"): add("ec2 Vpc", [vpc["VpcId"]], vpc.get("Tags"))
for subnet in pages(ec2, "describe_subnets", "Subnets"): add("ec2 Subnet", [subnet["SubnetId"], subnet.get("SubnetArn")], subnet.get("Tags"))
for table in pages(ec2, "describe_route_tables", "RouteTables"):
    add("ec2 RouteTable", [table["RouteTableId"]], table.get("Tags"))
    for association in table.get("Associations", []):
        if not association.get("Main"): add("ec2 RouteTableAssociation", [association["RouteTableAssociationId"]])
for gateway in pages(ec2, "describe_internet_gateways", "InternetGateways"): add("ec2 InternetGateway", [gateway["InternetGatewayId"]], gateway.get("Tags"))
for group in pages(ec2, "describe_security_groups", "SecurityGroups"): add("ec2 SecurityGroup", [group["GroupId"], group.get("SecurityGroupArn")], group.get("Tags"))
for rule in pages(ec2, "describe_security_group_rules", "SecurityGroupRules"): add("ec2 SecurityGroupRule", [rule["SecurityGroupRuleId"]], rule.get("Tags"))
for reservation in pages(ec2, "describe_instances", "Reservations"):
    for instance in reservation["Instances"]:
        if instance["State"]["Name"] != "terminated": add("ec2 Instance", [instance["InstanceId"]], instance.get("Tags"))
for address in ec2.describe_addresses()["Addresses"]: add("ec2 Eip", [address.get("AllocationId"), address.get("PublicIp")], address.get("Tags"))
for endpoint in pages(ec2, "describe_vpc_endpoints", "VpcEndpoints"):
    if endpoint["State"].lower() not in ("deleted", "deleting"): add("ec2 VpcEndpoint", [endpoint["VpcEndpointId"]], endpoint.get("Tags"))
for peering in pages(ec2, "describe_vpc_peering_connections", "VpcPeeringConnections"):
    if peering["Status"]["Code"] not in ("deleted", "rejected", "failed", "expired"): add("ec2 VpcPeeringConnection", [peering["VpcPeeringConnectionId"]], peering.get("Tags"))
for flow_log in pages(ec2, "describe_flow_logs", "FlowLogs"): add("ec2 FlowLog", [flow_log["FlowLogId"]], flow_log.get("Tags"))
for volume in pages(ec2, "describe_volumes", "Volumes"): add("ec2 Volume", [volume["VolumeId"]], volume.get("Tags"))
for interface in pages(ec2, "describe_network_interfaces", "NetworkInterfaces"): add("ec2 NetworkInterface", [interface["NetworkInterfaceId"]], interface.get("TagSet"))
for role in pages(iam, "list_roles", "Roles"):
    tags, policies = unless_gone(iam.list_role_tags, RoleName=role["RoleName"]), unless_gone(iam.list_role_policies, RoleName=role["RoleName"])
    if tags is None or policies is None: continue
    add("iam Role", [role["RoleName"], role["Arn"]], tags.get("Tags"))
    for policy in policies["PolicyNames"]: add("iam RolePolicy", [role["RoleName"] + ":" + policy])
for profile in pages(iam, "list_instance_profiles", "InstanceProfiles"): add("iam InstanceProfile", [profile["InstanceProfileName"], profile["Arn"]], profile.get("Tags"))
for bucket in s3.list_buckets().get("Buckets", []):
    name = bucket["Name"]
    try: tags = s3.get_bucket_tagging(Bucket=name)["TagSet"]
    except Exception: tags = []
    versions = unless_gone(s3.list_object_versions, Bucket=name)
    if versions is None: continue
    add("s3 Bucket", [name, "arn:aws:s3:::" + name], tags)
    for version in versions.get("Versions", []): add("s3 ObjectVersion", [name + "/" + version["Key"]])
for group in pages(logs, "describe_log_groups", "logGroups"):
    tags = unless_gone(logs.list_tags_for_resource, resourceArn=group["arn"].removesuffix(":*"))
    if tags is None: continue
    add("logs LogGroup", [group["logGroupName"], group["arn"].removesuffix(":*")], [{"Key": k, "Value": v} for k, v in tags.get("tags", {}).items()])
print(json.dumps(records))
`;

/**
 * The records of `inventory` that belong to the lab: one of their identifiers is one of the lab's
 * ids, or they carry the lab's `Project` tag.
 */
export function labRecords(inventory: readonly InventoryRecord[], lab: LabFingerprint): InventoryRecord[] {
  return inventory.filter((record) => record.ids.some((id) => lab.ids.has(id)) || record.tags.Project === lab.projectTag);
}

/**
 * Attributes of a Terraform resource that hold the id of something it created in the emulator.
 * Not `primary_network_interface_id`: see LEFTOVER_CHECK_LIMITS.
 */
const ID_ATTRIBUTES = new Set(["id", "arn", "volume_id", "allocation_id"]);

/**
 * The ids a lab's resources have in the emulator: from each resource in the state, its `id`,
 * `arn`, the ids of what it created with it (an instance's root volume),
 * and `<bucket>/<key>` for an S3 object.
 */
export function fingerprintOf(resources: readonly { values: Record<string, unknown> }[], projectTag: string): LabFingerprint {
  const ids = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      for (const [key, nested] of Object.entries(value)) {
        if (ID_ATTRIBUTES.has(key) && typeof nested === "string" && nested !== "") ids.add(nested);
        else if (typeof nested === "object") collect(nested);
      }
    }
  };
  for (const { values } of resources) {
    collect(values);
    if (typeof values.bucket === "string" && typeof values.key === "string") ids.add(`${values.bucket}/${values.key}`);
  }
  return { ids, projectTag };
}

/** "2 ec2 Instance, 1 s3 Bucket": records counted by kind. */
export function summarizeRecords(records: readonly InventoryRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.kind, (counts.get(record.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(", ");
}
