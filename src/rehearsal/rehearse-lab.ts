import { join } from "node:path";
import type { LabConfig } from "../config/schema";
import type { LabModel } from "../model/lab-model";
import type { Emulator } from "./emulator";
import type { AppliedAdaptation } from "./emulator-adaptations";
import { describeAdaptation, LEFTOVER_CHECK_LIMITS } from "./emulator-adaptations";
import type { InventoryRecord, LabFingerprint } from "./emulator-inventory";
import { fingerprintOf, labRecords } from "./emulator-inventory";
import { rehearsalModel, synthesizeRehearsal } from "./rehearsal-target";
import type { SharedTerraformInit, TerraformProblem, TerraformResult } from "./terraform-runner";
import { plannedChanges, TerraformRunner, terraformLogFile, terraformProblems } from "./terraform-runner";

/** The steps of a rehearsal, in order. */
export type RehearsalStepName = "synth" | "init" | "apply" | "outputs" | "re-plan" | "destroy" | "verify";

/** One finished step. */
export interface RehearsalStep {
  readonly name: RehearsalStepName;
  readonly seconds: number;
  readonly ok: boolean;
  /** One line of what the step found ("56 resources", "No changes"). */
  readonly summary: string;
}

/** Where and why a rehearsal failed: the step, and each resource with its API error. */
export interface RehearsalFailure {
  readonly step: RehearsalStepName;
  readonly problems: readonly TerraformProblem[];
}

/** Everything a rehearsal did and found. */
export interface RehearsalResult {
  readonly stackName: string;
  readonly ok: boolean;
  readonly steps: readonly RehearsalStep[];
  readonly failure?: RehearsalFailure;
  readonly adaptations: readonly AppliedAdaptation[];
  /** The outputs after apply (real ids and addresses from the emulator). */
  readonly outputs?: Record<string, unknown>;
  /** Lab records the emulator held after apply (shows that the inventory check can see the lab). */
  readonly heldAfterApply: readonly InventoryRecord[];
  /** Lab records the emulator still held after destroy (must be none). */
  readonly leftovers: readonly InventoryRecord[];
  /** Addresses still in the Terraform state after destroy (must be none). */
  readonly stateAfterDestroy: readonly string[];
  /** The stack directory (cdk.tf.json, state, terraform.log). */
  readonly stackDir?: string;
}

/** Options of {@link rehearseLab}. */
export interface RehearseLabOptions {
  /** A directory of the rehearsal's own: the lab is synthesized under it, state and logs too. */
  readonly workDir: string;
  /** Called with each report line as the rehearsal goes (steps, adaptations, outputs). */
  readonly log?: (line: string) => void;
  /**
   * After a failed apply or re-plan, destroy what was created. Needed on an emulator that keeps
   * running; pointless on one about to be stopped.
   * @default true
   */
  readonly destroyOnFailure?: boolean;
  /** One `terraform init` shared with the other labs rehearsed at the same time. @default an init of its own */
  readonly sharedInit?: SharedTerraformInit;
}

/** A step that went wrong, with the resources and API errors to report. */
class StepFailed extends Error {
  public constructor(public readonly problems: TerraformProblem[]) {
    super(problems.map((problem) => problem.message).join("; "));
  }
}

/**
 * Rehearses the deploy of one lab on an emulator: synthesizes the rehearsal target into
 * `workDir`, then terraform init, apply, outputs, a re-plan that must show no changes, destroy,
 * and a check that the state is empty and that the emulator's inventory holds none of the lab's
 * resources. Never throws for a failed step: the result says which step failed and why.
 */
