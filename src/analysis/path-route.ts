import type { PathExpectation } from "./intent";
import type { LabReading, RouteComponent, RouteComponentKind } from "./lab-reading";
import { INSTANCE_CONNECT_SERVICE } from "./lab-reading";
import type { StepResult } from "./path-steps";
import { addressOf } from "./terraform-json";

/**
 * Where each kind of component comes on the drawn way of an ssh and an s3 path, from the start:
 * the steps are checked in the order that proves fastest, not always the order the traffic takes.
 * Ping steps are checked in traffic order already (source group out, route, peering, destination
 * group in), so they keep it.
 */
const RANK: Readonly<Record<"ssh" | "s3", Partial<Record<RouteComponentKind, number>>>> = {
  ssh: {
    "instance-connect": 0,
    "instance-connect-endpoint": 1,
    "internet-gateway": 2,
    "route-table": 3,
    route: 3,
    "public-address": 4,
    "network-acl": 5,
    "security-group": 6,
    instance: 7,
  },
  s3: {
    instance: 0,
    "iam-role": 1,
    "security-group": 2,
    "network-acl": 3,
    "route-table": 4,
    route: 4,
    "public-address": 5,
    "internet-gateway": 6,
    "gateway-endpoint": 6,
    bucket: 7,
  },
};

/** Owners of the components the steps name: a rule's group or ACL, a policy's role, endpoint or bucket. */
interface Owners {
  readonly securityGroups: ReadonlyMap<string, string>;
  readonly networkAcls: ReadonlyMap<string, string>;
  /** The VPC of each route's table. */
  readonly routeVpcs: ReadonlyMap<string, string | undefined>;
}

const owners = new WeakMap<LabReading, Owners>();

function ownersOf(reading: LabReading): Owners {
  let found = owners.get(reading);
  if (!found) {
    const securityGroups = new Map<string, string>();
    for (const group of reading.network.securityGroups.values())
      for (const rule of group.rules) if (!securityGroups.has(rule.address)) securityGroups.set(rule.address, group.address);
    const networkAcls = new Map<string, string>();
    for (const acl of reading.network.networkAcls) for (const rule of acl.rules) networkAcls.set(rule.address, acl.address);
    const routeVpcs = new Map<string, string | undefined>();
    for (const table of reading.network.uniqueRouteTables()) for (const route of table.routes) routeVpcs.set(route.address, table.vpc);
    found = { securityGroups, networkAcls, routeVpcs };
    owners.set(reading, found);
  }
  return found;
}

/** What a component named by a step is, and the address a picture knows it by. */
function classify(reading: LabReading, address: string): { kind: RouteComponentKind; address: string } {
  const network = reading.network;
  const { securityGroups, networkAcls } = ownersOf(reading);
  const group = securityGroups.get(address);
  if (group) return { kind: "security-group", address: group };
  const acl = networkAcls.get(address);
  if (acl) return { kind: "network-acl", address: acl };
  const type = address.slice(0, address.indexOf("."));
  const body = network.doc.get(address)?.body;
  switch (type) {
    case "aws_instance":
      // Also for a launch-time public address: the instance holds it.
      return { kind: "instance", address };
    case "aws_eip":
    case "aws_eip_association":
      return { kind: "public-address", address };
    case "aws_iam_role":
    case "aws_iam_instance_profile":
      return { kind: "iam-role", address };
    case "aws_iam_role_policy":
    case "aws_iam_role_policy_attachment":
      return { kind: "iam-role", address: addressOf(body?.role) ?? address };
    case "aws_security_group":
    case "aws_default_security_group":
      return { kind: "security-group", address };
    case "aws_network_acl":
    case "aws_default_network_acl":
      return { kind: "network-acl", address };
    case "aws_route_table":
    case "aws_default_route_table":
      return { kind: "route-table", address };
    case "aws_route":
      return { kind: "route", address };
    case "aws_vpc_peering_connection":
      return { kind: "peering", address };
    case "aws_internet_gateway":
      return { kind: "internet-gateway", address };
    case "aws_vpc_endpoint":
      return { kind: "gateway-endpoint", address };
    case "aws_vpc_endpoint_policy":
      return { kind: "gateway-endpoint", address: addressOf(body?.vpc_endpoint_id) ?? address };
    case "aws_ec2_instance_connect_endpoint":
      return { kind: "instance-connect-endpoint", address };
    case "aws_s3_bucket":
      return { kind: "bucket", address };
    case "aws_s3_bucket_policy":
      return { kind: "bucket", address: addressOf(body?.bucket) ?? reading.bucket?.address ?? address };
    default:
      if (address.startsWith("the main route table of ")) return { kind: "route-table", address };
      if (address.startsWith("the default security group of ")) return { kind: "security-group", address };
      return { kind: "other", address };
  }
}

