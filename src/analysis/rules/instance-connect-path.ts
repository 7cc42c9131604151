import type { Ipv4Block } from "../../aws/ipv4-cidr";
import { ALL_OF_IPV4, parseIpv4Cidr } from "../../aws/ipv4-cidr";
import { INSTANCE_CONNECT_RANGES } from "../../aws/instance-connect-ranges";
import { SSH_PORT } from "../../model/lab-contract";
import type { InstanceConnectEndpointNode, InstanceNode, NetworkModel } from "../network-model";
import { MANAGED_PREFIX_LISTS } from "../network-model";
import type { Peer, Step, StepResult } from "../path-steps";
import {
  aclStep,
  block,
  cannotProve,
  longestPrefixRoute,
  noInstance,
  pass,
  routeStep,
  runSteps,
  securityGroupStep,
  tcp,
} from "../path-steps";
import type { PathRule } from "../rule";
import { decidePaths } from "../rule";

const SSH = tcp(SSH_PORT, SSH_PORT, `SSH (TCP ${SSH_PORT})`);
const EPHEMERAL = tcp(1024, 65535, "the SSH replies (TCP 1024-65535)");

/** The Instance Connect service as the other side of the rules: its published block when known, and its prefix list. */
function instanceConnectPeer(region: string | undefined): Peer {
  const published = region && Object.hasOwn(INSTANCE_CONNECT_RANGES, region) ? INSTANCE_CONNECT_RANGES[region] : undefined;
  const range: Ipv4Block | undefined = published ? parseIpv4Cidr(published) : undefined;
  return range
    ? {
        range,
        coverage: "all",
        prefixLists: [MANAGED_PREFIX_LISTS.instanceConnect],
        label: `EC2 Instance Connect (${range.text}, its prefix list)`,
      }
    : {
        range: ALL_OF_IPV4,
        coverage: "some",
        prefixLists: [MANAGED_PREFIX_LISTS.instanceConnect],
        label: "the EC2 Instance Connect prefix list",
      };
}

/** SSH from the console's EC2 Instance Connect service to each instance (the intent's `ssh` expectations). */
export const INSTANCE_CONNECT_PATH: PathRule = {
  type: "path",
  id: "instance-connect-path",
  protocol: "ssh",
  codes: [
    "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS",
    "NO_INTERNET_GATEWAY",
    "NO_ROUTE_TO_DESTINATION",
    "ENI_SG_RULES_MISMATCH",
    "SUBNET_ACL_RESTRICTION",
    "NO_SUCH_TARGET",
    "REFERENCE_NOT_RESOLVED",
    "PATH_NOT_MODELLED",
  ],
  check: (context) =>
    decidePaths(context, "ssh", (expectation) => {
      const to = context.reading.instanceOf(expectation.to);
      return to ? instanceConnectPath(context.reading.network, to, `${expectation.to}'s instance`) : noInstance(expectation.to);
    }),
};

/**
 * SSH from the console's EC2 Instance Connect service: it connects from AWS public addresses to
 * the instance's public IP, so the instance needs a public IP (an EIP), its subnet a route to an
 * internet gateway for the replies, ACLs that let SSH in and the replies out, and its security
 * group TCP 22 from the service's prefix list (or its published block).
 */
function instanceConnectPath(model: NetworkModel, instance: InstanceNode, label: string): StepResult {
  const subnet = instance.subnet;
  if (!subnet) return block(instance.address, "NO_SUCH_TARGET", `Cannot tell the subnet of ${label}.`);
  // With an EC2 Instance Connect Endpoint in the VPC, the console connects through it; either way will do.
  const endpoints = instance.vpc ? (model.instanceConnectEndpoints.get(instance.vpc) ?? []) : [];
  const ways = [publicPath(model, instance, subnet, label), ...endpoints.map((e) => endpointPath(model, instance, subnet, e, label))];
  return (
    ways.find((w) => w.verdict === "reachable") ??
    ways.find((w) => w.verdict === "unknown") ??
    (endpoints.length > 0 && !instance.publicAddress ? ways[1]! : ways[0]!)
  );
}

/**
 * SSH through an EC2 Instance Connect Endpoint: from the endpoint's network interface in its
 * subnet to the instance's private address, inside the VPC. The endpoint's security group needs
 * TCP 22 out to the instance, the instance's TCP 22 in from the endpoint (its group, or its
 * subnet's addresses: without client IP preservation the instance sees the endpoint's address),
 * and the ACLs between two subnets both ways.
 */
