import type { TerraformStack } from "cdktf";
import { TerraformResource } from "cdktf";
import type { StateMove } from "../constructs/state-moves";
import type { LabModel } from "../model/lab-model";

/**
 * The `moved` blocks that carry state across VPC renames. Every address derives from names, so
 * the lab is built once per generation of names (the model's `generations`: the first names, then
 * each rename in turn, up to today's) and the resources are paired by their place in the construct
 * tree: VPCs, peerings and selections are ordered by physical name (a VPC's first name), which no
 * rename changes, so each generation builds the same resources in the same order. A chain of
 * renames (a -> b -> c) gives a chain of moves, as Terraform follows them.
 *
 * `build` builds a stack of a generation's lab (without moves of its own); `current` is the stack
 * of today's names.
 */
export function renameMoves(lab: LabModel, current: TerraformStack, build: (generation: LabModel) => TerraformStack): StateMove[] {
  const generations = [...lab.generations.map((generation) => () => build(generation)), () => current];
  const moves: StateMove[] = [];
  if (lab.generations.length === 0) return moves;
  let before = resourceAddresses(generations[0]!());
  for (let generation = 1; generation < generations.length; generation++) {
    const after = resourceAddresses(generations[generation]!());
    if (after.length !== before.length) {
      throw new Error(`renameMoves: generation ${generation} builds ${after.length} resources, the one before ${before.length}`);
    }
    for (const [i, to] of after.entries()) {
      const from = before[i]!;
      if (from.split(".")[0] !== to.split(".")[0]) throw new Error(`renameMoves: ${from} and ${to} are not the same resource`);
      if (from !== to) moves.push({ from, to });
    }
    before = after;
  }
  return moves;
}

/** Managed resources' addresses, in construct-tree order. */
function resourceAddresses(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .filter((construct): construct is TerraformResource => TerraformResource.isTerraformResource(construct))
    .map((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`);
}
