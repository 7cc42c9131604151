import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { parseLabConfig } from "../src/config";
import { synthesizeLab } from "../src/synth/synthesize-lab";

/** Where the provider mirror is: `TF_PLUGIN_DIR`, else the machine's `/opt/tf-plugins`. */
export const pluginDir = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
/** The terraform binary: `TERRAFORM_BIN`, else `terraform` on PATH. */
export const terraformBin = process.env.TERRAFORM_BIN ?? "terraform";

/** Why the real-Terraform suite cannot run here, or undefined when it can. */
export function terraformUnavailableReason(): string | undefined {
  const onPath = terraformBin.includes("/")
    ? existsSync(terraformBin)
    : (process.env.PATH ?? "").split(delimiter).some((dir) => existsSync(join(dir, terraformBin)));
  if (!onPath) return `terraform not found (looked for "${terraformBin}"; set TERRAFORM_BIN)`;
  if (!existsSync(pluginDir)) return `provider mirror not found at ${pluginDir} (set TF_PLUGIN_DIR)`;
  return undefined;
}

/** Result of one terraform command. */
export interface TerraformRun {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Runs Terraform over synthesized labs in a temporary directory, outside the repository and
 * outside cdktf.out. Every case is synthesized with the same stack name, so one `terraform init`
 * (one shared TF_DATA_DIR, provider linked from the mirror) serves them all.
 */
export class TerraformHarness {
  public readonly root = mkdtempSync(join(tmpdir(), "vpc-lab-terraform-"));
  private readonly dataDir = join(this.root, "terraform-data");
  private readonly env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: "/dev/null",
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_DATA_DIR: join(this.root, "terraform-data"),
    // No real credentials may leak into the offline plan: it must work without an account.
    AWS_PROFILE: "",
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "",
    AWS_SESSION_TOKEN: "",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  private initialised?: Promise<TerraformRun>;

  /**
   * Synthesizes `overrides` (on top of the default lab) into `<root>/<caseName>` the way main.ts
   * does, as JSON or as HCL; returns the stack directory.
   */
  public synth(caseName: string, overrides: Record<string, unknown>, hcl = false): string {
    const config = parseLabConfig({ ...overrides, name: "tf-suite" }, caseName);
    const lab = synthesizeLab(config, { outdir: join(this.root, caseName), hcl });
    return dirname(lab.path);
  }

  /** `terraform init` once, in a directory of its own, linking the provider from the mirror. */
  public init(stackDir: string): Promise<TerraformRun> {
    this.initialised ??= (async () => {
      mkdirSync(this.dataDir, { recursive: true });
      const run = await this.run(stackDir, ["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`]);
      return run;
    })();
    return this.initialised;
  }

  /** `terraform validate` of a stack directory (after {@link init}). */
  public async validate(stackDir: string, initDir: string): Promise<TerraformRun> {
    this.shareLockFile(stackDir, initDir);
    return this.run(stackDir, ["validate", "-no-color"]);
  }

  /** `terraform plan`, offline: no refresh, no lock, nothing written. */
  public async plan(stackDir: string, initDir: string): Promise<TerraformRun> {
    this.shareLockFile(stackDir, initDir);
    return this.run(stackDir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"]);
  }

  /** Removes the temporary directory (the provider is only linked from the mirror, never copied). */
  public cleanUp(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private shareLockFile(stackDir: string, initDir: string): void {
    if (stackDir !== initDir) copyFileSync(join(initDir, ".terraform.lock.hcl"), join(stackDir, ".terraform.lock.hcl"));
  }

  private run(cwd: string, args: string[]): Promise<TerraformRun> {
    return new Promise((resolve) => {
      execFile(terraformBin, args, { cwd, env: this.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ ok: error === null, output: `$ terraform ${args.join(" ")} (in ${cwd})\n${stdout}${stderr}` });
      });
    });
  }
}

/** Runs async jobs with at most `limit` at a time (terraform plans are CPU-bound; we have 2 cores). */
export async function runLimited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
