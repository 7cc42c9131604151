import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { Emulator, emulatorPython, motoServerBin } from "../src/rehearsal/emulator";
import { seedEmulator } from "../src/rehearsal/emulator-seeds";
import { terraformCommand, terraformPluginDir } from "../src/rehearsal/terraform-runner";

function onPath(command: string): boolean {
  if (command.includes("/")) return existsSync(command);
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, command)));
}

/**
 * Why emulator suites cannot run here (moto_server, boto3, terraform or the provider mirror is
 * missing), or undefined when they can.
 */
export function emulatorUnavailableReason(): string | undefined {
  if (!onPath(motoServerBin))
    return `moto_server not found (looked for "${motoServerBin}"; pip install "moto[server]", or set MOTO_SERVER_BIN)`;
  try {
    execFileSync(emulatorPython, ["-c", "import boto3"], { stdio: "ignore", timeout: 30_000 });
  } catch {
    return `boto3 cannot be imported by "${emulatorPython}" (set EMULATOR_PYTHON to moto's Python)`;
  }
  if (!onPath(terraformCommand)) return `terraform not found (looked for "${terraformCommand}"; set TERRAFORM_BIN)`;
  if (!existsSync(terraformPluginDir)) return `provider mirror not found at ${terraformPluginDir} (set TF_PLUGIN_DIR)`;
  return undefined;
}

/**
 * The suite's `describe`: the real one when the emulator can run, `describe.skip` with a notice
 * when it cannot, and an error when REQUIRE_EMULATOR=1 (CI) and it cannot.
 */
export function describeWithEmulator(): jest.Describe {
  const unavailable = emulatorUnavailableReason();
  if (unavailable && process.env.REQUIRE_EMULATOR === "1") {
    throw new Error(`REQUIRE_EMULATOR=1 but the emulator suite cannot run: ${unavailable}`);
  }
  if (unavailable) console.warn(`NOTICE: skipping the emulator suite: ${unavailable}`);
  return unavailable ? describe.skip : describe;
}

/** One emulator for a whole suite, seeded for the given regions, with a scratch directory. */
export interface SuiteEmulator {
  readonly emulator: Emulator;
  /** A temporary directory of the suite's own (never the project's cdktf.out). */
  readonly workDir: string;
  /** Stops the emulator and removes the scratch directory. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts moto_server on a free loopback port (or connects to AWS_ENDPOINT_URL when set) and seeds
 * it for `regions`: what later suites (state backends on its S3, imports of resources made with
 * boto3, a two-region lab) start from.
 */
export async function startSuiteEmulator(regions: readonly string[] = ["us-east-1"]): Promise<SuiteEmulator> {
  const given = process.env.AWS_ENDPOINT_URL;
  const emulator = given ? await Emulator.connect(given) : await Emulator.start();
  const workDir = mkdtempSync(join(tmpdir(), "vpc-lab-emulator-suite-"));
  try {
    for (const region of regions) await seedEmulator(emulator, region);
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return {
    emulator,
    workDir,
    stop: async () => {
      await emulator.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
