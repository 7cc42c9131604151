import type { Ipv4Block } from "../config/cidr";
import { contains, overlaps, parseIpv4Cidr } from "../config/cidr";
import type { ExplanationCode } from "./explanation-codes";
import type { NetworkAclNode, NetworkModel, Protocol, RouteEntry, RouteTableNode, SecurityGroupRule } from "./network-model";

/** The whole IPv4 internet, as a range. */
export const INTERNET = parseIpv4Cidr("0.0.0.0/0")!;

/** Why a path stops: the first blocking component, a code and a sentence for a learner. */
export interface Blocker {
  readonly component: string;
  readonly code: ExplanationCode;
  readonly explanation: string;
}

/** The result of one step: the components it went through, or a blocker. */
export type StepResult = { readonly ok: true; readonly hops: string[] } | { readonly ok: false; readonly blocker: Blocker };

export const pass = (...hops: string[]): StepResult => ({ ok: true, hops });
export const block = (component: string, code: ExplanationCode, explanation: string): StepResult => ({
  ok: false,
  blocker: { component, code, explanation },
});

/** What a packet looks like to a rule. `port` is the TCP/UDP port range, or the ICMP type. */
export interface Traffic {
  readonly protocol: Exclude<Protocol, "all" | "other">;
  readonly fromPort: number;
  readonly toPort: number;
  /** Human name, e.g. "ping (ICMP echo request)". */
  readonly label: string;
}

export const ICMP_ECHO_REQUEST: Traffic = { protocol: "icmp", fromPort: 8, toPort: 8, label: "ping (ICMP echo request)" };
export const ICMP_ECHO_REPLY: Traffic = { protocol: "icmp", fromPort: 0, toPort: 0, label: "ping reply (ICMP echo reply)" };
export const tcp = (fromPort: number, toPort: number, label: string): Traffic => ({ protocol: "tcp", fromPort, toPort, label });

/** The other side of a rule check: an address range, its security groups, its prefix lists. */
export interface Peer {
  readonly range?: Ipv4Block;
  readonly securityGroups?: readonly string[];
  readonly prefixLists?: readonly string[];
  /** Human name, e.g. "vpc2's instance (10.2.0.0/24)". */
  readonly label: string;
}

function trafficMatches(protocol: Protocol, fromPort: number, toPort: number, traffic: Traffic): boolean {
  if (protocol === "all") return true;
  if (protocol !== traffic.protocol) return false;
  if (protocol === "icmp") return fromPort === -1 || fromPort === traffic.fromPort;
  return (fromPort === -1 && toPort === -1) || (fromPort <= traffic.fromPort && toPort >= traffic.toPort);
}

function ruleMatchesPeer(rule: SecurityGroupRule, peer: Peer): boolean {
  if (rule.cidr && peer.range) return contains(rule.cidr, peer.range);
  if (rule.securityGroup) return peer.securityGroups?.includes(rule.securityGroup) ?? false;
  if (rule.prefixList) return peer.prefixLists?.includes(rule.prefixList) ?? false;
  return false;
}

/** The rule of any of `groups` that allows `traffic` with `peer` in `direction`, if one does. */
export function allowingRule(
  model: NetworkModel,
  groups: readonly string[],
  direction: "ingress" | "egress",
  traffic: Traffic,
  peer: Peer,
): SecurityGroupRule | undefined {
  for (const group of groups) {
    const rule = model.securityGroups
      .get(group)
      ?.rules.find(
        (r) => r.direction === direction && trafficMatches(r.protocol, r.fromPort, r.toPort, traffic) && ruleMatchesPeer(r, peer),
      );
    if (rule) return rule;
  }
  return undefined;
}

/** Security group step: one of the instance's groups must allow the traffic. */
export function securityGroupStep(
  model: NetworkModel,
  groups: readonly string[],
  direction: "ingress" | "egress",
  traffic: Traffic,
  peer: Peer,
  owner: string,
): StepResult {
  const rule = allowingRule(model, groups, direction, traffic, peer);
  if (rule) return pass(rule.address);
  const where = direction === "ingress" ? `in from ${peer.label}` : `out to ${peer.label}`;
  const noEgressAtAll =
    direction === "egress" && groups.every((g) => !model.securityGroups.get(g)?.rules.some((r) => r.direction === "egress"));
  const hint = noEgressAtAll
    ? " (it has no egress rule at all: a security group made by Terraform starts without AWS's allow-all egress)"
    : "";
  return block(
    groups[0] ?? owner,
    "ENI_SG_RULES_MISMATCH",
    `No rule of the security group of ${owner} lets ${traffic.label} ${where}${hint}.`,
  );
}

