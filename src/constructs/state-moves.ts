import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";

/** One `moved` block: the address a resource had, and the one it has now. */
export interface StateMove {
  readonly from: string;
  readonly to: string;
}

/** Properties of {@link StateMoves}. */
export interface StateMovesProps {
  /** The moves, in order: a chain (a -> b, b -> c) is how Terraform follows several renames. */
  readonly moves: readonly StateMove[];
}

/**
 * Terraform `moved` blocks (Terraform >= 1.1), in JSON and in HCL output, for addresses that a
 * rename changed. cdktf's own `moveFromId` takes one move per resource, which cannot express a
 * chain of renames (a -> b -> c), so the blocks are written here, all in one element.
 */
export class StateMoves extends TerraformElement {
  private readonly moves: readonly StateMove[];

  public constructor(scope: Construct, id: string, props: StateMovesProps) {
    super(scope, id);
    this.moves = props.moves;
  }

  public override toTerraform(): Record<string, unknown> {
    return { moved: this.moves.map(({ from, to }) => ({ from, to })) };
  }

  public override toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "reference" });
    return { moved: this.moves.map(({ from, to }) => ({ to: reference(to), from: reference(from) })) };
  }
}
