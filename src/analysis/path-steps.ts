import type { Ipv4Block } from "../aws/ipv4-cidr";
import { ALL_OF_IPV4, blockRange, contains, isNonPublic, NON_PUBLIC_RANGES, overlaps, unionCovers } from "../aws/ipv4-cidr";
import { ICMP_ECHO_REPLY_TYPE, ICMP_ECHO_REQUEST_TYPE, vpcAddress } from "../model/lab-contract";
import type { ExplanationCode } from "./explanation-codes";
import type { AclRule, NetworkAclNode, NetworkModel, Protocol, RouteEntry, RouteTableNode, SecurityGroupRule } from "./network-model";
import { MANAGED_PREFIX_LISTS } from "./network-model";

/** Why a path stops, or why it cannot be proven: the component, a code and a sentence for a learner. */
export interface Blocker {
  readonly component: string;
  readonly code: ExplanationCode;
  readonly explanation: string;
}

/** A path's verdict: proven open, proven closed, or not provable from the synthesized Terraform. */
export type Verdict = "reachable" | "blocked" | "unknown";

/**
 * The result of one step (or a whole path): the components it went through; or the first
 * component that provably blocks it; or what could not be read and why. `walked` (set by
 * {@link runSteps}) lists the components the traffic went through on its way there, replies left
 * out: what a picture draws of the path.
 */
export type StepResult =
  | { readonly verdict: "reachable"; readonly hops: string[]; readonly walked?: readonly string[] }
  | { readonly verdict: "blocked"; readonly blocker: Blocker; readonly walked?: readonly string[] }
  | { readonly verdict: "unknown"; readonly blocker: Blocker; readonly walked?: readonly string[] };

/** A step that lets the traffic through the given components. */
export const pass = (...hops: string[]): StepResult => ({ verdict: "reachable", hops });
/** A step that provably stops the traffic. */
export const block = (component: string, code: ExplanationCode, explanation: string): StepResult => ({
  verdict: "blocked",
  blocker: { component, code, explanation },
});
/** A step whose outcome cannot be proven either way (`code` is a cannot-prove code). */
export const cannotProve = (component: string, code: ExplanationCode, explanation: string): StepResult => ({
  verdict: "unknown",
  blocker: { component, code, explanation },
});
/** A step of a path: a check to run, or one of the reply direction (its components count among the hops, not on the drawn way). */
export type Step = (() => StepResult) | { readonly reply: () => StepResult };

/**
 * Runs steps in path order. A step that provably blocks decides, even after a step that could
 * not be proven (the path needs every step); otherwise the first unprovable step makes the path
 * unknown; otherwise it is reachable through every step's components.
 */
export function runSteps(steps: readonly Step[]): StepResult {
  const hops: string[] = [];
  const walked: string[] = [];
  let firstUnknown: StepResult | undefined;
  for (const step of steps) {
    const isReply = typeof step !== "function";
    const result = isReply ? step.reply() : step();
    if (result.verdict === "blocked") return { ...result, walked: [...walked, ...(result.walked ?? [])] };
    if (result.verdict === "unknown") firstUnknown ??= { ...result, walked: [...walked, ...(result.walked ?? [])] };
    else {
      hops.push(...result.hops);
      if (!isReply) walked.push(...(result.walked ?? result.hops));
    }
  }
  return firstUnknown ?? { verdict: "reachable", hops, walked };
}

/** A path that names a VPC holding no instance (or no VPC of that name). */
export const noInstance = (vpcName: string): StepResult =>
  block(vpcAddress(vpcName), "NO_SUCH_TARGET", `There is no instance in a VPC named ${vpcName}.`);

/** What a packet looks like to a rule: the TCP/UDP port range, or the ICMP type in `fromPort`. */
export interface Traffic {
  readonly protocol: Exclude<Protocol, "all" | "other">;
  readonly fromPort: number;
  readonly toPort: number;
  /** Human name, e.g. "ping (ICMP echo request)". */
  readonly label: string;
}

