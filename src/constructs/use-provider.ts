import type { TerraformProvider } from "cdktf";
import { TerraformDataSource, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Gives every resource and data source under `scope` the provider of its (region, account)
 * context. `undefined` (the lab's own context) leaves them on the unaliased default provider, so
 * today's labs synthesize exactly as before.
 */
export function useProvider(scope: IConstruct, provider: TerraformProvider | undefined): void {
  if (provider === undefined) return;
  for (const construct of scope.node.findAll()) {
    if (construct instanceof TerraformResource || construct instanceof TerraformDataSource) construct.provider = provider;
  }
}
