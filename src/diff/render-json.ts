import type { LabDiff } from "./stack-diff";

/**
 * The diff as data, for `--format json`: `{ "stacks": [ { "stack", "status", "resources":
 * { "added", "removed", "changed": [{ "address", "attributes" }], "moved": [{ "from", "to" }],
 * "imported": [{ "address", "id" }] }, "paths": [{ "protocol", "from", "to", "before", "after",
 * "code"?, "component"? ... }], "findings": { "added", "removed" }, "dataLoss": [...], "pass",
 * "notes" } ], "breaking", "reasons", "base", "head" }`.
 */
export function renderDiffJson(diff: LabDiff): string {
  const { stacks, breaking, reasons, base, head } = diff;
  return JSON.stringify({ stacks, breaking, reasons, base, head }, null, 2);
}