export async function rehearseLab(input: LabModel | LabConfig, emulator: Emulator, options: RehearseLabOptions): Promise<RehearsalResult> {
  const lab = rehearsalModel(input);
  const log = options.log ?? (() => undefined);
  const steps: RehearsalStep[] = [];
  let adaptations: readonly AppliedAdaptation[] = [];
  let outputs: Record<string, unknown> | undefined;
  let heldAfterApply: InventoryRecord[] = [];
  let leftovers: InventoryRecord[] = [];
  let stateAfterDestroy: string[] = [];
  let fingerprint: LabFingerprint = { ids: new Set(), projectTag: lab.name };
  let stackDir: string | undefined;
  let terraform: TerraformRunner | undefined;
  let applied = false;

  const step = async (name: RehearsalStepName, work: () => Promise<string>): Promise<void> => {
    const started = performance.now();
    try {
      const summary = await work();
      const seconds = (performance.now() - started) / 1000;
      steps.push({ name, seconds, ok: true, summary });
      log(`  ok  ${name.padEnd(8)} ${seconds.toFixed(1).padStart(6)} s  ${summary}`);
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const problems = error instanceof StepFailed ? error.problems : [{ message: (error as Error).message }];
      steps.push({ name, seconds, ok: false, summary: `${problems.length} problem(s)` });
      log(`  FAIL ${name.padEnd(7)} ${seconds.toFixed(1).padStart(6)} s`);
      throw new StepFailedAt(name, problems);
    }
  };

  try {
    await step("synth", async () => {
      const target = synthesizeRehearsal(lab, { outdir: join(options.workDir, "cdktf.out"), endpoint: emulator.endpoint });
      stackDir = target.stackDir;
      adaptations = target.adaptations;
      terraform = new TerraformRunner({
        dir: stackDir,
        endpoint: emulator.endpoint,
        region: lab.home.region,
        logFile: terraformLogFile(stackDir),
        dataDir: options.sharedInit?.dataDir,
      });
      return `${target.resourceCount} resources; endpoints ${target.services.join(", ")} -> ${emulator.endpoint}`;
    });
    for (const line of adaptationLines(adaptations)) log(line);
    await step("init", async () => {
      expectSuccess(await (options.sharedInit ? options.sharedInit.init(terraform!) : terraform!.init()));
      return "providers from the local mirror";
    });
    await step("apply", async () => {
      applied = true;
      const result = await terraform!.apply();
      expectSuccess(result);
      const resources = terraform!.stateResources();
      fingerprint = fingerprintOf(resources, lab.name);
      heldAfterApply = labRecords(await labInventory(emulator, lab), fingerprint);
      if (heldAfterApply.length === 0)
        throw new Error("the emulator's inventory shows none of the lab's resources after apply, so the leftover check would be blind");
      return `${resources.length} resources; the emulator holds ${heldAfterApply.length} records of the lab`;
    });
    await step("outputs", async () => {
      const raw = await terraform!.outputs();
      outputs = Object.fromEntries(Object.entries(raw).map(([name, output]) => [name, output.value]));
      return `${Object.keys(outputs).length} outputs`;
    });
    for (const line of outputLines(outputs ?? {})) log(line);
    await step("re-plan", async () => {
      const result = await terraform!.plan();
      if (result.code === 0) return "No changes";
      if (result.code === 2) {
        const changes = plannedChanges(result.stdout);
        throw new StepFailed(
          changes.length > 0
            ? changes.map((change) => ({ ...change, message: `perpetual diff: ${change.message}` }))
            : [{ message: "the re-plan after apply wants changes" }],
        );
      }
      expectSuccess(result);
      return "";
    });
    applied = false;
    await step("destroy", async () => {
      // The re-plan has just read every resource: the destroy need not read them again.
      const result = await terraform!.destroy({ refresh: false });
      expectSuccess(result);
      return /Resources: \d+ destroyed/.exec(result.stdout)?.[0] ?? "";
    });
    await step("verify", async () => {
      stateAfterDestroy = await terraform!.stateAddresses();
      leftovers = labRecords(await labInventory(emulator, lab), fingerprint);
      const problems: TerraformProblem[] = [
        ...stateAfterDestroy.map((address) => ({ address, message: "still in the Terraform state after destroy" })),
        ...leftovers.map((record) => ({ address: record.ids[0], message: `still in the emulator after destroy (${record.kind})` })),
      ];
      if (problems.length > 0) throw new StepFailed(problems);
      return `state empty; none of the lab's ${heldAfterApply.length} records left in the emulator`;
    });
    return { stackName: lab.name, ok: true, steps, adaptations, outputs, heldAfterApply, leftovers, stateAfterDestroy, stackDir };
  } catch (error) {
    if (!(error instanceof StepFailedAt)) throw error;
    if (applied && terraform && (options.destroyOnFailure ?? true)) {
      log("  cleaning up: terraform destroy of what the failed rehearsal created");
      const cleanup = await terraform.destroy();
      if (cleanup.code !== 0) log(`  cleanup failed; see ${stackDir ? terraformLogFile(stackDir) : "the terraform log"}`);
    }
    return {
      stackName: lab.name,
      ok: false,
      steps,
      failure: { step: error.step, problems: error.problems },
      adaptations,
      outputs,
      heldAfterApply,
      leftovers: leftovers.length > 0 ? leftovers : [],
      stateAfterDestroy,
      stackDir,
    };
  }
}

