import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadLabs } from "../config";
import type { LabModel } from "../model/lab-model";
import { Emulator } from "./emulator";
import { EMULATOR_SEEDS, seedEmulator } from "./emulator-seeds";
import type { RehearsalResult } from "./rehearse-lab";
import { describeFailure, labPlaces, rehearseLab } from "./rehearse-lab";
import { SharedTerraformInit, stopRunningTerraform } from "./terraform-runner";

/**
 * `npm run rehearse`: the deploy of the lab (the default, or LAB_CONFIG) rehearsed on a local AWS
 * emulator, step by step with durations; a configuration with environments has each of its stacks
 * rehearsed, at once, on the same emulator. Exit code 0 when apply, re-plan, destroy and the
 * leftover check all pass for every stack; 1 otherwise, with the resource and API error of each
 * problem.
 */
async function main(): Promise<void> {
  let labs: LabModel[];
  try {
    // The rehearsal deploys to an emulator, which answers the lookups offline mode replaces.
    labs = loadLabs(process.env, { online: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }

  const started = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), "vpc-lab-rehearsal-"));
  let emulator: Emulator | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    console.error(`\n${signal}: stopping terraform and the emulator`);
    stopRunningTerraform();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  let keepWorkDir = false;
  try {
    const given = process.env.AWS_ENDPOINT_URL;
    const emulatorStarted = performance.now();
    emulator = given ? await Emulator.connect(given) : await Emulator.start();
    const names = labs.map((lab) => `${lab.name} (${lab.home.region})`).join(", ");
    console.log(
      `Rehearsing ${names} on ${given ? "the emulator at" : "moto_server, started at"} ${emulator.endpoint} (${seconds(emulatorStarted)} s)`,
    );
    // Every region of every account the labs use (VPCs in other regions and accounts included).
    const places = new Map(labs.flatMap(labPlaces).map((place) => [`${place.region} ${place.roleArn ?? ""}`, place]));
    const seedStarted = performance.now();
    const seeded: string[] = [];
    for (const place of places.values()) seeded.push(...(await seedEmulator(emulator, place.region, place.roleArn)));
    console.log(`  ok  seed     ${seconds(seedStarted).padStart(6)} s  ${seeded.join("; ")}`);
    for (const seed of EMULATOR_SEEDS)
      for (const place of places.values())
        console.log(
          `    seeded: ${seed.describe(place.region)}${place.roleArn ? ` (in the account of ${place.roleArn})` : ""}, because ${seed.reason}`,
        );

    if (interrupted) return;
    const running = emulator;
    const sharedInit = new SharedTerraformInit(join(workDir, "terraform-data"));
    const results: RehearsalResult[] = await Promise.all(
      labs.map((lab) =>
        rehearseLab(lab, running, {
          workDir: join(workDir, lab.name),
          log: labs.length === 1 ? (line) => console.log(line) : (line) => console.log(`[${lab.name}] ${line}`),
          destroyOnFailure: !running.owned,
          sharedInit,
        }),
      ),
    );
    const failed = results.filter((result) => !result.ok);
    if (interrupted) {
      console.error(`Rehearsal interrupted (${interrupted}).`);
    } else if (failed.length === 0) {
      console.log(`\nRehearsal passed in ${seconds(started)} s: applied, re-planned with no changes, destroyed, nothing left behind.`);
    } else {
      keepWorkDir = true;
      for (const result of failed) console.error(`\n${describeFailure(result)}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`Rehearsal failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await emulator?.stop();
    // After an interruption the emulator, and so what the state describes, is gone.
    if (!keepWorkDir || interrupted) rmSync(workDir, { recursive: true, force: true });
    if (interrupted) process.exitCode = 130;
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

void main();
