import type { TerraformElement } from "cdktf";

/**
 * Pins an element's Terraform address to a readable name derived from configured names
 * (`aws_vpc.vpc1`, `aws_route.vpc1_to_vpc2`). Without it, nested constructs get hashed logical
 * IDs (`aws_vpc.vpc1_vpc_90663111`) that are stable but unreadable in `terraform state` and
 * `import`. Renaming one later needs a `moved` block: these names are a contract with state.
 */
export function pinAddress<T extends TerraformElement>(element: T, name: string): T {
  element.overrideLogicalId(name);
  return element;
}
