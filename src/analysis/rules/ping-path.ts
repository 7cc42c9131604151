import type { InstanceNode, NetworkModel } from "../network-model";
import type { Peer, Step, StepResult } from "../path-steps";
import {
  aclStep,
  block,
  cannotProve,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  noInstance,
  routeStep,
  runSteps,
  securityGroupStep,
} from "../path-steps";
import type { PathRule } from "../rule";
import { decidePaths } from "../rule";

/** Ping between the instances of two VPCs, both ways of the intent's `icmp` expectations. */
export const PING_PATH: PathRule = {
  type: "path",
  id: "ping-path",
  protocol: "icmp",
  codes: [
    "ENI_SG_RULES_MISMATCH",
    "SUBNET_ACL_RESTRICTION",
    "NO_ROUTE_TO_DESTINATION",
    "PCX_NOT_ACCEPTED",
    "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
    "NO_SUCH_TARGET",
    "REFERENCE_NOT_RESOLVED",
    "PATH_NOT_MODELLED",
  ],
  check: (context) =>
    decidePaths(context, "icmp", (expectation) => {
      const from = context.reading.instanceOf(expectation.from);
      const to = context.reading.instanceOf(expectation.to);
      if (!from) return noInstance(expectation.from);
      if (!to) return noInstance(expectation.to);
      return pingPath(context.reading.network, from, to, `${expectation.from}'s instance`, `${expectation.to}'s instance`);
    }),
};

/** An instance as the other side of a rule: its address (one AWS assigns in its subnet, unless fixed) and its groups. */
function instancePeer(instance: InstanceNode, label: string): Peer {
  return {
    range: instance.privateRange,
    coverage: "one",
    securityGroups: instance.securityGroups,
    label: `${label} (${instance.privateRange?.text ?? "address not known"})`,
  };
}

/**
 * Ping from one instance to another by private IP, modelled as AWS behaves: the source's
 * security group egress, its subnet's ACL outbound, its route table (longest prefix; the local
 * route; a peering delivers only into the peer VPC's block and only once accepted), the
 * destination subnet's ACL inbound and security group ingress; then the reply, which security
 * groups let back by themselves (they are stateful) but which needs a route back and ACL rules
 * both ways (ACLs are stateless).
 */
function pingPath(model: NetworkModel, from: InstanceNode, to: InstanceNode, fromLabel: string, toLabel: string): StepResult {
  if (!from.subnet || !to.subnet)
    return block(
      from.subnet ? to.address : from.address,
      "NO_SUCH_TARGET",
      `Cannot tell the subnet of ${from.subnet ? toLabel : fromLabel}.`,
    );
  if (!from.privateRange || !to.privateRange)
    return cannotProve(
      from.privateRange ? to.subnet : from.subnet,
      "REFERENCE_NOT_RESOLVED",
      `The block of ${from.privateRange ? toLabel : fromLabel}'s subnet is not known before apply.`,
    );
  const source = instancePeer(from, fromLabel);
  const destination = instancePeer(to, toLabel);
  const steps: Step[] = [
    () => securityGroupStep(model, from.securityGroups, "egress", ICMP_ECHO_REQUEST, destination, fromLabel),
    () => aclStep(model.aclOf(from.subnet!), true, ICMP_ECHO_REQUEST, destination, `${fromLabel}'s subnet`, destination.label),
    () => routeStep(model, from.subnet!, to.privateRange!, toLabel, fromLabel),
    () => aclStep(model.aclOf(to.subnet!), false, ICMP_ECHO_REQUEST, source, `${toLabel}'s subnet`, source.label),
    () => securityGroupStep(model, to.securityGroups, "ingress", ICMP_ECHO_REQUEST, source, toLabel),
    // The reply: no security group check (stateful), but routing and ACLs again.
    { reply: () => aclStep(model.aclOf(to.subnet!), true, ICMP_ECHO_REPLY, source, `${toLabel}'s subnet`, source.label) },
    { reply: () => withReturnNote(routeStep(model, to.subnet!, from.privateRange!, fromLabel, toLabel)) },
    { reply: () => aclStep(model.aclOf(from.subnet!), false, ICMP_ECHO_REPLY, destination, `${fromLabel}'s subnet`, destination.label) },
  ];
  return runSteps(steps);
}

function withReturnNote(result: StepResult): StepResult {
  if (result.verdict === "reachable") return result;
  return {
    ...result,
    blocker: { ...result.blocker, explanation: `The request arrives, but the reply cannot return: ${result.blocker.explanation}` },
  };
}
