import type { ResolvedVpcConfig } from "./schema";

/**
 * The provider alias of a VPC's (region, account), or undefined for the lab's own region and
 * account (the unaliased provider). Account names hold no `_` and never look like a region, so no
 * two contexts share an alias.
 */
export function contextAliasOf(vpc: Pick<ResolvedVpcConfig, "region" | "account">, labRegion: string): string | undefined {
  if (vpc.account === undefined) return vpc.region === labRegion ? undefined : vpc.region;
  return vpc.region === labRegion ? vpc.account : `${vpc.account}_${vpc.region}`;
}