/**
 * Where a lab's resources live in the emulator: the lab's region, and each other (region, account)
 * its VPCs use, another account read through its role (as Terraform's provider alias reaches it).
 */
export function labPlaces(lab: LabModel): { region: string; roleArn?: string }[] {
  const places = new Map<string, { region: string; roleArn?: string }>([[`${lab.home.region} `, { region: lab.home.region }]]);
  for (const context of lab.contexts.values()) {
    const roleArn = context.account?.roleArn;
    places.set(`${context.region} ${roleArn ?? ""}`, { region: context.region, ...(roleArn === undefined ? {} : { roleArn }) });
  }
  return [...places.values()];
}

/** The emulator's inventory in every place of the lab, each record once (IAM and S3 show up in every region of an account). */
async function labInventory(emulator: Emulator, lab: LabModel): Promise<InventoryRecord[]> {
  const seen = new Set<string>();
  const records: InventoryRecord[] = [];
  for (const place of labPlaces(lab)) {
    for (const record of await emulator.inventory(place.region, place.roleArn)) {
      const key = `${place.roleArn ?? ""} ${record.kind} ${record.ids.join(" ")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      records.push(record);
    }
  }
  return records;
}

class StepFailedAt extends Error {
  public constructor(
    public readonly step: RehearsalStepName,
    public readonly problems: readonly TerraformProblem[],
  ) {
    super(`${step} failed`);
  }
}

function expectSuccess(result: TerraformResult): void {
  if (result.code === 0) return;
  const problems = terraformProblems(`${result.stdout}\n${result.stderr}`);
  throw new StepFailed(problems.length > 0 ? problems : [{ message: lastLines(result.stderr || result.stdout, 5) }]);
}

function lastLines(text: string, count: number): string {
  return text.trim().split("\n").slice(-count).join(" | ");
}

/** The report lines for the adaptations, one per line, as docs/rehearsal.md lists them. */
export function adaptationLines(adaptations: readonly AppliedAdaptation[]): string[] {
  if (adaptations.length === 0) return [];
  return [
    "  emulator limits (rehearsal target only; the real synth is unchanged):",
    ...adaptations.map((applied) => `    ${describeAdaptation(applied)}`),
    ...LEFTOVER_CHECK_LIMITS.map((limit) => `    not checked after destroy: ${limit.what}, ${limit.reason}`),
  ];
}

/** The outputs, one `name = value` per line, with the values as compact JSON. */
export function outputLines(outputs: Record<string, unknown>): string[] {
  return Object.entries(outputs).flatMap(([name, value]) => {
    const text = JSON.stringify(value, null, 2);
    const lines = text.split("\n");
    return [`    ${name} = ${lines[0]}`, ...lines.slice(1).map((line) => `    ${line}`)];
  });
}

/** The failure as the user reads it: the step, then each resource with its error. */
export function describeFailure(result: RehearsalResult): string {
  if (!result.failure) return "";
  const lines = result.failure.problems.map((problem) => `  - ${problem.address ? `${problem.address}: ` : ""}${problem.message}`);
  const where = result.stackDir ? `\n  (full terraform output: ${terraformLogFile(result.stackDir)})` : "";
  return `Rehearsal of ${result.stackName} failed at ${result.failure.step}:\n${lines.join("\n")}${where}`;
}
