import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLabConfigs } from "../src/config";
import { synthesizeLabs } from "../src/synth/synthesize-lab";

/**
 * Synthesized output directories (cdktf.out) of labs, written as `npm run synth` writes them, in
 * one scratch directory per test file: each configuration is synthesized once.
 */
export class LabOutputs {
  private readonly root = mkdtempSync(join(tmpdir(), "lab-outputs-"));
  private readonly dirs = new Map<string, string>();

  /** The output directory of the default lab with `overrides` (offline unless they say otherwise). */
  public of(overrides: Record<string, unknown> = {}): string {
    const config = { offline: true, ...overrides };
    const key = JSON.stringify(config);
    let dir = this.dirs.get(key);
    if (!dir) {
      dir = join(this.root, `out-${this.dirs.size}`);
      synthesizeLabs(parseLabConfigs(config, "test"), { outdir: dir, hcl: false });
      this.dirs.set(key, dir);
    }
    return dir;
  }

  /** A fresh empty directory under the scratch directory. */
  public scratch(name: string): string {
    return mkdtempSync(join(this.root, `${name}-`));
  }

  /** Removes every directory written. */
  public remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
