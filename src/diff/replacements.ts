import type { Block } from "../analysis/terraform-json";
import type { ComparableValues } from "./comparable-values";
import { dataHoldingType } from "./data-loss-types";

/**
 * Arguments that Terraform cannot change in place (hashicorp/aws 5.x `ForceNew`) for the
 * configuration types this project writes; the data-holding types carry theirs in
 * `DATA_HOLDING_TYPES`. A change of one replaces the resource: destroyed, then created with new
 * ids, which replaces in turn whatever reads those ids in an argument of that kind (a subnet
 * replaced replaces the instance whose `subnet_id` reads it).
 */
const CONFIGURATION_REPLACED_BY: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ["cidr_block", "ipv4_ipam_pool_id"],
  aws_subnet: ["availability_zone", "availability_zone_id", "cidr_block", "vpc_id"],
  aws_route_table: ["vpc_id"],
  aws_route: ["route_table_id", "destination_cidr_block", "destination_prefix_list_id", "destination_ipv6_cidr_block"],
  aws_route_table_association: ["subnet_id", "gateway_id"],
  aws_default_security_group: ["vpc_id"],
  aws_security_group: ["name", "name_prefix", "description", "vpc_id"],
  aws_vpc_security_group_ingress_rule: ["security_group_id"],
  aws_vpc_security_group_egress_rule: ["security_group_id"],
  aws_vpc_peering_connection: ["vpc_id", "peer_vpc_id", "peer_owner_id", "peer_region"],
  aws_vpc_peering_connection_accepter: ["vpc_peering_connection_id"],
  aws_vpc_endpoint: ["vpc_id", "service_name", "vpc_endpoint_type"],
  aws_ec2_instance_connect_endpoint: ["subnet_id", "security_group_ids", "preserve_client_ip"],
  aws_flow_log: [
    "vpc_id",
    "subnet_id",
    "log_destination",
    "log_destination_type",
    "traffic_type",
    "iam_role_arn",
    "log_format",
    "max_aggregation_interval",
  ],
  aws_iam_role: ["name", "name_prefix", "path"],
  aws_iam_role_policy: ["name", "name_prefix", "role"],
  aws_iam_instance_profile: ["name", "name_prefix", "path"],
  aws_s3_bucket_policy: ["bucket"],
  aws_s3_bucket_versioning: ["bucket"],
  aws_s3_bucket_public_access_block: ["bucket"],
  aws_s3_bucket_ownership_controls: ["bucket"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket"],
  aws_s3_bucket_lifecycle_configuration: ["bucket"],
};

/** The arguments whose change replaces a resource of this type (none known: an empty list). */
export function replacingArguments(type: string): readonly string[] {
  return dataHoldingType(type)?.replacedBy ?? CONFIGURATION_REPLACED_BY[type] ?? [];
}

/** A resource the change replaces, and why. */
export interface Replacement {
  /** The arguments that force it: changed ones, or ones that read a replaced resource. */
  readonly attributes: readonly string[];
  /** A sentence: which arguments changed, or which replaced resource they read. */
  readonly because: string;
}

/** A resource on both sides (by its new address), for {@link replacements}. */
export interface ComparedResource {
  readonly address: string;
  readonly type: string;
  /** Its block in the new output. */
  readonly body: Block;
  /** Its changed top-level attributes (empty when unchanged). */
  readonly changed: readonly string[];
  /** Its `lifecycle.ignore_changes` in the new output: a replaced resource read there replaces nothing. */
  readonly ignored?: ReadonlySet<string> | "all";
  /** Set when its provider now builds it in another region or account (a `provider` change): said how. */
  readonly movedAcross?: string;
}

/**
 * The resources the change replaces: those with a changed replacing argument, then, until nothing
 * more is found, those with a replacing argument that reads a replaced resource (its new id is
 * known only after apply, and `terraform plan` marks the argument "forces replacement").
 * `lifecycle.ignore_changes` has already been applied to `changed`.
 */
export function replacements(resources: readonly ComparedResource[], values: ComparableValues): Map<string, Replacement> {
  const replaced = new Map<string, Replacement>();
  for (const r of resources) {
    const forcing = r.changed.filter((name) => replacingArguments(r.type).includes(name));
    if (r.movedAcross !== undefined)
      // Terraform looks the resource up where its provider now points, finds nothing, and creates it there.
      replaced.set(r.address, { attributes: ["provider", ...forcing], because: `its provider now builds it ${r.movedAcross}` });
    else if (forcing.length > 0)
      replaced.set(r.address, { attributes: forcing, because: `${forcing.join(", ")} changed, which Terraform cannot change in place` });
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of resources) {
      if (replaced.has(r.address)) continue;
      const reads = replacingArguments(r.type)
        .filter((name) => !(r.ignored === "all" || r.ignored?.has(name)))
        .map((name) => ({ name, sources: [...values.resourcesRead(r.body[name])].filter((a) => replaced.has(a)) }))
        .filter((argument) => argument.sources.length > 0);
      if (reads.length === 0) continue;
      replaced.set(r.address, {
        attributes: reads.map((argument) => argument.name),
        because: reads.map((argument) => `${argument.name} reads ${argument.sources.join(", ")}, which is replaced`).join("; "),
      });
      grew = true;
    }
  }
  return replaced;
}
