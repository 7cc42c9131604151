import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
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
  private validator?: Promise<SharedProvider>;

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

  /**
   * The AWS provider that {@link init} installed, started once for the validates of a suite (its
   * `-debug` mode, which serves any number of terraform runs: TF_REATTACH_PROVIDERS). A run of
   * terraform otherwise starts the ~700 MB provider once per provider block of each module, each
   * start ~0.5-1 s of CPU (29 starts for a validate of 19 stacks as modules: 16 s there, 7 s
   * attached; a single stack's validate 3.4 s, 1.7 s attached; the same diagnostics).
   * Validate never configures a provider, so one process serves every alias; plans do not use it:
   * a provider process holds one configuration at a time, and runs with its own environment.
   */
  public sharedProvider(): Promise<SharedProvider> {
    this.validator ??= (async () => {
      const init = await this.initialised;
      if (!init?.ok)
        throw new Error(`terraform init must succeed before the shared provider starts:\n${init?.output ?? "init was not run"}`);
      const installed = join(this.dataDir, "providers/registry.terraform.io/hashicorp/aws");
      const binary = (existsSync(installed) ? readdirSync(installed, { recursive: true, encoding: "utf8" }) : []).find((file) =>
        /(^|\/)terraform-provider-aws[^/]*$/.test(file),
      );
      if (!binary) throw new Error(`terraform init installed no AWS provider under ${installed}`);
      return startSharedProvider(join(installed, binary), this.env);
    })();
    return this.validator;
  }

  /** `terraform plan`, offline: no refresh, no lock, nothing written. */
  public async plan(stackDir: string, initDir: string): Promise<TerraformRun> {
    this.shareLockFile(stackDir, initDir);
    return this.run(stackDir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"]);
  }

  /** Stops the shared provider and removes the temporary directory (the provider is only linked from the mirror, never copied). */
  public async cleanUp(): Promise<void> {
    const provider = await this.validator?.catch(() => undefined);
    await provider?.stop();
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

/** A provider process that terraform runs attach to (TF_REATTACH_PROVIDERS). */
export interface SharedProvider {
  /** The value of TF_REATTACH_PROVIDERS for terraform runs that use it. */
  readonly reattach: string;
  /** Stops the provider; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `binary -debug` under a shell that kills it when its standard input closes: when
 * {@link SharedProvider.stop} closes it, and when this process dies in any way (a jest worker
 * killed on a timeout included), so no 700 MB provider outlives the suite.
 */
export function startSharedProvider(binary: string, env: NodeJS.ProcessEnv): Promise<SharedProvider> {
  // The shell waits for the provider; beside it, a watcher reads the shell's standard input (kept
  // on fd 3: an asynchronous list's own stdin is /dev/null) and kills the provider at its end.
  const script = 'exec 3<&0; "$0" -debug & provider=$!; (cat <&3 >/dev/null 2>&1; kill $provider 2>/dev/null) & wait $provider';
  const shell = spawn("/bin/sh", ["-c", script, binary], {
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => shell.once("exit", () => resolve()));
  const stop = async () => {
    shell.stdin.end();
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`the AWS provider printed no TF_REATTACH_PROVIDERS in 120 s:\n${output}`)), 120_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(error));
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /TF_REATTACH_PROVIDERS='(\{.*\})'/.exec(output);
      if (!found) return;
      clearTimeout(timer);
      shell.stdout.off("data", read);
      // Keep draining its output (the provider logs each run), or a full pipe would stall it.
      shell.stdout.resume();
      resolve({ reattach: found[1]!, stop });
    };
    shell.stdout.on("data", read);
    shell.stderr.resume();
    shell.once("exit", (code) => fail(new Error(`the AWS provider exited (code ${code}) before it could be attached:\n${output}`)));
  });
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
