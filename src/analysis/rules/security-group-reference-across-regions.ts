import type { Finding } from "../finding";
import type { NetworkModel } from "../network-model";
import type { FindingCode, FindingRule } from "../rule";
import { findingOf } from "../rule";

/** A security group rule that names a group of another region: AWS refuses it at apply. */
const SG_REFERENCE_ACROSS_REGIONS: FindingCode = {
  code: "SG_REFERENCE_ACROSS_REGIONS",
  kind: "error",
  source: "ours",
  text: "A security group rule references a security group in another region, which AWS refuses: name the peer's CIDR instead.",
  explanation:
    "A rule may reference a group of its own region only (a peered VPC's group too, but never across an inter-region peering): apply fails at the rule.",
  fix: "Name the peer VPC's CIDR block in the rule instead of its security group: the lab's ping rules do, which works in every region.",
};

/** The cross-region reference rule: security group rules that name a group of another region. */
export const SECURITY_GROUP_REFERENCE_ACROSS_REGIONS: FindingRule = {
  type: "finding",
  id: "security-group-reference-across-regions",
  codes: [SG_REFERENCE_ACROSS_REGIONS],
  check: (context) => securityGroupReferenceFindings(context.reading.network),
};

/**
 * One error per security group rule whose referenced group lives in another region than the rule
 * (each resource's region is its provider's). Within one region, referencing a peered VPC's group
 * is allowed, so only the region is compared.
 */
export function securityGroupReferenceFindings(model: NetworkModel): Finding[] {
  const regionOf = (address: string) => model.values.regionOf(model.doc.get(address)?.body);
  const findings: Finding[] = [];
  for (const group of model.securityGroups.values()) {
    for (const rule of group.rules) {
      if (!rule.securityGroup) continue;
      const own = regionOf(rule.address) ?? regionOf(group.address);
      const referenced = regionOf(rule.securityGroup);
      if (own === undefined || referenced === undefined || own === referenced) continue;
      findings.push(
        findingOf(
          SG_REFERENCE_ACROSS_REGIONS,
          rule.address,
          `${rule.address} (in ${own}) references ${rule.securityGroup}, a security group in ${referenced}: AWS refuses a reference across regions, so apply fails here. Name the peer VPC's CIDR block instead (as the lab's ping rules do).`,
        ),
      );
    }
  }
  return findings;
}
