import type { InstanceNode, NetworkModel } from "../network-model";
import type { Peer, StepResult } from "../path-steps";
import { aclStep, block, cannotProve, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, routeStep, runSteps, securityGroupStep } from "../path-steps";

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
export function pingPath(model: NetworkModel, from: InstanceNode, to: InstanceNode, fromLabel: string, toLabel: string): StepResult {
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
  const steps: (() => StepResult)[] = [
    () => securityGroupStep(model, from.securityGroups, "egress", ICMP_ECHO_REQUEST, destination, fromLabel),
    () => aclStep(model.aclOf(from.subnet!), true, ICMP_ECHO_REQUEST, destination, `${fromLabel}'s subnet`, destination.label),
    () => routeStep(model, from.subnet!, to.privateRange!, toLabel, fromLabel),
    () => aclStep(model.aclOf(to.subnet!), false, ICMP_ECHO_REQUEST, source, `${toLabel}'s subnet`, source.label),
    () => securityGroupStep(model, to.securityGroups, "ingress", ICMP_ECHO_REQUEST, source, toLabel),
    // The reply: no security group check (stateful), but routing and ACLs again.
    () => aclStep(model.aclOf(to.subnet!), true, ICMP_ECHO_REPLY, source, `${toLabel}'s subnet`, source.label),
    () => withReturnNote(routeStep(model, to.subnet!, from.privateRange!, fromLabel, toLabel)),
    () => aclStep(model.aclOf(from.subnet!), false, ICMP_ECHO_REPLY, destination, `${fromLabel}'s subnet`, destination.label),
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
