import type { TerraformJson } from "../analysis/terraform-json";

/** A `moved` block of synthesized Terraform JSON. */
export interface Move {
  readonly from: string;
  readonly to: string;
}

/** The `moved` blocks of a stack (cdktf writes them as a top-level `moved` list). */
export function movesOf(json: TerraformJson): Move[] {
  const moved = json.moved;
  if (!Array.isArray(moved)) return [];
  return moved.filter(
    (m): m is Move => typeof m === "object" && m !== null && typeof (m as Move).from === "string" && typeof (m as Move).to === "string",
  );
}

/**
 * Where the new output's `moved` blocks carry an address of the base, as Terraform follows them:
 * a chain of renames (`a -> b`, `b -> c`) carries `a` to `c`. An address no block names stays
 * as it is.
 */
export class AddressMoves {
  private readonly next = new Map<string, string>();

  public constructor(moves: readonly Move[]) {
    for (const { from, to } of moves) this.next.set(from, to);
  }

  /** The address `address` has in the new output. */
  public resolve(address: string): string {
    let current = address;
    // A loop of moves is refused by Terraform; the bound keeps a malformed output from hanging the diff.
    for (let hops = 0; hops <= this.next.size; hops++) {
      const to = this.next.get(current);
      if (to === undefined) return current;
      current = to;
    }
    return current;
  }

  /**
   * The VPCs' new names by old name, from the moves of `aws_vpc` resources (`aws_vpc.vpc2 ->
   * aws_vpc.app` renames the VPC `vpc2` to `app`): the paths of a renamed VPC are the same paths.
   */
  public vpcName(name: string): string {
    const resolved = this.resolve(`aws_vpc.${name}`);
    return resolved.startsWith("aws_vpc.") ? resolved.slice("aws_vpc.".length) : name;
  }
}
