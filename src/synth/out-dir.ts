import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** The file a stack is synthesized to, per output format. */
const STACK_FILES = { json: "cdk.tf.json", hcl: "cdk.tf" } as const;

/**
 * Makes `<outdir>/stacks` hold exactly the stacks of this run, each in one format: terraform
 * loads every `*.tf` and `*.tf.json` in a directory, so a stale `cdk.tf` beside a new
 * `cdk.tf.json`, or a stack left from an earlier `name`, fails with "Duplicate ... configuration".
 * Each kept stack's `.terraform` directory and lock file survive, so no re-init is needed.
 */
export function pruneStackDirectories(outdir: string, stackNames: readonly string[], format: "json" | "hcl"): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    const path = join(stacksDir, entry.name);
    if (!stackNames.includes(entry.name)) {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
      continue;
    }
    const stale = join(path, format === "json" ? STACK_FILES.hcl : STACK_FILES.json);
    if (existsSync(stale)) {
      rmSync(stale);
      removed.push(stale);
    }
  }
  return removed;
}

/** The path of a synthesized stack file. */
export function stackFile(outdir: string, stackName: string, format: "json" | "hcl"): string {
  return join(outdir, "stacks", stackName, STACK_FILES[format]);
}
