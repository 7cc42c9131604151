import type { BucketReading, PeeringReading, VpcReading } from "./lab-reading";
import type { NetworkModel } from "./network-model";
import { addressOf, interpolations, parseReference } from "./terraform-json";

/** Fields that lead from a component to the resource it belongs to, most specific first. */
const OWNER_FIELDS = [
  "security_group_id",
  "route_table_id",
  "network_acl_id",
  "subnet_id",
  "instance",
  "instance_id",
  "vpc_endpoint_id",
  "bucket",
  "role",
  "vpc_peering_connection_id",
  "vpc_id",
  "default_route_table_id",
  "default_network_acl_id",
  "default_security_group_id",
];

/** Components that belong to what uses them (a group to its instance, a role to its instance, a key to its bucket). */
const OWNED_BY_USERS = new Set([
  "aws_security_group",
  "aws_iam_role",
  "aws_iam_instance_profile",
  "aws_kms_key",
  "aws_iam_policy_document",
]);

/** How far the search goes from a component through what it belongs to or what uses it. */
const MAX_DEPTH = 4;

/**
 * Which part of the lab holds each component: a finder over the lab's parts (its VPCs, their
 * internet gateways, endpoints, flow logs, subnets, route tables, instances and Instance Connect
 * Endpoints; its peerings and buckets). A part holds itself. A security group, an Elastic IP, an
 * instance profile and its role belong to the instance that uses them (the first in the VPCs'
 * order, for a shared one), an Instance Connect Endpoint's group to that endpoint, and so do
 * their rules, associations and policies; a route through
 * a peering to the peering; "the main route table of aws_vpc.x" to that VPC; anything else to
 * what it belongs to or what uses it (a rule to its group, a route to its table, a bucket policy
 * or key to its bucket), searched a few references deep. Undefined when no part holds it.
 */
export function componentOwners(
  network: NetworkModel,
  vpcs: readonly VpcReading[],
  peerings: readonly PeeringReading[],
  buckets: readonly BucketReading[],
): (address: string) => string | undefined {
  const doc = network.doc;
  const parts = new Set<string>([
    ...vpcs.flatMap((v) => [
      v.address,
      ...v.internetGateways,
      ...v.endpoints.map((e) => e.address),
      ...v.flowLogs.map((f) => f.address),
      ...v.subnets.flatMap((s) => [s.address, s.routeTable, ...s.instances.map((i) => i.address), ...s.instanceConnectEndpoints]),
    ]),
    ...peerings.map((p) => p.address),
    ...buckets.map((b) => b.address),
  ]);

  const usedBy = new Map<string, string>();
  for (const vpc of vpcs)
    for (const subnet of vpc.subnets) {
      for (const endpoint of subnet.instanceConnectEndpoints)
        for (const group of network.instanceConnectEndpoints.get(vpc.address)?.find((e) => e.address === endpoint)?.securityGroups ?? [])
          usedBy.set(group, endpoint);
      for (const instance of subnet.instances)
        for (const owned of [...instance.securityGroups, instance.publicAddress, instance.instanceProfile, instance.role])
          if (owned && owned !== "launch" && !usedBy.has(owned)) usedBy.set(owned, instance.address);
    }

  // Who refers to what: built on the first component that needs it (most labs have few blockers).
  let users: Map<string, string[]> | undefined;
  const usersOf = (address: string): readonly string[] => {
    if (!users) {
      users = new Map();
      for (const [type, blocks] of Object.entries(doc.json.resource ?? {}))
        for (const [name, body] of Object.entries(blocks))
          for (const target of referencesIn(body)) {
            const list = users.get(target) ?? [];
            list.push(`${type}.${name}`);
            users.set(target, list);
          }
    }
    return users.get(address) ?? [];
  };
  const peeringOfRoute = new Map<string, string>();
  for (const peering of peerings) for (const route of peering.routes) peeringOfRoute.set(route.address, peering.address);
  // Instances first, then what leads to them or to a bucket.
  const rank = (address: string) => (address.startsWith("aws_instance.") ? 0 : address.startsWith("aws_iam_instance_profile.") ? 1 : 2);

  const find = (address: string, visited: Set<string>, depth: number): string | undefined => {
    if (parts.has(address)) return address;
    const usingPart = usedBy.get(address);
    if (usingPart) return usingPart;
    if (visited.has(address) || depth > MAX_DEPTH) return undefined;
    visited.add(address);
    const block = doc.get(address);
    if (!block) {
      const named = /\b(aws_vpc\.[A-Za-z0-9_-]+)/.exec(address);
      return named && parts.has(named[1]!) ? named[1] : undefined;
    }
    const peering = peeringOfRoute.get(address);
    if (peering) return peering;
    const byUsers = () => {
      for (const user of [...usersOf(address)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) {
        const found = find(user, visited, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    const byOwners = () => {
      for (const field of OWNER_FIELDS) {
        const owner = addressOf(block.body[field]);
        const found = owner && find(owner, visited, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    return OWNED_BY_USERS.has(block.type) ? (byUsers() ?? byOwners()) : (byOwners() ?? byUsers());
  };
  const cache = new Map<string, string | undefined>();
  return (address: string) => {
    if (!cache.has(address)) cache.set(address, find(address, new Set(), 0));
    return cache.get(address);
  };
}

/** Every address a block's values refer to, in the order they appear (each `${type.name.attribute}` interpolation). */
function referencesIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") {
    for (const { expression } of interpolations(value)) {
      const ref = parseReference(`\${${expression}}`);
      if (ref && !found.includes(ref.address)) found.push(ref.address);
    }
  } else if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) if (key !== "//" && key !== "depends_on") referencesIn(item, found);
  return found;
}
