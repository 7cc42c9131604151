import type { ResourceContext } from "./lab-reading";
import type { SymbolicValue } from "./symbolic-value";
import { accountHole, literal } from "./symbolic-value";
import type { TerraformJson } from "./terraform-json";

/** What the analysis knows about the deployment besides the JSON: the account, and each alias's region and account. */
export interface DeploymentFacts {
  /** The account id, when known at synth (offline mode); else it stays a hole. */
  readonly accountId?: string;
  /** Provider aliases of other regions and accounts: their region and, for another account, its id. */
  readonly contexts?: Readonly<Record<string, { readonly region: string; readonly accountId?: string }>>;
}

/** A provider's context, with its account as the policies compare it (a literal, or a hole when not known). */
export interface ProviderContext extends ResourceContext {
  readonly account: SymbolicValue;
}

/** The hole that stands for Terraform's own account when it is not known at synth. */
const ACCOUNT_HOLE = "the account id";

type ProviderJson = {
  readonly alias?: unknown;
  readonly region?: unknown;
  readonly assume_role?: readonly { readonly role_arn?: unknown }[] | { readonly role_arn?: unknown };
  readonly allowed_account_ids?: unknown;
};

const literalText = (value: unknown): string | undefined => (typeof value === "string" && !value.includes("${") ? value : undefined);
const ROLE_ACCOUNT = /^arn:[^:]+:iam::(\d{12}):/;

/**
 * The region and account of every AWS provider configuration of a document, by alias (`""` for
 * the default provider): the one rule by which the analysis, the diagram and the diff place a
 * resource. The region is the provider's literal `region`, else the one the intent names for the
 * alias. The account is the one the intent names for the alias (offline values), else the
 * account of the provider's assumed role, else its single `allowed_account_ids`; a provider that
 * assumes no role uses Terraform's own credentials, so it builds in Terraform's own account.
 */
export function providerContexts(json: TerraformJson, facts: DeploymentFacts = {}): Map<string, ProviderContext> {
  const aws = (json.provider as Record<string, ProviderJson[] | ProviderJson> | undefined)?.aws;
  const providers = Array.isArray(aws) ? aws : aws ? [aws] : [];
  const roleOf = (provider: ProviderJson) =>
    (Array.isArray(provider.assume_role) ? provider.assume_role[0] : provider.assume_role)?.role_arn;
  const numbered = (provider: ProviderJson): string | undefined => {
    const role = roleOf(provider);
    const allowed =
      Array.isArray(provider.allowed_account_ids) && provider.allowed_account_ids.length === 1
        ? literalText(provider.allowed_account_ids[0])
        : undefined;
    return (typeof role === "string" ? ROLE_ACCOUNT.exec(role)?.[1] : undefined) ?? allowed;
  };
  const defaultProvider = providers.find((p) => typeof p.alias !== "string");
  const ownId = facts.accountId ?? (defaultProvider ? numbered(defaultProvider) : undefined);
  const own: ProviderContext = {
    alias: "",
    region: literalText(defaultProvider?.region),
    ...(ownId === undefined ? {} : { accountId: ownId }),
    accountKey: ownId ?? "default",
    ownAccount: true,
    account: ownId ? literal(ownId) : accountHole(ACCOUNT_HOLE),
  };
  const contexts = new Map<string, ProviderContext>([["", own]]);
  for (const provider of providers) {
    if (typeof provider.alias !== "string") continue;
    const alias = provider.alias;
    // Aliases come from user names (accounts, regions): read own properties only.
    const known = facts.contexts && Object.hasOwn(facts.contexts, alias) ? facts.contexts[alias] : undefined;
    const accountId = known?.accountId ?? numbered(provider);
    const region = literalText(provider.region) ?? known?.region;
    const base = { alias, provider: `aws.${alias}`, ...(region === undefined ? {} : { region }) };
    if (accountId !== undefined)
      contexts.set(alias, {
        ...base,
        accountId,
        accountKey: accountId,
        ownAccount: accountId === ownId,
        account: literal(accountId),
      });
    // Without an assumed role an alias uses Terraform's own credentials: the same account.
    else if (roleOf(provider) === undefined)
      contexts.set(alias, {
        ...base,
        ...(ownId === undefined ? {} : { accountId: ownId }),
        accountKey: own.accountKey,
        ownAccount: true,
        account: own.account,
      });
    else
      contexts.set(alias, {
        ...base,
        accountKey: `aws.${alias}`,
        ownAccount: false,
        account: accountHole(`the account of provider aws.${alias}`),
      });
  }
  return contexts;
}

/** The alias a block's `provider` names (`aws.use1` gives `use1`); `""` for the default provider. */
export function providerAliasOf(body: Readonly<Record<string, unknown>> | undefined): string {
  const provider = body?.provider;
  return (typeof provider === "string" ? /^aws\.(.+)$/.exec(provider)?.[1] : undefined) ?? "";
}
