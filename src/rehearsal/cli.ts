import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabConfig } from "../config";
import { ConfigError, loadLabConfig } from "../config";
import { Emulator } from "./emulator";
import { EMULATOR_SEEDS, seedEmulator } from "./emulator-seeds";
import { describeFailure, rehearseLab } from "./rehearse-lab";
import { stopRunningTerraform } from "./terraform-runner";

/**
 * `npm run rehearse`: the deploy of the lab (the default, or LAB_CONFIG) rehearsed on a local AWS
 * emulator, step by step with durations. Exit code 0 when apply, re-plan, destroy and the
 * leftover check all pass; 1 otherwise, with the resource and API error of each problem.
 */
async function main(): Promise<void> {
  let config: LabConfig;
  try {
    config = loadLabConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }

  const started = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), "vpc-lab-rehearsal-"));
  let emulator: Emulator | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping terraform and the emulator`);
    stopRunningTerraform();
    void emulator?.stop();
    process.exitCode = 130;
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  let keepWorkDir = false;
  try {
    const given = process.env.AWS_ENDPOINT_URL;
    const emulatorStarted = performance.now();
    emulator = given ? await Emulator.connect(given) : await Emulator.start();
    console.log(
      `Rehearsing ${config.name} (${config.region}) on ${given ? "the emulator at" : "moto_server, started at"} ${emulator.endpoint}` +
        ` (${seconds(emulatorStarted)} s)`,
    );
    const seedStarted = performance.now();
    const seeded = await seedEmulator(emulator, config.region);
    console.log(`  ok  seed     ${seconds(seedStarted).padStart(6)} s  ${seeded.join("; ")}`);
    for (const seed of EMULATOR_SEEDS) console.log(`    seeded: ${seed.describe(config.region)}, because ${seed.reason}`);

    const result = await rehearseLab(config, emulator, {
      workDir,
      log: (line) => console.log(line),
      destroyOnFailure: !emulator.owned,
    });
    if (result.ok) {
      console.log(`\nRehearsal passed in ${seconds(started)} s: applied, re-planned with no changes, destroyed, nothing left behind.`);
    } else {
      keepWorkDir = true;
      console.error(`\n${describeFailure(result)}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`Rehearsal failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await emulator?.stop();
    if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

void main();
