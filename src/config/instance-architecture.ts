/** CPU architecture of an EC2 instance type, as named in the AL2023 SSM parameter. */
export type Architecture = "x86_64" | "arm64";

/**
 * Graviton families carry a `g` right after the generation number (t4g, m7g, c7gn, r8gd,
 * hpc7g, im4gn, is4gen); `a1` is the first Graviton family. `g5`, `p5`, `inf2` are x86.
 */
const GRAVITON_FAMILY = /^(a1|[a-z]+\d+g[a-z]*)$/;

/** Architecture of an instance type such as `t3.micro` (x86_64) or `t4g.small` (arm64). */
export function architectureOf(instanceType: string): Architecture {
  const family = instanceType.split(".")[0] ?? "";
  return GRAVITON_FAMILY.test(family) ? "arm64" : "x86_64";
}
