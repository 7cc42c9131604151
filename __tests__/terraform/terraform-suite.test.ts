/**
 * The real-Terraform suite: the hashicorp/aws provider itself checks what we synthesize.
 * `terraform validate` for every case, and an offline `terraform plan` (fake credentials, no data
 * source that calls AWS) for the offline ones. Skipped with a notice where terraform is missing,
 * unless REQUIRE_TERRAFORM=1 (CI), where a missing terraform fails the suite.
 */
import type { TerraformRun } from "../../test-support/terraform-harness";
import { runLimited, TerraformHarness, terraformUnavailableReason } from "../../test-support/terraform-harness";

/** One configuration the real provider must accept. */
interface TerraformCase {
  readonly name: string;
  readonly overrides: Record<string, unknown>;
  /** Run an offline plan too (the config must be offline). */
  readonly plan: boolean;
  /** Synthesize HCL (the `cdktf synth --hcl` exit path) instead of JSON. @default false */
  readonly hcl?: boolean;
}

const vpc = (name: string, n: number) => ({ name, cidr: `10.${n}.0.0/16`, publicSubnetCidr: `10.${n}.0.0/24` });

export const TERRAFORM_CASES: readonly TerraformCase[] = [
  { name: "default-offline", overrides: { offline: true }, plan: true },
  {
    name: "three-vpcs-offline",
    overrides: { offline: true, vpcs: [vpc("vpc1", 1), vpc("vpc2", 2), vpc("vpc3", 3)], sshCidrs: ["203.0.113.7/32"] },
    plan: true,
  },
  { name: "default-online", overrides: {}, plan: false },
  { name: "default-online-hcl", overrides: {}, plan: false, hcl: true },
];

const unavailable = terraformUnavailableReason();
if (unavailable && process.env.REQUIRE_TERRAFORM === "1") {
  throw new Error(`REQUIRE_TERRAFORM=1 but the real-Terraform suite cannot run: ${unavailable}`);
}
if (unavailable) {
  console.warn(`NOTICE: skipping the real-Terraform suite: ${unavailable}`);
}

(unavailable ? describe.skip : describe)("the synthesized Terraform, checked by terraform and the real AWS provider", () => {
  const harness = new TerraformHarness();
  const results = new Map<string, { validate: TerraformRun; plan?: TerraformRun }>();

  beforeAll(async () => {
    const dirs = TERRAFORM_CASES.map((testCase) => harness.synth(testCase.name, testCase.overrides, testCase.hcl));
    const initDir = dirs[0]!;
    const init = await harness.init(initDir);
    if (!init.ok) throw new Error(`terraform init failed:\n${init.output}`);
    const jobs = TERRAFORM_CASES.map((testCase, index) => async () => {
      const dir = dirs[index]!;
      const validate = await harness.validate(dir, initDir);
      const plan = testCase.plan && validate.ok ? await harness.plan(dir, initDir) : undefined;
      results.set(testCase.name, { validate, plan });
    });
    await runLimited(jobs, 2);
  }, 180_000);

  afterAll(() => harness.cleanUp());

  it.each(TERRAFORM_CASES.map((testCase) => [testCase.name]))("terraform validate accepts %s", (name) => {
    const result = results.get(name)!;
    expect(result.validate.output).toContain("The configuration is valid.");
    expect(result.validate.output).not.toMatch(/Warning/);
    expect(result.validate.ok).toBe(true);
  });

  it.each(TERRAFORM_CASES.filter((testCase) => testCase.plan).map((testCase) => [testCase.name]))(
    "terraform plan runs offline for %s and only creates",
    (name) => {
      const plan = results.get(name)!.plan;
      expect(plan?.output ?? "plan did not run").toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
      expect(plan?.ok).toBe(true);
    },
  );

  it("plans every resource of the three-VPC lab", () => {
    const plan = results.get("three-vpcs-offline")!.plan!;
    for (const address of [
      "aws_vpc.vpc3",
      "aws_vpc_peering_connection.vpc1_vpc3",
      "aws_route.vpc3_to_vpc2",
      "aws_instance.vpc3",
      "aws_eip.vpc3",
      "aws_vpc_security_group_ingress_rule.vpc1_ssh_from_203_0_113_7_32",
    ]) {
      expect(plan.output).toContain(`# ${address} will be created`);
    }
  });
});
