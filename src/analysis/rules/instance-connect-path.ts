import type { InstanceNode, NetworkModel } from "../network-model";
import type { StepResult } from "../path-steps";
import { aclStep, block, INTERNET, longestPrefixRoute, pass, securityGroupStep, tcp } from "../path-steps";
import { runSteps } from "./ping-path";

const SSH = tcp(22, 22, "SSH (TCP 22)");
const EPHEMERAL = tcp(1024, 65535, "the SSH replies (TCP 1024-65535)");

/**
 * SSH from the console's EC2 Instance Connect service: it connects from AWS public addresses to
 * the instance's public IP, so the instance needs a public IP (an EIP), its subnet a route to an
 * internet gateway for the replies, and its security group TCP 22 from the service's prefix list.
 */
export function instanceConnectPath(
  model: NetworkModel,
  instance: InstanceNode,
  label: string,
  instanceConnectPrefixLists: readonly string[],
): StepResult {
  const subnet = instance.subnet;
  if (!subnet) return block(instance.address, "NO_SUCH_TARGET", `Cannot tell the subnet of ${label}.`);
  const vpc = model.subnets.get(subnet)?.vpc;
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
      const route = longestPrefixRoute(model, table, INTERNET);
      if (route?.target.kind === "internet-gateway" && gateways.includes(route.target.address))
        return pass(route.address, route.target.address);
      return block(
        table.address,
        "NO_ROUTE_TO_DESTINATION",
        `Route table ${table.address} of ${label}'s subnet has no 0.0.0.0/0 route to the VPC's internet gateway, so the replies to EC2 Instance Connect cannot leave.`,
      );
    },
    () => aclStep(model.aclOf(subnet), false, SSH, INTERNET, `${label}'s subnet`, "the internet"),
    () =>
      securityGroupStep(
        model,
        instance.securityGroups,
        "ingress",
        SSH,
        { prefixLists: instanceConnectPrefixLists, range: INTERNET, label: "the EC2 Instance Connect prefix list" },
        label,
      ),
    () => aclStep(model.aclOf(subnet), true, EPHEMERAL, INTERNET, `${label}'s subnet`, "the internet"),
  ]);
}
