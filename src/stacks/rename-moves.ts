import type { TerraformStack } from "cdktf";
import { TerraformResource } from "cdktf";
import type { LabConfig } from "../config";
import type { StateMove } from "../constructs/state-moves";

/**
 * The `moved` blocks that carry state across VPC renames. Every address derives from names, so
 * the lab is built once per generation of names (the first names, then each rename in turn, up
 * to today's) and the resources are paired by their place in the construct tree: VPCs, peerings
 * and selections are ordered by physical name (a VPC's first name), which no rename changes, so
 * each generation builds the same resources in the same order. A chain of renames (a -> b -> c)
 * gives a chain of moves, as Terraform follows them.
 *
 * `build` builds a stack of a generation's configuration (without moves of its own); `current`
 * is the stack of today's names.
 */
export function renameMoves(config: LabConfig, current: TerraformStack, build: (config: LabConfig) => TerraformStack): StateMove[] {
  const generations = Math.max(0, ...config.vpcs.map((vpc) => vpc.previousNames.length));
  const moves: StateMove[] = [];
  let before = generations > 0 ? resourceAddresses(build(namedAt(config, 0))) : [];
  for (let generation = 1; generation <= generations; generation++) {
    const after = resourceAddresses(generation === generations ? current : build(namedAt(config, generation)));
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

/** The configuration with each VPC named as it was in a generation (its first name is generation 0). */
function namedAt(config: LabConfig, generation: number): LabConfig {
  const names = new Map(config.vpcs.map((vpc) => [vpc.name, vpc.previousNames[generation] ?? vpc.name]));
  const rename = (name: string) => names.get(name) ?? name;
  const selection = (value: "all" | string[]) => (value === "all" ? value : value.map(rename));
  return {
    ...config,
    vpcs: config.vpcs.map((vpc) => ({ ...vpc, name: rename(vpc.name) })),
    peerings: config.peerings.map((peering) => ({ ...peering, requester: rename(peering.requester), accepter: rename(peering.accepter) })),
    flowLogs: config.flowLogs === false ? false : { ...config.flowLogs, vpcs: selection(config.flowLogs.vpcs) },
    s3: config.s3 === false ? false : { ...config.s3, endpointVpcs: selection(config.s3.endpointVpcs) },
    expect: [],
  };
}

/** Managed resources' addresses, in construct-tree order. */
function resourceAddresses(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .filter((construct): construct is TerraformResource => TerraformResource.isTerraformResource(construct))
    .map((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`);
}
