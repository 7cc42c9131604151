import { addressCount } from "../../aws/ipv4-cidr";
import { BROADEST_QUIET_SSH_PREFIX, isTooBroadForSsh, sshSourcesCoverAllOfIpv4 } from "../../aws/ssh-breadth";
import { SSH_PORT } from "../../model/lab-contract";
import type { Finding } from "../finding";
import type { NetworkModel, SecurityGroupRule } from "../network-model";
import type { FindingCode, FindingRule } from "../rule";
import { findingOf } from "../rule";

/** SSH open to a block broader than a /8, or to all of IPv4 through several rules of one group. */
const SSH_OPEN_TO_INTERNET: FindingCode = {
  code: "SSH_OPEN_TO_INTERNET",
  kind: "warning",
  source: "ours",
  text: `A security group lets SSH in from a block broader than /${BROADEST_QUIET_SSH_PREFIX}, or its SSH rules together cover all of IPv4.`,
  explanation: "Every scanner on the internet tries port 22, and SSH keys and passwords are guessed around the clock.",
  fix: "EC2 Instance Connect needs only its prefix list; for your own laptop, use your address as a /32 in sshCidrs.",
};

/** The SSH breadth rule: SSH sources broader than a /8, one by one or together. */
export const SSH_OPEN_TOO_WIDELY: FindingRule = {
  type: "finding",
  id: "ssh-open-too-widely",
  codes: [SSH_OPEN_TO_INTERNET],
  check: (context) => sshOpenTooWidelyFindings(context.reading.network),
};

const letsSshIn = (rule: SecurityGroupRule): boolean =>
  rule.direction === "ingress" &&
  (rule.protocol === "all" ||
    (rule.protocol === "tcp" && ((rule.fromPort === -1 && rule.toPort === -1) || (rule.fromPort <= SSH_PORT && rule.toPort >= SSH_PORT))));

/**
 * One warning per SSH rule whose source is broader than a /8, and one per security group whose
 * SSH rules, each narrower, together cover all of IPv4 (0.0.0.0/1 + 128.0.0.0/1 is 0.0.0.0/0).
 */
export function sshOpenTooWidelyFindings(model: NetworkModel): Finding[] {
  const findings: Finding[] = [];
  for (const group of model.securityGroups.values()) {
    const ssh = group.rules.filter((rule) => letsSshIn(rule) && rule.cidr);
    const wide = ssh.filter((rule) => isTooBroadForSsh(rule.cidr!));
    for (const rule of wide)
      findings.push(
        findingOf(
          SSH_OPEN_TO_INTERNET,
          rule.address,
          `${rule.address} lets SSH in from ${rule.cidr!.text}${rule.cidr!.prefix === 0 ? "" : ` (${addressCount(rule.cidr!.prefix).toLocaleString("en-US")} addresses)`}: every scanner on the internet will try it. EC2 Instance Connect needs only its prefix list; for your own laptop, use your address as a /32 in sshCidrs.`,
        ),
      );
    if (wide.length === 0 && ssh.length > 1 && sshSourcesCoverAllOfIpv4(ssh.map((rule) => rule.cidr!)))
      findings.push(
        findingOf(
          SSH_OPEN_TO_INTERNET,
          group.address,
          `The SSH rules of ${group.address} (${ssh.map((rule) => rule.address).join(", ")}) together let SSH in from all of IPv4: every scanner on the internet will try it. Keep only the sources you need.`,
        ),
      );
  }
  return findings;
}