export const ICMP_ECHO_REQUEST: Traffic = {
  protocol: "icmp",
  fromPort: ICMP_ECHO_REQUEST_TYPE,
  toPort: ICMP_ECHO_REQUEST_TYPE,
  label: "ping (ICMP echo request)",
};
export const ICMP_ECHO_REPLY: Traffic = {
  protocol: "icmp",
  fromPort: ICMP_ECHO_REPLY_TYPE,
  toPort: ICMP_ECHO_REPLY_TYPE,
  label: "ping reply (ICMP echo reply)",
};
/** TCP traffic to a port range; a range means every port of it gets used (ephemeral ports). */
export const tcp = (fromPort: number, toPort: number, label: string): Traffic => ({ protocol: "tcp", fromPort, toPort, label });

/**
 * The other side of a rule check. `coverage` says how its addresses are used: `all` (traffic
 * comes from every address of `range`, e.g. a service's published block: a rule that misses
 * part of it breaks part of the traffic), `one` (one address of `range` that AWS assigns, e.g. an
 * instance in its subnet) or `some` (some addresses of `range`, not known which).
 */
export interface Peer {
  /** Its addresses; undefined when not known at synth. */
  readonly range?: Ipv4Block;
  readonly coverage: "all" | "one" | "some";
  readonly securityGroups?: readonly string[];
  /** Prefix lists it belongs to ({@link MANAGED_PREFIX_LISTS}). */
  readonly prefixLists?: readonly string[];
  /** Human name, e.g. "vpc2's instance (10.2.0.0/24)". */
  readonly label: string;
}

type Relation = "all" | "part" | "none";

function relation(rule: Ipv4Block, peer: Ipv4Block): Relation {
  if (contains(rule, peer)) return "all";
  return overlaps(rule, peer) ? "part" : "none";
}

function trafficMatches(protocol: Protocol, fromPort: number, toPort: number, traffic: Traffic): boolean {
  if (protocol === "all") return true;
  if (protocol !== traffic.protocol) return false;
  if (protocol === "icmp") return fromPort === -1 || fromPort === traffic.fromPort;
  return (fromPort === -1 && toPort === -1) || (fromPort <= traffic.fromPort && toPort >= traffic.toPort);
}

/** How a security group rule relates to a peer: covers it, part of it, none of it, or cannot tell. */
function ruleRelation(rule: SecurityGroupRule, peer: Peer): Relation | "unknown" {
  if (rule.securityGroup) return peer.securityGroups?.includes(rule.securityGroup) ? "all" : "none";
  if (rule.securityGroupUnresolved) return peer.securityGroups ? "unknown" : "none";
  if (rule.prefixList) {
    if (peer.prefixLists?.includes(rule.prefixList)) return "all";
    // An AWS-managed list the analysis knows holds other addresses; any other list may hold the peer.
    return Object.values(MANAGED_PREFIX_LISTS).includes(rule.prefixList as never) ? "none" : "unknown";
  }
  if (rule.cidrUnresolved) return "unknown";
  if (!rule.cidr) return "none";
  if (rule.cidr.prefix === 0) return "all";
  return peer.range ? relation(rule.cidr, peer.range) : "unknown";
}

