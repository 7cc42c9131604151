import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { InventoryRecord } from "./emulator-inventory";
import { INVENTORY_SCRIPT } from "./emulator-inventory";

/** The moto server command: `MOTO_SERVER_BIN`, else `moto_server` on PATH. */
export const motoServerBin = process.env.MOTO_SERVER_BIN || "moto_server";
/** The Python that has boto3 (moto's own): `EMULATOR_PYTHON`, else `python3` on PATH. */
export const emulatorPython = process.env.EMULATOR_PYTHON || "python3";

/**
 * Credentials the emulator accepts. They are not secret and open nothing on AWS: a rehearsal
 * never passes real credentials to Terraform or boto3.
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

/** How long moto_server may take to answer its first request (it imports every service on start). */
const START_TIMEOUT_MS = 30_000;

/** Options of {@link Emulator.start}. */
export interface EmulatorStartOptions {
  /** Loopback address to bind. @default "127.0.0.1" */
  readonly host?: string;
  /** Port to bind. @default a free port, picked by the operating system */
  readonly port?: number;
}

/** Output of a boto3 script run by {@link Emulator.boto3}. */
export interface Boto3Run {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A local AWS emulator (moto 5, `moto_server`): either one this process started (and stops), or
 * one already running at a given endpoint (left running). It serves EC2, S3, IAM, STS, CloudWatch
 * Logs and SSM on one HTTP port.
 */
export class Emulator {
  private exited = false;
  private stderrTail = "";

  private constructor(
    /** Base URL, e.g. `http://127.0.0.1:45011`. */
    public readonly endpoint: string,
    private readonly child?: ChildProcess,
  ) {
    child?.once("exit", () => (this.exited = true));
    child?.stderr?.on("data", (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000)));
    // A crash of this process must not leave the server running behind it.
    if (child) process.once("exit", () => this.kill());
  }

  /** True when this process started the server (and so stops it). */
  public get owned(): boolean {
    return this.child !== undefined;
  }

  /**
   * Starts `moto_server` on a free loopback port and waits until it answers. A picked port that
   * another process takes first is retried with a new one.
   */
  public static async start(options: EmulatorStartOptions = {}): Promise<Emulator> {
    const host = options.host ?? "127.0.0.1";
    const attempts = options.port === undefined ? 3 : 1;
    let failure: Error | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const port = options.port ?? (await freePort(host));
      // Something already answering there would pass the readiness check for a server that failed.
      if (await answers(`http://${host}:${port}`)) {
        failure = new Error(`port ${port} on ${host} is already in use`);
        continue;
      }
      const child = spawn(motoServerBin, ["-H", host, "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
      const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
      const emulator = new Emulator(`http://${host}:${port}`, child);
      failure = await Promise.race([
        emulator.waitUntilReady(START_TIMEOUT_MS).then(
          () => undefined,
          (error: Error) => error,
        ),
        spawnError,
      ]);
      if (!failure) return emulator;
      emulator.kill();
      if ((failure as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(
          `cannot start the emulator: "${motoServerBin}" was not found (install it with: pip install "moto[server]", or set MOTO_SERVER_BIN)`,
        );
      }
    }
    throw new Error(`cannot start the emulator: ${failure?.message ?? "unknown error"}`);
  }

  /** Uses an emulator that is already running at `endpoint` (it is left running). */
  public static async connect(endpoint: string): Promise<Emulator> {
    const emulator = new Emulator(endpoint.replace(/\/+$/, ""));
    await emulator.waitUntilReady(5_000);
    return emulator;
  }

  /** Stops the server if this process started it, and waits for it to exit. */
  public async stop(): Promise<void> {
    if (!this.child || this.exited) return;
    const exited = new Promise<void>((resolve) => this.child!.once("exit", () => resolve()));
    this.kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }

  /**
   * Every resource the emulator holds in `region` (and its global IAM and S3), read with describe
   * and list calls: in the emulator's own account, or in another one through `roleArn` (the
   * emulator's STS gives an assumed role's account).
   */
  public async inventory(region: string, roleArn?: string): Promise<InventoryRecord[]> {
    const run = await this.boto3(INVENTORY_SCRIPT, region, roleArn === undefined ? [] : [roleArn]);
    if (!run.ok) throw new Error(`reading the emulator's inventory failed: ${run.stderr.trim().split("\n").slice(-1)[0] ?? ""}`);
    return JSON.parse(run.stdout) as InventoryRecord[];
  }

  /**
   * Runs a Python script with boto3 pointed at the emulator (endpoint, region and the emulator's
   * test credentials in the environment; no profile or real credential reaches it). The script
   * may `import boto3` and call `boto3.client("ec2")` without further configuration.
   */
  public boto3(script: string, region: string, args: readonly string[] = []): Promise<Boto3Run> {
    return new Promise((resolve) => {
      execFile(
        emulatorPython,
        ["-c", script, ...args],
        { env: emulatorClientEnv(this.endpoint, region), timeout: 60_000 },
        (error, stdout, stderr) => resolve({ ok: error === null, stdout, stderr }),
      );
    });
  }

  /** The last lines the server wrote to stderr (its request log and tracebacks), for error reports. */
  public get log(): string {
    return this.stderrTail;
  }

  private kill(): void {
    if (this.child && !this.exited) this.child.kill("SIGTERM");
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = "";
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`moto_server exited during start-up: ${this.stderrTail.trim().split("\n").slice(-3).join(" | ")}`);
      try {
        const response = await fetch(`${this.endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
        lastError = `HTTP ${response.status}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the emulator at ${this.endpoint} did not answer within ${timeoutMs / 1000} s (${lastError})`);
  }
}

/**
 * Environment for an AWS client (boto3, the AWS CLI, Terraform) that must talk to the emulator
 * only: `base` without any `AWS_*` variable (no profile, session token or key through which real
 * credentials could be picked up), then the emulator's endpoint for every service, its test
 * credentials, no config or credentials file, and no instance metadata.
 */
export function emulatorClientEnv(endpoint: string, region: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    ...withoutAwsVariables(base),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}

/** `env` without any `AWS_*` variable: the start of every environment that talks to the emulator. */
export function withoutAwsVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !entry[0].startsWith("AWS_") && entry[1] !== undefined),
  );
}

/** True when an HTTP server answers at `endpoint` (whatever its status). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

/** A TCP port that is free on `host` right now (the OS picks it). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port assigned"))));
    });
  });
}
