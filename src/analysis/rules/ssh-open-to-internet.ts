import type { Finding } from "../finding";
import type { NetworkModel } from "../network-model";

/** Every security group rule that lets SSH in from the whole internet (0.0.0.0/0). */
export function sshOpenToInternetFindings(model: NetworkModel): Finding[] {
  return [...model.securityGroups.values()].flatMap((group) =>
    group.rules
      .filter(
        (rule) =>
          rule.direction === "ingress" &&
          rule.cidr?.prefix === 0 &&
          (rule.protocol === "all" ||
            (rule.protocol === "tcp" && ((rule.fromPort === -1 && rule.toPort === -1) || (rule.fromPort <= 22 && rule.toPort >= 22)))),
      )
      .map((rule) => ({
        severity: "warning" as const,
        code: "SSH_OPEN_TO_INTERNET",
        component: rule.address,
        message: `${rule.address} lets SSH in from 0.0.0.0/0: every scanner on the internet will try it. EC2 Instance Connect needs only its prefix list; for your own laptop, use your address as a /32 in sshCidrs.`,
      })),
  );
}
