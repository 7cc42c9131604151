/**
 * The deploy rehearsed on the local AWS emulator: each lab is applied, re-planned (which must
 * show no changes), destroyed, and checked for leftovers in the state and in the emulator. One
 * emulator serves the suite and the labs run at once: most of an apply is the provider waiting
 * (55 s of it on the bucket's lifecycle configuration), not the two cores working.
 */
import { join } from "node:path";
import { parseLabConfig } from "../../src/config";
import type { RehearsalResult, RehearsalStepName } from "../../src/rehearsal/rehearse-lab";
import { describeFailure, rehearseLab } from "../../src/rehearsal/rehearse-lab";
import { SharedTerraformInit } from "../../src/rehearsal/terraform-runner";
import type { SuiteEmulator } from "../../test-support/emulator";
import { describeWithEmulator, startSuiteEmulator } from "../../test-support/emulator";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { vpcConfig } from "../../test-support/synth-lab";

/** The labs rehearsed, each under a stack name of its own so that they share one emulator. */
const REHEARSED_LABS = [
  { name: "rehearsal-default", overrides: {} },
  {
    // Flow logs on every VPC and an S3 gateway endpoint in every VPC (both "all" by default),
    // three instances in a full mesh of peerings.
    name: "rehearsal-three-vpcs",
    overrides: {
      vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3)],
      flowLogs: { vpcs: "all" },
      s3: { endpointVpcs: "all" },
    },
  },
  {
    // Issue 13: four VPCs in us-east-1 and eu-west-1 of two accounts (the emulator's STS gives the
    // assumed role's account), every pair peered across them in one apply, private instances in
    // endpoint mode (the Instance Connect Endpoints themselves are listed as not rehearsed).
    name: "rehearsal-regions",
    overrides: multiRegionLab({ instanceConnect: "endpoint" }),
  },
] as const;

describeWithEmulator()("the lab's deploy, rehearsed on the emulator", () => {
  let suite: SuiteEmulator | undefined;
  const results = new Map<string, RehearsalResult>();

  beforeAll(async () => {
    const current = await startSuiteEmulator(["us-east-1", "eu-west-1"]);
    suite = current;
    const started = performance.now();
    const sharedInit = new SharedTerraformInit(join(current.workDir, "terraform-data"));
    const outcomes = await Promise.all(
      REHEARSED_LABS.map((lab) =>
        rehearseLab(parseLabConfig({ ...lab.overrides, name: lab.name }, lab.name), current.emulator, {
          workDir: join(current.workDir, lab.name),
          destroyOnFailure: false,
          sharedInit,
        }),
      ),
    );
    for (const outcome of outcomes) results.set(outcome.stackName, outcome);
    const timings = outcomes.map(
      (outcome) => `${outcome.stackName}: ${outcome.steps.map((step) => `${step.name} ${step.seconds.toFixed(1)} s`).join(", ")}`,
    );
    console.log(
      `Rehearsed ${outcomes.length} labs at once in ${((performance.now() - started) / 1000).toFixed(1)} s\n${timings.join("\n")}`,
    );
  });

  afterAll(async () => {
    await suite?.stop();
  });

  /** Fails with the rehearsal's own report unless `step` passed. */
  function expectStepPassed(name: string, step: RehearsalStepName): RehearsalResult {
    const result = results.get(name);
    if (!result) throw new Error(`the rehearsal of ${name} did not run`);
    const found = result.steps.find((candidate) => candidate.name === step);
    if (!found) throw new Error(`not reached: ${describeFailure(result)}`);
    if (!found.ok) throw new Error(describeFailure(result));
    return result;
  }

  describe.each(REHEARSED_LABS.map((lab) => lab.name))("rehearsal of %s", (name) => {
    it("applies every resource and gives outputs with the emulator's ids and addresses", () => {
      const result = expectStepPassed(name, "outputs");
      const instances = result.outputs!.instances as Record<
        string,
        { id: string; private_ip: string; public_ip?: string; ssh_command?: string }
      >;
      const endpointMode = name === "rehearsal-regions";
      for (const instance of Object.values(instances)) {
        expect(instance.id).toMatch(/^i-[0-9a-f]+$/);
        expect(instance.private_ip).toMatch(/^10\.\d+\.0\.\d+$/);
        if (endpointMode) {
          expect(instance.public_ip).toBeUndefined();
          expect(instance.ssh_command).toContain(`--instance-id ${instance.id} --connection-type eice`);
        } else expect(instance.public_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      }
      expect(result.heldAfterApply.length).toBeGreaterThan(0);
    });

    it("re-plans with no changes after apply", () => {
      expectStepPassed(name, "re-plan");
    });

    it("destroys everything: the state is empty and the emulator holds none of the lab's resources", () => {
      const result = expectStepPassed(name, "verify");
      expect(result.stateAfterDestroy).toEqual([]);
      expect(result.leftovers).toEqual([]);
    });
  });
});
