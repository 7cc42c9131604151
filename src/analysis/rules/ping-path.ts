import type { InstanceNode, NetworkModel } from "../network-model";
import type { Peer, StepResult } from "../path-steps";
import { aclStep, block, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, routeStep, securityGroupStep } from "../path-steps";

/**
 * Ping from one instance to another by private IP, modelled as AWS behaves: the source's
 * security group egress, its subnet's ACL outbound, its route table (longest prefix; the local
 * route; a peering delivers only into the peer VPC's block and only once accepted), the
 * destination subnet's ACL inbound and security group ingress; then the reply, which security
 * groups let back by themselves (they are stateful) but which needs a route back and ACL rules
 * both ways (ACLs are stateless).
 */
export function pingPath(model: NetworkModel, from: InstanceNode, to: InstanceNode, fromLabel: string, toLabel: string): StepResult {
  if (!from.subnet || !to.subnet || !from.privateRange || !to.privateRange) {
    return block(
      from.subnet ? to.address : from.address,
      "NO_SUCH_TARGET",
      `Cannot tell the subnet or address of ${from.subnet ? toLabel : fromLabel}.`,
    );
  }
  const source: Peer = { range: from.privateRange, securityGroups: from.securityGroups, label: `${fromLabel} (${from.privateRange.text})` };
  const destination: Peer = { range: to.privateRange, securityGroups: to.securityGroups, label: `${toLabel} (${to.privateRange.text})` };
  const steps: (() => StepResult)[] = [
    () => securityGroupStep(model, from.securityGroups, "egress", ICMP_ECHO_REQUEST, destination, fromLabel),
    () => aclStep(model.aclOf(from.subnet!), true, ICMP_ECHO_REQUEST, to.privateRange!, `${fromLabel}'s subnet`, destination.label),
    () => routeStep(model, from.subnet!, to.privateRange!, toLabel, fromLabel),
    () => aclStep(model.aclOf(to.subnet!), false, ICMP_ECHO_REQUEST, from.privateRange!, `${toLabel}'s subnet`, source.label),
    () => securityGroupStep(model, to.securityGroups, "ingress", ICMP_ECHO_REQUEST, source, toLabel),
    // The reply: no security group check (stateful), but routing and ACLs again.
    () => aclStep(model.aclOf(to.subnet!), true, ICMP_ECHO_REPLY, from.privateRange!, `${toLabel}'s subnet`, source.label),
    () => withReturnNote(routeStep(model, to.subnet!, from.privateRange!, fromLabel, toLabel)),
    () => aclStep(model.aclOf(from.subnet!), false, ICMP_ECHO_REPLY, to.privateRange!, `${fromLabel}'s subnet`, destination.label),
  ];
  return runSteps(steps);
}

function withReturnNote(result: StepResult): StepResult {
  if (result.ok) return result;
  return {
    ok: false,
    blocker: { ...result.blocker, explanation: `The request arrives, but the reply cannot return: ${result.blocker.explanation}` },
  };
}

/** Runs steps in path order; the first blocked step ends the path. */
export function runSteps(steps: readonly (() => StepResult)[]): StepResult {
  const hops: string[] = [];
  for (const step of steps) {
    const result = step();
    if (!result.ok) return result;
    hops.push(...result.hops);
  }
  return { ok: true, hops };
}
