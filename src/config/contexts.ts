import type { LabConfig, ResolvedVpcConfig } from "./schema";

/** A (region, account) a VPC lives in, other than the lab's own. */
export interface LabContext {
  /** The provider alias: `<region>`, `<account>`, or `<account>_<region>`. */
  readonly alias: string;
  readonly region: string;
  /** The name in `accounts`, for another account. */
  readonly account?: string;
  /** The account id from the account's role ARN, for another account. */
  readonly accountId?: string;
}

/**
 * The provider alias of a VPC's (region, account), or undefined for the lab's own region and
 * account (the unaliased provider). Account names hold no `_` and never look like a region, so no
 * two contexts share an alias.
 */
export function contextAliasOf(vpc: Pick<ResolvedVpcConfig, "region" | "account">, labRegion: string): string | undefined {
  if (vpc.account === undefined) return vpc.region === labRegion ? undefined : vpc.region;
  return vpc.region === labRegion ? vpc.account : `${vpc.account}_${vpc.region}`;
}

/** The contexts other than the lab's own that its VPCs use, by alias, in VPC order. */
export function labContexts(config: Pick<LabConfig, "vpcs" | "region" | "accounts">): Map<string, LabContext> {
  const contexts = new Map<string, LabContext>();
  for (const vpc of config.vpcs) {
    const alias = contextAliasOf(vpc, config.region);
    if (alias === undefined || contexts.has(alias)) continue;
    const account = vpc.account === undefined ? undefined : config.accounts[vpc.account];
    contexts.set(alias, {
      alias,
      region: vpc.region,
      ...(vpc.account === undefined ? {} : { account: vpc.account, accountId: account?.accountId }),
    });
  }
  return contexts;
}
