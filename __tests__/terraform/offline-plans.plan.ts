/**
 * The offline plans (npm run test:terraform, which CI runs; not part of npm test, whose
 * real-Terraform suite validates every case): `terraform plan` against the real AWS provider, with
 * fake credentials and no data source that calls AWS, of the cases of test-support/terraform-cases.ts
 * marked `plan`. Each plan starts the provider once per provider block (~4-9 s here), which is why
 * they run apart. Skipped with a notice where terraform is missing, unless REQUIRE_TERRAFORM=1 (CI).
 */
import type { TerraformRun } from "../../test-support/terraform-harness";
import { runLimited, TerraformHarness, terraformUnavailableReason } from "../../test-support/terraform-harness";
import { TERRAFORM_CASES } from "../../test-support/terraform-cases";

const unavailable = terraformUnavailableReason();
if (unavailable && process.env.REQUIRE_TERRAFORM === "1") {
  throw new Error(`REQUIRE_TERRAFORM=1 but the offline plans cannot run: ${unavailable}`);
}
if (unavailable) {
  console.warn(`NOTICE: skipping the offline plans: ${unavailable}`);
}

const PLANNED = TERRAFORM_CASES.filter((testCase) => testCase.plan);

(unavailable ? describe.skip : describe)("the synthesized Terraform, planned offline by terraform and the real AWS provider", () => {
  const harness = new TerraformHarness();
  const plans = new Map<string, TerraformRun>();

  beforeAll(async () => {
    const dirs = PLANNED.map((testCase) => harness.synth(testCase.name, testCase.overrides, testCase.hcl ?? false));
    const init = await harness.init(dirs[0]!);
    if (!init.ok) throw new Error(`terraform init failed:\n${init.output}`);
    // Plans are CPU-bound (the provider's processes): two at a time on this project's 2 cores.
    await runLimited(
      PLANNED.map((testCase, i) => async () => {
        plans.set(testCase.name, await harness.plan(dirs[i]!, dirs[0]!));
      }),
      2,
    );
  }, 300_000);

  afterAll(() => harness.cleanUp(), 60_000);

  it.each(PLANNED.map((testCase) => [testCase.name]))("terraform plan runs offline for %s and only creates", (name) => {
    const plan = plans.get(name);
    expect(plan?.output ?? "plan did not run").toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
    expect(plan?.ok).toBe(true);
  });

  it("plans the HCL hand-off exactly as its JSON twin (same resources, same values)", () => {
    const json = plans.get("variants-offline")!;
    const hcl = plans.get("variants-offline-hcl")!;
    // Data sources are read concurrently: their progress lines come in any order.
    const body = (run: TerraformRun) =>
      run.output
        .split("\n")
        .slice(1)
        .filter((line) => !/^data\.\S+: (Reading\.\.\.|Read complete after \d+s)/.test(line))
        .join("\n");
    expect(hcl.ok).toBe(true);
    expect(body(hcl)).toBe(body(json));
  });

  it("plans every resource of the three-VPC lab", () => {
    const plan = plans.get("three-vpcs-offline")!;
    for (const address of [
      "aws_vpc.vpc3",
      "aws_vpc_peering_connection.vpc1_vpc3",
      "aws_route.vpc3_to_vpc2",
      "aws_instance.vpc3",
      "aws_eip.vpc3",
      "aws_vpc_security_group_ingress_rule.vpc1_ssh_from_203_0_113_7_32",
      "aws_vpc_endpoint.vpc3_s3",
      "aws_iam_instance_profile.vpc3_instance",
    ]) {
      expect(plan.output).toContain(`# ${address} will be created`);
    }
    expect(plan.output).toMatch(/Sid\s+= "AllowAllS3"/);
  });

  it("plans the default lab's bucket, its hardening and policy, and an endpoint, a role and a profile per VPC", () => {
    const plan = plans.get("default-offline")!;
    for (const address of [
      "aws_s3_bucket.lab",
      "aws_s3_bucket_versioning.lab",
      "aws_s3_bucket_server_side_encryption_configuration.lab",
      "aws_s3_bucket_public_access_block.lab",
      "aws_s3_bucket_ownership_controls.lab",
      "aws_s3_bucket_lifecycle_configuration.lab",
      "aws_s3_bucket_policy.lab",
      "aws_s3_object.test_object",
      "aws_vpc_endpoint.vpc1_s3",
      "aws_vpc_endpoint.vpc2_s3",
      "aws_iam_role.vpc1_instance",
      "aws_iam_instance_profile.vpc2_instance",
      "aws_iam_role_policy.vpc2_instance_s3",
    ]) {
      expect(plan.output).toContain(`# ${address} will be created`);
    }
    expect(plan.output).toContain('"arn:aws:s3:::al2023-repos-us-east-1-*/*"');
  });

  it("plans the lab's deny-all endpoint experiment in vpc1 only, with a named bucket and no test object", () => {
    const plan = plans.get("variants-offline")!;
    expect(plan.output).toMatch(/Sid\s+= "DenyAllS3"/);
    expect(plan.output).toContain("# aws_vpc_endpoint.vpc1_s3 will be created");
    expect(plan.output).not.toContain("aws_vpc_endpoint.vpc2_s3");
    expect(plan.output).toMatch(/bucket\s+= "tf-suite-lab-bucket-example"/);
    expect(plan.output).not.toContain("aws_s3_object.test_object");
  });

  it("plans the default lab's flow logs: a group and a flow log per VPC, one role and policy, three saved queries", () => {
    const plan = plans.get("default-offline")!;
    for (const address of [
      "aws_cloudwatch_log_group.vpc1_flow_logs",
      "aws_cloudwatch_log_group.vpc2_flow_logs",
      "aws_flow_log.vpc1",
      "aws_flow_log.vpc2",
      "aws_iam_role.flow_logs",
      "aws_iam_role_policy.flow_logs",
      "aws_cloudwatch_query_definition.top_byte_transfers",
      "aws_cloudwatch_query_definition.rejected_traffic",
      "aws_cloudwatch_query_definition.peered_vpc_traffic",
    ]) {
      expect(plan.output).toContain(`# ${address} will be created`);
    }
    // The trust policy's conditions, rendered by aws_iam_policy_document offline.
    expect(plan.output).toContain('"arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"');
  });

  it("plans a lab in two regions and two accounts in one apply: peerings requested, accepted and given DNS options across them", () => {
    const plan = plans.get("regions-accounts-endpoint-offline")!;
    for (const address of [
      "aws_vpc.vpc4",
      "aws_vpc_peering_connection.vpc1_vpc4",
      "aws_vpc_peering_connection_accepter.vpc1_vpc4",
      "aws_vpc_peering_connection_options.vpc1_vpc4_requester",
      "aws_vpc_peering_connection_options.vpc1_vpc4_accepter",
      "aws_route.vpc4_to_vpc1",
      "aws_iam_role.flow_logs-shared",
      "aws_cloudwatch_query_definition.top_byte_transfers-shared_eu-west-1",
      "aws_vpc_endpoint.vpc3_s3",
    ]) {
      expect(plan.output).toContain(`# ${address} will be created`);
    }
    expect(plan.output).toMatch(/peer_owner_id\s+= "210987654321"\n\s+\+ peer_region\s+= "eu-west-1"/);
    // An S3 gateway endpoint reaches only its own region's buckets: none in eu-west-1.
    expect(plan.output).not.toContain("aws_vpc_endpoint.vpc2_s3");
  });

  it("plans an Instance Connect Endpoint per VPC and no Elastic IP in endpoint mode", () => {
    const plan = plans.get("regions-accounts-endpoint-offline")!;
    for (const name of ["vpc1", "vpc2", "vpc3", "vpc4"]) {
      expect(plan.output).toContain(`# aws_ec2_instance_connect_endpoint.${name} will be created`);
    }
    expect(plan.output).not.toContain("aws_eip.");
    expect(plan.output).toMatch(/preserve_client_ip\s+= false/);
  });

  it("plans a custom flow log format as literal ${field} text, REJECT only, with queries that parse it", () => {
    const plan = plans.get("variants-offline")!;
    expect(plan.output).toMatch(/log_format\s+= "\$\{action\} \$\{srcaddr\} \$\{dstaddr\}/);
    expect(plan.output).toMatch(/traffic_type\s+= "REJECT"/);
    expect(plan.output).toContain('parse @message "* * * * * * * * * *" as action, srcAddr, dstAddr');
  });
});