/** The VPC a component is in, when the network model knows it. */
function vpcOf(reading: LabReading, kind: RouteComponentKind, address: string): string | undefined {
  const network = reading.network;
  switch (kind) {
    case "instance":
    case "public-address":
      return network.instances.get(address)?.vpc;
    case "security-group":
      return network.securityGroups.get(address)?.vpc;
    case "network-acl":
      return network.networkAcls.find((acl) => acl.address === address)?.vpc;
    case "route-table":
      return network.routeTables.get(address)?.vpc ?? /(aws_vpc\.[A-Za-z0-9_-]+)$/.exec(address)?.[1];
    case "route":
      return ownersOf(reading).routeVpcs.get(address);
    case "gateway-endpoint":
      return network.endpoints.get(address)?.vpc;
    case "instance-connect-endpoint":
      for (const [vpc, endpoints] of network.instanceConnectEndpoints) if (endpoints.some((e) => e.address === address)) return vpc;
      return undefined;
    case "internet-gateway":
      for (const [vpc, gateways] of network.internetGateways) if (gateways.includes(address)) return vpc;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * An S3 path reaches a gateway endpoint through the route table of the source's subnet (the
 * endpoint's prefix-list route is on that table): the table joins the route before the endpoint,
 * unless the walk named it already.
 */
function throughEndpointTable(
  reading: LabReading,
  expectation: PathExpectation,
  drafts: { kind: RouteComponentKind; address: string; via: string[] }[],
): void {
  const endpoint = drafts.findIndex((d) => d.kind === "gateway-endpoint");
  const subnet = reading.instanceOf(expectation.from)?.subnet;
  if (endpoint < 0 || !subnet) return;
  const table = reading.network.routeTableOf(subnet);
  if (!reading.network.endpointsOn(table).some((e) => e.address === drafts[endpoint]!.address)) return;
  if (drafts.some((d) => d.kind === "route-table" && d.address === table.address)) return;
  drafts.splice(endpoint, 0, { kind: "route-table", address: table.address, via: [] });
}

/**
 * The route a path verdict walked, as a picture draws it: from its start (the source instance,
 * or the Instance Connect service) through the components the traffic passed (security groups
 * for their rules, network ACLs, route tables and routes, the peering, the internet gateway,
 * Instance Connect's endpoint, the gateway endpoint with the route table that sends to it) to its end (the destination instance, the
 * bucket). A path that is not reachable ends at the component that blocks it (or that cannot be
 * proven), marked with `stop`. Replies are left out: they retrace the way.
 */
export function routeOf(reading: LabReading, expectation: PathExpectation, result: StepResult): RouteComponent[] {
  const destination = expectation.protocol === "s3" ? reading.bucket?.address : reading.instanceOf(expectation.to)?.address;
  const start =
    expectation.protocol === "ssh"
      ? { kind: "instance-connect" as const, address: INSTANCE_CONNECT_SERVICE }
      : reading.instanceOf(expectation.from) && { kind: "instance" as const, address: reading.instanceOf(expectation.from)!.address };
  type Draft = { kind: RouteComponentKind; address: string; via: string[]; stop?: "blocked" | "unknown" };
  const drafts: Draft[] = start ? [{ ...start, via: [] }] : [];
  const add = (address: string, stop?: "blocked" | "unknown") => {
    const { kind, address: owner } = classify(reading, address);
    const same = drafts.find((d) => d.kind === kind && d.address === owner);
    if (same) {
      if (address !== owner && !same.via.includes(address)) same.via.push(address);
      if (stop) same.stop = stop;
      return;
    }
    drafts.push({ kind, address: owner, via: address === owner ? [] : [address], ...(stop ? { stop } : {}) });
  };
  for (const hop of result.walked ?? (result.verdict === "reachable" ? result.hops : [])) add(hop);
  if (result.verdict === "reachable") {
    if (destination) add(destination);
  } else add(result.blocker.component, result.verdict);
  if (expectation.protocol === "s3") throughEndpointTable(reading, expectation, drafts);
  const rank = expectation.protocol === "icmp" ? undefined : RANK[expectation.protocol];
  const ordered = rank
    ? drafts
        .map((draft, index) => ({ draft, index, at: rank[draft.kind] ?? Number.MAX_SAFE_INTEGER }))
        .sort((a, b) => a.at - b.at || a.index - b.index)
        .map((entry) => entry.draft)
    : drafts;
  // A path that stops is drawn up to where it stops.
  const stop = ordered.findIndex((draft) => draft.stop !== undefined);
  const drawn = stop >= 0 ? ordered.slice(0, stop + 1) : ordered;
  return drawn.map((draft): RouteComponent => {
    const vpc = vpcOf(reading, draft.kind, draft.address);
    return {
      kind: draft.kind,
      address: draft.address,
      via: draft.via,
      ...(vpc === undefined ? {} : { vpc }),
      ...(draft.stop === undefined ? {} : { stop: draft.stop }),
    };
  });
}
