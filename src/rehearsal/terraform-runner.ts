import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { emulatorClientEnv } from "./emulator";

/** The provider mirror: `TF_PLUGIN_DIR`, else the machine's `/opt/tf-plugins`. */
export const terraformPluginDir = process.env.TF_PLUGIN_DIR || "/opt/tf-plugins";
/** The terraform binary: `TERRAFORM_BIN`, else `terraform` on PATH. */
export const terraformCommand = process.env.TERRAFORM_BIN || "terraform";

/** Resources Terraform works on at once; its default is 10, and the emulator answers faster than AWS. */
export const REHEARSAL_PARALLELISM = 20;

/** The result of one terraform command. */
export interface TerraformResult {
  /** Exit code (with `-detailed-exitcode`, 2 means "changes"). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One error Terraform reported: the resource (when it names one) and the message. */
export interface TerraformProblem {
  readonly address?: string;
  readonly message: string;
}

/** Options of {@link TerraformRunner}. */
export interface TerraformRunnerOptions {
  /** The stack directory (holds cdk.tf.json and, in a rehearsal, the local state). */
  readonly dir: string;
  /** The emulator every AWS call must reach. */
  readonly endpoint: string;
  readonly region: string;
  /** Every command's output is appended here. */
  readonly logFile: string;
  /**
   * Terraform's data directory (TF_DATA_DIR), shared by every stack a {@link SharedTerraformInit}
   * serves. @default `.terraform` in `dir`
   */
  readonly dataDir?: string;
}

/**
 * One `terraform init` for many stacks: the provider, linked from the mirror, and the backend
 * settings live in one shared data directory (TF_DATA_DIR), and each later stack gets the first
 * one's lock file. `init -plugin-dir` copies the provider (700 MB for AWS 5.100) into every data
 * directory it initialises; shared, it is copied once and its pages are cached once. The stacks
 * must have the same providers and backend settings (a rehearsal target's state is always
 * `terraform.tfstate` in the working directory, so each stack keeps its own).
 */
export class SharedTerraformInit {
  private first?: Promise<{ result: TerraformResult; dir: string }>;

  /** @param dataDir the shared TF_DATA_DIR, the same that every runner it serves is given */
  public constructor(public readonly dataDir: string) {}

  /** Runs `init` for the first runner; for the others, waits for it and copies its lock file. */
  public async init(runner: TerraformRunner): Promise<TerraformResult> {
    if (!this.first) {
      this.first = runner.init().then((result) => ({ result, dir: runner.dir }));
      return (await this.first).result;
    }
    const { result, dir } = await this.first;
    if (result.code === 0) copyFileSync(join(dir, LOCK_FILE), join(runner.dir, LOCK_FILE));
    return result;
  }
}

const LOCK_FILE = ".terraform.lock.hcl";

/** Children still running, so that a signal can stop them with the rehearsal. */
const running = new Set<ChildProcess>();

/** Stops every terraform this process started and that is still running. */
export function stopRunningTerraform(): void {
  for (const child of running) child.kill("SIGINT");
}

/**
 * Runs terraform in one stack directory against the emulator: providers from the local mirror
 * (`-plugin-dir`, shared by every rehearsal), no prompts, the emulator's test credentials and
 * endpoint in the environment (so even a service the configuration forgot cannot reach AWS), and
 * no real profile or credentials file. An existing `TF_CLI_CONFIG_FILE` is respected.
 */
export class TerraformRunner {
  private readonly env: Record<string, string>;

  public constructor(private readonly options: TerraformRunnerOptions) {
    this.env = {
      ...emulatorClientEnv(options.endpoint, options.region),
      TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE || "/dev/null",
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
    };
    if (options.dataDir) this.env.TF_DATA_DIR = options.dataDir;
    else delete this.env.TF_DATA_DIR;
    delete this.env.TF_WORKSPACE;
  }

  /** The stack directory. */
  public get dir(): string {
    return this.options.dir;
  }

  public init(): Promise<TerraformResult> {
    return this.run(["init", "-input=false", "-no-color", `-plugin-dir=${terraformPluginDir}`]);
  }

  public apply(): Promise<TerraformResult> {
    return this.run(["apply", "-auto-approve", "-input=false", "-no-color", `-parallelism=${REHEARSAL_PARALLELISM}`]);
  }

  /** `plan -detailed-exitcode`: code 0 no changes, 2 changes, 1 error. */
  public plan(): Promise<TerraformResult> {
    return this.run(["plan", "-detailed-exitcode", "-input=false", "-no-color", `-parallelism=${REHEARSAL_PARALLELISM}`]);
  }

  /**
   * `destroy`; with `refresh: false` it skips reading every resource again, for a destroy right
   * after a plan that just refreshed them all.
   */
  public destroy(options: { refresh?: boolean } = {}): Promise<TerraformResult> {
    const refresh = options.refresh === false ? ["-refresh=false"] : [];
    return this.run(["destroy", "-auto-approve", "-input=false", "-no-color", ...refresh, `-parallelism=${REHEARSAL_PARALLELISM}`]);
  }