/** Network ACL step for one direction of one subnet; a subnet without a managed ACL allows all. */
export function aclStep(
  acl: NetworkAclNode | undefined,
  egress: boolean,
  traffic: Traffic,
  peer: Ipv4Block,
  subnetLabel: string,
  peerLabel: string,
): StepResult {
  if (!acl) return pass();
  const rules = acl.rules.filter((r) => r.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  // The first matching rule decides. An allow must cover the whole traffic (every port of the
  // range, every address of the peer); a deny that covers any part of it breaks the path, except
  // that for a peer known only as "the internet" a deny must cover all of it to count.
  const peerKnown = peer.prefix > 0;
  for (const rule of rules) {
    if (!rule.cidr || (rule.protocol !== "all" && rule.protocol !== traffic.protocol)) continue;
    const icmpType = rule.protocol === "all" || rule.icmpType === -1 || rule.icmpType === traffic.fromPort;
    const ports =
      rule.protocol === "all" ||
      (traffic.protocol === "icmp"
        ? icmpType
        : rule.allow
          ? rule.fromPort <= traffic.fromPort && rule.toPort >= traffic.toPort
          : rule.fromPort <= traffic.toPort && rule.toPort >= traffic.fromPort);
    const addresses = rule.allow || !peerKnown ? contains(rule.cidr, peer) : overlaps(rule.cidr, peer);
    if (!ports || !addresses) continue;
    if (rule.allow) return pass(rule.address);
    return block(
      rule.address,
      "SUBNET_ACL_RESTRICTION",
      `Network ACL rule ${rule.ruleNumber} of ${acl.address} denies ${traffic.label} ${egress ? "leaving" : "entering"} ${subnetLabel} ${egress ? "to" : "from"} ${peerLabel}.`,
    );
  }
  return block(
    acl.address,
    "SUBNET_ACL_RESTRICTION",
    `No rule of network ACL ${acl.address} allows ${traffic.label} ${egress ? "leaving" : "entering"} ${subnetLabel} ${egress ? "to" : "from"} ${peerLabel}, so its final deny-all rule drops it (ACLs are stateless: replies need rules too).`,
  );
}

/** The most specific route of a table whose destination holds the whole range; local first. */
export function longestPrefixRoute(model: NetworkModel, table: RouteTableNode, destination: Ipv4Block): RouteEntry | undefined {
  const vpcCidr = table.vpc ? model.vpcCidrs.get(table.vpc) : undefined;
  const candidates: RouteEntry[] = [
    ...(vpcCidr ? [{ address: table.address, destination: vpcCidr, target: { kind: "local" as const } }] : []),
    ...table.routes,
  ];
  let best: RouteEntry | undefined;
  for (const route of candidates) {
    if (!route.destination || !contains(route.destination, destination)) continue;
    if (!best || route.destination.prefix > best.destination!.prefix) best = route;
  }
  return best;
}

/**
 * Routing step from a subnet towards a private range: longest-prefix match in the subnet's route
 * table; the local route delivers inside the VPC; a peering route delivers only into the peer
 * VPC's block, and only once the peering is accepted.
 */
export function routeStep(
  model: NetworkModel,
  subnet: string,
  destination: Ipv4Block,
  destinationLabel: string,
  sourceLabel: string,
): StepResult {
  const table = model.routeTableOf(subnet);
  const vpc = model.subnets.get(subnet)?.vpc;
  const route = longestPrefixRoute(model, table, destination);
  if (!route) {
    return block(
      table.address,
      "NO_ROUTE_TO_DESTINATION",
      `Route table ${table.address} (used by ${sourceLabel}) has no route to ${destinationLabel} (${destination.text}): add a route to that VPC's block through the peering connection.`,
    );
  }
  switch (route.target.kind) {
    case "local":
      return pass(table.address);
    case "peering": {
      const pcx = model.peerings.get(route.target.address);
      if (!pcx || (pcx.requester !== vpc && pcx.accepter !== vpc)) {
        return block(
          route.address,
          "NO_ROUTE_TO_DESTINATION",
          `Route ${route.address} points at peering ${route.target.address}, which does not connect ${vpc ?? "this VPC"}.`,
        );
      }
      const peerVpc = pcx.requester === vpc ? pcx.accepter : pcx.requester;
      if (!pcx.accepted) {
        return block(
          pcx.address,
          "PCX_NOT_ACCEPTED",
          `Peering ${pcx.address} is requested but never accepted (no auto_accept and no aws_vpc_peering_connection_accepter), so it carries nothing.`,
        );
      }
      const peerCidr = peerVpc ? model.vpcCidrs.get(peerVpc) : undefined;
      if (!peerCidr || !contains(peerCidr, destination)) {
        return block(
          pcx.address,
          "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
          `Route ${route.address} sends ${destinationLabel} (${destination.text}) into peering ${pcx.address}, but that peering only reaches ${peerVpc ?? "its peer"} (${peerCidr?.text ?? "?"}): peering is not transitive, so ${sourceLabel}'s VPC needs a peering of its own with the destination VPC.`,
        );
      }
      return pass(route.address, pcx.address);
    }
    case "internet-gateway":
      // The table is what needs fixing: it lacks a route through the peering.
      return block(
        table.address,
        "NO_ROUTE_TO_DESTINATION",
        `Route table ${table.address} (used by ${sourceLabel}) has no route to ${destinationLabel} (${destination.text}) through a peering: its most specific match is ${route.address}, towards the internet gateway, which never carries traffic to private addresses in another VPC.`,
      );
    default:
      return block(
        route.address,
        "NO_ROUTE_TO_DESTINATION",
        `Route ${route.address} sends ${destinationLabel} to a target this analysis does not follow (${route.target.kind === "other" ? route.target.description : route.target.kind}).`,
      );
  }
}