/** Security group step: the instance's groups must allow the traffic with the peer (any rule, any group). */
export function securityGroupStep(
  model: NetworkModel,
  groups: readonly string[],
  direction: "ingress" | "egress",
  traffic: Traffic,
  peer: Peer,
  owner: string,
): StepResult {
  const partial: SecurityGroupRule[] = [];
  let undecided: SecurityGroupRule | undefined;
  let outsideGroup: string | undefined;
  for (const group of groups) {
    const node = model.securityGroups.get(group);
    if (!node) outsideGroup ??= group;
    for (const rule of node?.rules ?? []) {
      if (rule.direction !== direction || !trafficMatches(rule.protocol, rule.fromPort, rule.toPort, traffic)) continue;
      const related = ruleRelation(rule, peer);
      if (related === "all") return pass(rule.address);
      if (related === "part") partial.push(rule);
      else if (related === "unknown") undecided ??= rule;
    }
  }
  if (
    partial.length > 0 &&
    peer.range &&
    unionCovers(
      partial.map((r) => r.cidr!),
      peer.range,
    )
  )
    return pass(...partial.map((r) => r.address));
  const where = direction === "ingress" ? `in from ${peer.label}` : `out to ${peer.label}`;
  if (outsideGroup)
    return cannotProve(
      outsideGroup,
      "REFERENCE_NOT_RESOLVED",
      `Security group ${outsideGroup} of ${owner} is not defined in this stack, so whether it lets ${traffic.label} ${where} cannot be read.`,
    );
  if (undecided)
    return cannotProve(
      undecided.address,
      "REFERENCE_NOT_RESOLVED",
      `Rule ${undecided.address} may let ${traffic.label} ${where}, but its ${undecided.cidrUnresolved ? `CIDR (${undecided.cidrUnresolved})` : undecided.prefixList ? `prefix list (${undecided.prefixList})` : `security group (${undecided.securityGroupUnresolved})`} is not known before apply.`,
    );
  if (partial.length > 0 && peer.coverage !== "all")
    return cannotProve(
      partial[0]!.address,
      "REFERENCE_NOT_RESOLVED",
      `Rule ${partial[0]!.address} lets ${traffic.label} ${where} for part of ${peer.range?.text ?? "its addresses"} only, and which address AWS assigns is not known before apply.`,
    );
  const noEgressAtAll =
    direction === "egress" && groups.every((g) => !model.securityGroups.get(g)?.rules.some((r) => r.direction === "egress"));
  const hint = noEgressAtAll
    ? " (it has no egress rule at all: a security group made by Terraform starts without AWS's allow-all egress)"
    : partial.length > 0
      ? ` for all of ${peer.range?.text} (${partial.map((r) => r.cidr!.text).join(", ")} cover only part of it)`
      : "";
  return block(
    groups[0] ?? owner,
    "ENI_SG_RULES_MISMATCH",
    `No rule of the security group of ${owner} lets ${traffic.label} ${where}${hint}.`,
  );
}

/** What the first matching rule of an ACL does with one address and one port. */
type AclOutcome = { readonly rule?: AclRule; readonly effect: "allow" | "deny" | "unknown" };