function endpointPath(
  model: NetworkModel,
  instance: InstanceNode,
  subnet: string,
  endpoint: InstanceConnectEndpointNode,
  label: string,
): StepResult {
  if (!endpoint.subnet || !instance.privateRange)
    return cannotProve(endpoint.address, "REFERENCE_NOT_RESOLVED", `Cannot tell where ${endpoint.address} or ${label} sits.`);
  if (endpoint.preserveClientIp)
    return cannotProve(
      endpoint.address,
      "PATH_NOT_MODELLED",
      `${endpoint.address} preserves the client's address, so ${label} sees the console's or a laptop's address, which this analysis does not follow.`,
    );
  const endpointRange = model.subnets.get(endpoint.subnet)?.cidr;
  const target: Peer = {
    range: instance.privateRange,
    coverage: "one",
    securityGroups: instance.securityGroups,
    label: `${label} (${instance.privateRange.text})`,
  };
  const source: Peer = {
    range: endpointRange,
    coverage: "one",
    securityGroups: endpoint.securityGroups,
    label: `${endpoint.address} (${endpointRange?.text ?? "its subnet"})`,
  };
  const crossing = endpoint.subnet !== subnet;
  const steps: Step[] = [
    () => pass(endpoint.address),
    () => securityGroupStep(model, endpoint.securityGroups, "egress", SSH, target, endpoint.address),
    () => securityGroupStep(model, instance.securityGroups, "ingress", SSH, source, label),
  ];
  // Network ACLs guard subnet boundaries: traffic inside one subnet never meets them.
  if (crossing && endpointRange)
    steps.push(
      () => aclStep(model.aclOf(endpoint.subnet!), true, SSH, target, `${endpoint.address}'s subnet`, target.label),
      () => routeStep(model, endpoint.subnet!, instance.privateRange!, label, endpoint.address),
      () => aclStep(model.aclOf(subnet), false, SSH, source, `${label}'s subnet`, source.label),
      { reply: () => aclStep(model.aclOf(subnet), true, EPHEMERAL, source, `${label}'s subnet`, source.label) },
      { reply: () => aclStep(model.aclOf(endpoint.subnet!), false, EPHEMERAL, target, `${endpoint.address}'s subnet`, target.label) },
    );
  else if (crossing)
    steps.push(() => cannotProve(endpoint.subnet!, "REFERENCE_NOT_RESOLVED", `The block of ${endpoint.subnet} is not known before apply.`));
  return runSteps(steps);
}

/** SSH from the console's Instance Connect service over the internet, to the instance's public address. */
function publicPath(model: NetworkModel, instance: InstanceNode, subnet: string, label: string): StepResult {
  const vpc = model.subnets.get(subnet)?.vpc;
  const service = instanceConnectPeer(instance.region);
  return runSteps([
    () =>
      instance.publicAddress
        ? pass(instance.publicAddress === "launch" ? instance.address : instance.publicAddress)
        : block(
            instance.address,
            "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS",
            `${label} has no public IP address (no Elastic IP, no public IP at launch): EC2 Instance Connect connects over the internet, so it cannot reach it. This is the lab's first error; associate an Elastic IP.`,
          ),
    () => {
      const gateways = vpc ? (model.internetGateways.get(vpc) ?? []) : [];
      if (gateways.length === 0)
        return block(
          vpc ?? subnet,
          "NO_INTERNET_GATEWAY",
          `${vpc ?? "The VPC"} has no internet gateway, so nothing from the internet reaches ${label}.`,
        );
      const table = model.routeTableOf(subnet);
      const choice = longestPrefixRoute(model, table, service.range!, `back to EC2 Instance Connect`);
      if ("unknown" in choice) return choice.unknown;
      const route = choice.route;
      if (route?.target.kind === "internet-gateway" && gateways.includes(route.target.address))
        return pass(route.address, route.target.address);
      return block(
        table.address,
        "NO_ROUTE_TO_DESTINATION",
        `Route table ${table.address} of ${label}'s subnet has no route to the VPC's internet gateway for ${service.range!.prefix === 0 ? "0.0.0.0/0" : `EC2 Instance Connect's block ${service.range!.text}`}, so the replies to EC2 Instance Connect cannot leave.`,
      );
    },
    () => aclStep(model.aclOf(subnet), false, SSH, service, `${label}'s subnet`, service.label),
    () => securityGroupStep(model, instance.securityGroups, "ingress", SSH, service, label),
    { reply: () => aclStep(model.aclOf(subnet), true, EPHEMERAL, service, `${label}'s subnet`, service.label) },
  ]);
}
