import { NetworkModel } from "../../../src/analysis/network-model";
import { sshOpenTooWidelyFindings } from "../../../src/analysis/rules/ssh-open-too-widely";
import { TerraformDocument } from "../../../src/analysis/terraform-json";

/** One security group with the given SSH-relevant ingress rules (aws_vpc_security_group_ingress_rule bodies). */
function groupWith(rules: Record<string, Record<string, unknown>>) {
  const resource = {
    aws_security_group: { web: { vpc_id: "${aws_vpc.vpc1.id}" } },
    aws_vpc_security_group_ingress_rule: Object.fromEntries(
      Object.entries(rules).map(([name, rule]) => [name, { security_group_id: "${aws_security_group.web.id}", ...rule }]),
    ),
  };
  return sshOpenTooWidelyFindings(new NetworkModel(new TerraformDocument({ resource })));
}
const ssh = (cidr: string) => ({ ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: cidr });

describe("sshOpenTooWidelyFindings", () => {
  const cases: [string, Record<string, Record<string, unknown>>, string[]][] = [
    ["0.0.0.0/0", { anywhere: ssh("0.0.0.0/0") }, ["aws_vpc_security_group_ingress_rule.anywhere"]],
    ["a /7 (broader than /8)", { wide: ssh("10.0.0.0/7") }, ["aws_vpc_security_group_ingress_rule.wide"]],
    ["a /8 (not broader than /8)", { eight: ssh("10.0.0.0/8") }, []],
    ["a laptop's /32", { laptop: ssh("203.0.113.7/32") }, []],
    [
      "0.0.0.0/1 + 128.0.0.0/1 (each broader than /8)",
      { low: ssh("0.0.0.0/1"), high: ssh("128.0.0.0/1") },
      ["aws_vpc_security_group_ingress_rule.low", "aws_vpc_security_group_ingress_rule.high"],
    ],
    [
      "256 /8s that together cover all of IPv4",
      Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`r${i}`, ssh(`${i}.0.0.0/8`)])),
      ["aws_security_group.web"],
    ],
    ["255 /8s that leave one out", Object.fromEntries(Array.from({ length: 255 }, (_, i) => [`r${i}`, ssh(`${i}.0.0.0/8`)])), []],
    [
      "all traffic from everywhere (protocol -1)",
      { all: { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" } },
      ["aws_vpc_security_group_ingress_rule.all"],
    ],
    [
      "a port range that holds 22",
      { range: { ip_protocol: "tcp", from_port: 1, to_port: 1024, cidr_ipv4: "0.0.0.0/0" } },
      ["aws_vpc_security_group_ingress_rule.range"],
    ],
    ["HTTPS from everywhere (not SSH)", { https: { ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" } }, []],
    ["UDP 22 from everywhere (not SSH)", { udp: { ip_protocol: "udp", from_port: 22, to_port: 22, cidr_ipv4: "0.0.0.0/0" } }, []],
  ];
  it.each(cases)("SSH from %s", (_name, rules, components) => {
    const findings = groupWith(rules);
    expect(findings.map((f) => f.component)).toEqual(components);
    expect(findings.every((f) => f.severity === "warning" && f.code === "SSH_OPEN_TO_INTERNET")).toBe(true);
  });
});