/** Boundaries that split [from, to] into stretches on which every rule decides alike. */
function stretches(from: number, to: number, edges: readonly (readonly [number, number])[]): number[] {
  const starts = new Set([from]);
  for (const [start, end] of edges) {
    if (start > from && start <= to) starts.add(start);
    if (end + 1 > from && end + 1 <= to) starts.add(end + 1);
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * Network ACL step for one direction of one subnet; a subnet without a managed ACL allows all.
 * Rules are read in number order and the first that matches decides, for each address and port.
 * The peer's addresses and the traffic's ports are cut into stretches on which every rule decides
 * alike, and each stretch is decided: every port of a range gets used (ephemeral ports), so one
 * denied port breaks the path; for the addresses, {@link Peer.coverage} says whether one denied
 * address breaks it (`all`) or leaves it unknown (`one`, `some`: which address is used is not known).
 */
export function aclStep(
  acl: NetworkAclNode | undefined,
  egress: boolean,
  traffic: Traffic,
  peer: Peer,
  subnetLabel: string,
  peerLabel: string,
): StepResult {
  if (!acl) return pass();
  const rules = acl.rules
    .filter((r) => r.egress === egress && (r.protocol === "all" || r.protocol === traffic.protocol))
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  const verb = egress ? "leaving" : "entering";
  const preposition = egress ? "to" : "from";
  const range = peer.range ?? ALL_OF_IPV4;
  const [first, last] = blockRange(range);
  const addresses = stretches(
    first,
    last,
    rules.flatMap((r) => (r.cidr ? [blockRange(r.cidr)] : [])),
  );
  const portsMatter = traffic.protocol !== "icmp";
  const ports = portsMatter
    ? stretches(
        traffic.fromPort,
        traffic.toPort,
        rules.filter((r) => r.protocol !== "all").map((r) => [r.fromPort, r.toPort] as const),
      )
    : [traffic.fromPort];
  const decide = (address: number, port: number): AclOutcome => {
    for (const rule of rules) {
      const portMatches =
        rule.protocol === "all" ||
        (portsMatter ? rule.fromPort <= port && port <= rule.toPort : rule.icmpType === -1 || rule.icmpType === port);
      if (!portMatches) continue;
      if (rule.cidrUnresolved) return { rule, effect: "unknown" };
      if (!rule.cidr) continue;
      const [start, end] = blockRange(rule.cidr);
      if (start <= address && address <= end) return { rule, effect: rule.allow ? "allow" : "deny" };
    }
    return { effect: "deny" };
  };
  // Per address stretch: the path works only if every port does.
  const perAddress = addresses.map((address) => {
    const outcomes = ports.map((port) => decide(address, port));
    return (
      outcomes.find((o) => o.effect === "deny") ??
      outcomes.find((o) => o.effect === "unknown") ?? { effect: "allow" as const, rules: outcomes.map((o) => o.rule!) }
    );
  });
  const denied = perAddress.find((o) => o.effect === "deny");
  const allowed = perAddress.filter((o): o is { effect: "allow"; rules: AclRule[] } => o.effect === "allow");
  if (allowed.length === perAddress.length) return pass(...new Set(allowed.flatMap((o) => o.rules.map((r) => r.address))));
  const unknown = perAddress.find((o): o is AclOutcome => o.effect === "unknown");
  if (denied && (peer.coverage === "all" || allowed.length === 0) && !(unknown && peer.coverage !== "all")) {
    const rule = "rule" in denied ? denied.rule : undefined;
    const part = perAddress.length > 1 || ports.length > 1 ? " (for part of it, and every part gets used)" : "";
    return rule
      ? block(
          rule.address,
          "SUBNET_ACL_RESTRICTION",
          `Network ACL rule ${rule.ruleNumber} of ${acl.address} denies ${traffic.label} ${verb} ${subnetLabel} ${preposition} ${peerLabel}${part}.`,
        )
      : block(
          acl.address,
          "SUBNET_ACL_RESTRICTION",
          `No rule of network ACL ${acl.address} allows ${part ? "all of " : ""}${traffic.label} ${verb} ${subnetLabel} ${preposition} ${peerLabel}, so its final deny-all rule drops it (ACLs are stateless: replies need rules too).`,
        );
  }
  if (unknown?.rule?.cidrUnresolved)
    return cannotProve(
      unknown.rule.address,
      "REFERENCE_NOT_RESOLVED",
      `Network ACL rule ${unknown.rule.ruleNumber} of ${acl.address} may match ${traffic.label} ${verb} ${subnetLabel}, but its CIDR (${unknown.rule.cidrUnresolved}) is not known before apply.`,
    );
  return cannotProve(
    acl.address,
    "REFERENCE_NOT_RESOLVED",
    `Network ACL ${acl.address} lets ${traffic.label} ${verb} ${subnetLabel} ${preposition} part of ${peerLabel} and stops the rest, and which address is used is not known before apply.`,
  );
}

/** The route that carries traffic to a range, or why that cannot be told. */
export type RouteChoice = { readonly route?: RouteEntry } | { readonly unknown: StepResult };

/**
 * The most specific route of a table whose destination holds the whole range; the local route
 * for the VPC's block. A route whose destination is not known before apply, or a more specific
 * route for part of the range, makes the choice unknown.
 */
export function longestPrefixRoute(model: NetworkModel, table: RouteTableNode, destination: Ipv4Block, label: string): RouteChoice {
  const vpcCidr = table.vpc ? model.vpcCidrs.get(table.vpc) : undefined;
  if (table.vpc && model.vpcCidrs.has(table.vpc) && !vpcCidr)
    return {
      unknown: cannotProve(
        table.vpc,
        "REFERENCE_NOT_RESOLVED",
        `The block of ${table.vpc} is not known before apply, so its local route cannot be told.`,
      ),
    };
  const candidates: RouteEntry[] = [
    ...(vpcCidr ? [{ address: table.address, destination: vpcCidr, target: { kind: "local" as const } }] : []),
    ...table.routes,
  ];
  let best: RouteEntry | undefined;
  for (const route of candidates) {
    if (route.destinationUnresolved)
      return {
        unknown: cannotProve(
          route.address,
          "REFERENCE_NOT_RESOLVED",
          `Route ${route.address} has a destination that is not known before apply (${route.destinationUnresolved}), so the route ${label} takes cannot be told.`,
        ),
      };
    // A prefix-list destination: S3's list never holds private addresses; any other list may hold anything.
    if (route.prefixList && !(model.prefixListIdentity(route.prefixList) === MANAGED_PREFIX_LISTS.s3 && isNonPublic(destination)))
      return {
        unknown: cannotProve(
          route.address,
          "REFERENCE_NOT_RESOLVED",
          `Route ${route.address} goes to prefix list ${route.prefixList}, whose entries are not known here, so the route ${label} takes cannot be told.`,
        ),
      };
    if (!route.destination) continue;
    if (contains(route.destination, destination)) {
      if (!best || route.destination.prefix > best.destination!.prefix) best = route;
    }
  }
  // Towards "the internet" (addresses not known), routes into private space never matter.
  const splitter = candidates.find(
    (r) =>
      r.destination &&
      r.destination.prefix > destination.prefix &&
      overlaps(r.destination, destination) &&
      r.target.kind !== best?.target.kind &&
      !(destination.prefix === 0 && NON_PUBLIC_RANGES.some((range) => contains(range, r.destination!))),
  );
  if (splitter)
    return {
      unknown: cannotProve(
        splitter.address,
        "PATH_NOT_MODELLED",
        `Route ${splitter.address} sends part of ${destination.text} (${splitter.destination!.text}) elsewhere, so the way ${label} takes depends on the exact address.`,
      ),
    };
  return { route: best };
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
  const choice = longestPrefixRoute(model, table, destination, `to ${destinationLabel}`);
  if ("unknown" in choice) return choice.unknown;
  const route = choice.route;
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
      if (!pcx)
        return cannotProve(
          route.address,
          "REFERENCE_NOT_RESOLVED",
          `Route ${route.address} points at ${route.target.address}, a peering connection that is not in this stack.`,
        );
      if (pcx.requester !== vpc && pcx.accepter !== vpc) {
        return block(
          route.address,
          "NO_ROUTE_TO_DESTINATION",
          `Route ${route.address} points at peering ${route.target.address}, which does not connect ${vpc ?? "this VPC"}.`,
        );
      }
      const peerVpc = pcx.requester === vpc ? pcx.accepter : pcx.requester;
      if (!pcx.accepted) {
        if (pcx.acceptedElsewhere)
          return cannotProve(
            pcx.address,
            "PATH_NOT_MODELLED",
            `Peering ${pcx.address} goes to another account or region, where it must be accepted; this stack cannot tell whether it is.`,
          );
        return block(
          pcx.address,
          "PCX_NOT_ACCEPTED",
          `Peering ${pcx.address} is requested but never accepted (no auto_accept and no aws_vpc_peering_connection_accepter), so it carries nothing.`,
        );
      }
      const peerCidr = peerVpc ? model.vpcCidrs.get(peerVpc) : undefined;
      if (!peerCidr)
        return cannotProve(
          pcx.address,
          "REFERENCE_NOT_RESOLVED",
          `The block of the VPC on the other side of ${pcx.address} (${peerVpc ?? "not in this stack"}) is not known before apply.`,
        );
      if (!contains(peerCidr, destination)) {
        return block(
          pcx.address,
          "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
          `Route ${route.address} sends ${destinationLabel} (${destination.text}) into peering ${pcx.address}, but that peering only reaches ${peerVpc} (${peerCidr.text}): peering is not transitive, so ${sourceLabel}'s VPC needs a peering of its own with the destination VPC.`,
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
    case "gateway-endpoint":
      return block(
        route.address,
        "NO_ROUTE_TO_DESTINATION",
        `Route ${route.address} sends ${destinationLabel} to a gateway endpoint, which only carries traffic to its service.`,
      );
    default:
      return cannotProve(
        route.address,
        "PATH_NOT_MODELLED",
        `Route ${route.address} sends ${destinationLabel} (${destination.text}) to ${route.target.description}, which this analysis does not follow (it may well deliver it).`,
      );
  }
}