  /** The outputs, as `terraform output -json` gives them (name to `{ value }`). */
  public async outputs(): Promise<Record<string, { value: unknown }>> {
    const result = await this.run(["output", "-json", "-no-color"]);
    if (result.code !== 0) throw new Error(`terraform output failed: ${result.stderr.trim()}`);
    return JSON.parse(result.stdout) as Record<string, { value: unknown }>;
  }

  /**
   * The managed resources in the local state file, read directly: `terraform show -json` would
   * start the provider (seconds of CPU) only to load its schema.
   */
  public stateResources(): StateResource[] {
    const path = join(this.options.dir, "terraform.tfstate");
    if (!existsSync(path)) return [];
    return managedResources(JSON.parse(readFileSync(path, "utf8")) as TerraformStateFile);
  }

  /** Addresses in the state (`terraform state list`). */
  public async stateAddresses(): Promise<string[]> {
    const result = await this.run(["state", "list", "-no-color"]);
    // An empty or missing state is "No state file was found!" on stderr with exit 0 or 1.
    if (result.code !== 0 && !/No state file was found/.test(result.stderr))
      throw new Error(`terraform state list failed: ${result.stderr.trim()}`);
    return result.stdout.split("\n").filter((line) => line.trim() !== "");
  }

  private run(args: string[]): Promise<TerraformResult> {
    return new Promise((resolve) => {
      const child = spawn(terraformCommand, args, { cwd: this.options.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      running.add(child);
      let stdout = "";
      let stderr = "";
      // The log stamps each line with the seconds since the command started: it shows where an
      // apply or a destroy waits.
      const started = performance.now();
      let stamped = "";
      child.stdout.on("data", (chunk: Buffer) => {
        const text = chunk.toString();
        stdout += text;
        const stamp = `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] `;
        stamped += text.replace(/^(?=.)/gm, stamp);
      });
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const finish = (code: number, extra = "") => {
        running.delete(child);
        appendFileSync(this.options.logFile, `\n$ terraform ${args.join(" ")}  (exit ${code})\n${stamped}${stderr}${extra}`);
        resolve({ code, stdout, stderr: stderr + extra });
      };
      child.once("error", (error: NodeJS.ErrnoException) =>
        finish(127, error.code === "ENOENT" ? `terraform not found ("${terraformCommand}"; set TERRAFORM_BIN)` : error.message),
      );
      child.once("close", (code, signal) => finish(code ?? 1, signal ? `terraform stopped by ${signal}` : ""));
    });
  }
}

/** The parts of a Terraform state file (format version 4) the rehearsal reads. */
export interface TerraformStateFile {
  readonly resources?: readonly {
    mode: string;
    type: string;
    name: string;
    module?: string;
    instances?: readonly { index_key?: string | number; attributes?: Record<string, unknown> }[];
  }[];
}

/** A managed resource instance in a state, with its attribute values. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/** Every managed resource instance in a state file. */
export function managedResources(state: TerraformStateFile): StateResource[] {
  return (state.resources ?? [])
    .filter((resource) => resource.mode === "managed")
    .flatMap((resource) =>
      (resource.instances ?? []).map((instance) => ({
        address: `${resource.module ? `${resource.module}.` : ""}${resource.type}.${resource.name}${
          instance.index_key === undefined ? "" : `[${JSON.stringify(instance.index_key)}]`
        }`,
        type: resource.type,
        values: instance.attributes ?? {},
      })),
    );
}

/**
 * The errors in terraform's output, each once, with the resource it names ("with
 * aws_instance.vpc1,") and its first paragraph, without the request ids that change with every run.
 */
export function terraformProblems(output: string): TerraformProblem[] {
  const problems = output
    .split(/^(?:│ )?Error: /m)
    .slice(1)
    .map((block) => {
      const address = /^(?:│ )?\s*with ([^\s,]+),/m.exec(block)?.[1];
      const message = (block.split(/\n(?:│\s*)?\n/)[0] ?? block)
        .replace(/\n(?:│ )?/g, " ")
        .replace(/RequestID: [^,]*, (HostID: [^,]*, )?/g, "")
        .trim();
      return address ? { address, message } : { message };
    });
  // Terraform repeats some errors once per resource it stopped ("execution halted").
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.address ?? ""}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The resources a plan would change, with the action ("will be updated in-place") and the changed attributes. */
export function plannedChanges(planOutput: string): TerraformProblem[] {
  const changes: TerraformProblem[] = [];
  const pattern = /^ {2}# (\S+) (will be [^\n]+|must be [^\n]+)$/gm;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(planOutput))) {
    const body = planOutput.slice(match.index + match[0].length).split(/\n\n/)[0] ?? "";
    const attributes = body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^[~+-] (?!resource )/.test(line))
      .slice(0, 5);
    changes.push({ address: match[1]!, message: `${match[2]}${attributes.length > 0 ? `: ${attributes.join("; ")}` : ""}` });
  }
  return changes;
}

/** The path of the rehearsal's terraform log in `dir`. */
export function terraformLogFile(dir: string): string {
  return join(dir, "terraform.log");
}
