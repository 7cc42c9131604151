import type { VpcQuotaCode } from "../../aws/vpc-quotas";
import { VPC_QUOTAS } from "../../aws/vpc-quotas";
import type { Finding } from "../finding";
import type { NetworkModel } from "../network-model";
import type { FindingCode, FindingRule } from "../rule";

/** Where to raise a quota, or how to stay under it when it cannot be raised. */
const REMEDY: Partial<Record<VpcQuotaCode, string>> = {
  QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_VPC:
    "AWS allows one endpoint per VPC: remove the others (one endpoint reaches every instance of its VPC).",
  QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_REGION:
    "Put fewer VPCs with instances in this Region and account, or ask AWS for more in the Service Quotas console (Amazon Elastic Compute Cloud) before applying.",
};

/** What to do about a quota: raise it, or stay under it. */
const fixOf = (code: VpcQuotaCode): string =>
  REMEDY[code] ??
  `Request an increase in the Service Quotas console (Amazon Virtual Private Cloud > ${VPC_QUOTAS[code].name}) before applying, or use fewer.`;

/** The default VPC quotas rule: one code per quota. */
export const QUOTAS: FindingRule = {
  type: "finding",
  id: "quotas",
  codes: (Object.keys(VPC_QUOTAS) as VpcQuotaCode[]).map(
    (code): FindingCode => ({
      code,
      kind: "error",
      source: "ours",
      text: `More than ${VPC_QUOTAS[code].limit} for the default quota "${VPC_QUOTAS[code].name}".`,
      explanation: "Apply fails part-way once a quota is exceeded, leaving half a lab behind.",
      fix: fixOf(code),
    }),
  ),
  check: (context) => quotaFindings(context.reading.network),
};

function exceeded(code: VpcQuotaCode, component: string, count: number, what: string): Finding {
  const quota = VPC_QUOTAS[code];
  return {
    severity: "error",
    code,
    component,
    message: `${component} ${what}: ${count}, above the default quota "${quota.name}" (${quota.limit}). ${fixOf(code)}`,
  };
}

/** Counts against the default VPC quotas; one error per resource above a quota. */
export function quotaFindings(model: NetworkModel): Finding[] {
  const findings: Finding[] = [];
  for (const table of model.uniqueRouteTables()) {
    // Gateway endpoints add one prefix-list route to each table they are associated with.
    const endpointRoutes = model.endpointsOn(table).filter((e) => e.type === "Gateway").length;
    const count = table.routes.length + endpointRoutes;
    if (count > VPC_QUOTAS.QUOTA_ROUTES_PER_ROUTE_TABLE.limit)
      findings.push(exceeded("QUOTA_ROUTES_PER_ROUTE_TABLE", table.address, count, "holds this many routes (besides the local route)"));
  }
  const peeringsPerVpc = new Map<string, number>();
  for (const peering of model.peerings.values())
    for (const vpc of new Set([peering.requester, peering.accepter])) if (vpc) peeringsPerVpc.set(vpc, (peeringsPerVpc.get(vpc) ?? 0) + 1);
  for (const vpc of model.vpcCidrs.keys()) {
    const count = peeringsPerVpc.get(vpc) ?? 0;
    if (count > VPC_QUOTAS.QUOTA_PEERINGS_PER_VPC.limit)
      findings.push(exceeded("QUOTA_PEERINGS_PER_VPC", vpc, count, "takes part in this many peering connections"));
  }
  for (const group of model.securityGroups.values()) {
    for (const direction of ["ingress", "egress"] as const) {
      const count = group.rules.filter((r) => r.direction === direction).length;
      if (count > VPC_QUOTAS.QUOTA_RULES_PER_SECURITY_GROUP.limit)
        findings.push(
          exceeded(
            "QUOTA_RULES_PER_SECURITY_GROUP",
            group.address,
            count,
            `has this many ${direction === "ingress" ? "inbound" : "outbound"} rules`,
          ),
        );
    }
  }
  // Region quotas count per Region and account: each resource's provider says which.
  const placeOf = (address: string) => {
    const body = model.doc.get(address)?.body;
    const region = model.values.regionOf(body);
    return { key: `${region ?? "?"} ${JSON.stringify(model.values.accountOf(body))}`, region };
  };
  const perPlace = <T extends { address: string }>(items: readonly T[]) => {
    const groups = new Map<string, { region?: string; items: T[] }>();
    for (const item of items) {
      const place = placeOf(item.address);
      const group = groups.get(place.key) ?? { region: place.region, items: [] };
      group.items.push(item);
      groups.set(place.key, group);
    }
    return [...groups.values()];
  };
  const inRegion = (region: string | undefined) => (region ? `in ${region}` : "in the region");
  for (const { region, items } of perPlace([...model.endpoints.values()].filter((e) => e.type === "Gateway"))) {
    if (items.length > VPC_QUOTAS.QUOTA_GATEWAY_ENDPOINTS_PER_REGION.limit)
      findings.push(
        exceeded(
          "QUOTA_GATEWAY_ENDPOINTS_PER_REGION",
          items[0]!.address,
          items.length,
          `is one of this many gateway endpoints ${inRegion(region)} (of one account)`,
        ),
      );
  }
  for (const [vpc, endpoints] of model.instanceConnectEndpoints) {
    if (endpoints.length > VPC_QUOTAS.QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_VPC.limit)
      findings.push(
        exceeded("QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_VPC", vpc, endpoints.length, "holds this many EC2 Instance Connect Endpoints"),
      );
  }
  for (const { region, items } of perPlace([...model.instanceConnectEndpoints.values()].flat())) {
    if (items.length > VPC_QUOTAS.QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_REGION.limit)
      findings.push(
        exceeded(
          "QUOTA_INSTANCE_CONNECT_ENDPOINTS_PER_REGION",
          items[0]!.address,
          items.length,
          `is one of this many EC2 Instance Connect Endpoints ${inRegion(region)} (of one account)`,
        ),
      );
  }
  return findings;
}
