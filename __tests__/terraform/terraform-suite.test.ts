/**
 * The real-Terraform suite: the hashicorp/aws provider itself checks what we synthesize.
 * `terraform validate` for every case, and an offline `terraform plan` (fake credentials, no data
 * source that calls AWS) for the offline ones. Skipped with a notice where terraform is missing,
 * unless REQUIRE_TERRAFORM=1 (CI), where a missing terraform fails the suite.
 */
import type { TerraformRun } from "../../test-support/terraform-harness";
import { runLimited, TerraformHarness, terraformUnavailableReason } from "../../test-support/terraform-harness";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { vpcConfig } from "../../test-support/synth-lab";

/** One configuration the real provider must accept. */
interface TerraformCase {
  readonly name: string;
  readonly overrides: Record<string, unknown>;
  /** Run an offline plan too (the config must be offline). */
  readonly plan: boolean;
  /** Synthesize HCL (the `cdktf synth --hcl` exit path) instead of JSON. @default false */
  readonly hcl?: boolean;
}

const vpc = vpcConfig;

export const TERRAFORM_CASES: readonly TerraformCase[] = [
  { name: "default-offline", overrides: { offline: true }, plan: true },
  {
    name: "three-vpcs-offline",
    overrides: {
      offline: true,
      vpcs: [vpc("vpc1", 1), vpc("vpc2", 2), vpc("vpc3", 3)],
      sshCidrs: ["203.0.113.7/32"],
      s3: { endpointPolicy: "full-access" },
    },
    plan: true,
  },
  {
    // Every option away from its default in one planned case (each plan costs ~5 s): the lab's
    // deny-all endpoint experiment in vpc1 only, a named bucket, no test object, admins; and flow
    // logs of REJECTs only, 10-minute aggregation, and a custom format whose ${field} tokens must
    // reach Terraform escaped.
    name: "variants-offline",
    overrides: {
      offline: true,
      s3: {
        endpointPolicy: "deny-all",
        endpointVpcs: ["vpc1"],
        bucketName: "tf-suite-lab-bucket-example",
        forceDestroy: true,
        testObject: false,
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:user/alice"],
      },
      flowLogs: {
        vpcs: "all",
        trafficType: "REJECT",
        maxAggregationInterval: 600,
        retentionDays: 30,
        logFormat: "${action} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${vpc-id} ${tcp-flags}",
      },
    },
    plan: true,
  },
  // Issue 13 in one planned case (each plan costs ~5 s): VPCs in two regions and two accounts, so
  // three provider aliases beside the default, every pair peered across them, and private
  // instances reached through EC2 Instance Connect Endpoints.
  { name: "regions-accounts-endpoint-offline", overrides: multiRegionLab({ offline: true, instanceConnect: "endpoint" }), plan: true },
  // Online, the other accounts' aliases assume their role, and lookups run per context; as JSON
  // and as HCL (where each resource names its provider alias).
  ...[false, true].map((hcl) => ({ name: `regions-accounts-online${hcl ? "-hcl" : ""}`, overrides: multiRegionLab(), plan: false, hcl })),
  { name: "default-online", overrides: {}, plan: false },
  // Names that once collided as construct IDs, and a tag key (`__proto__`) that cdktf's resolver
  // would drop, written as a jsondecode expression: the provider must read both, as JSON and HCL.
  ...[false, true].map((hcl) => ({
    name: `hostile-names-online${hcl ? "-hcl" : ""}`,
    overrides: {
      vpcs: [vpc("app", 1), vpc("db", 2), vpc("app-db", 3), vpc("instances", 4, { instance: false })],
      tags: JSON.parse('{"__proto__": "kept", "Owner": "me@example.com"}') as Record<string, string>,
    },
    plan: false,
    hcl,
  })),
  { name: "default-online-hcl", overrides: {}, plan: false, hcl: true },
  // Team features, as JSON and as HCL: an S3 backend with native locking (use_lockfile, added by
  // override), a renamed VPC (moved blocks) and hand-built resources (import blocks); and HCP
  // Terraform's cloud block, by workspace name and by tags.
  ...[false, true].map((hcl) => ({
    name: `teams-s3-renames-imports${hcl ? "-hcl" : ""}`,
    overrides: {
      backend: { type: "s3", bucket: "team-state-bucket", kmsKeyId: "alias/terraform-state" },
      vpcs: [
        vpc("vpc1", 1, {
          import: { vpc: "vpc-0123456789abcdef0", securityGroup: "sg-0123456789abcdef0", instance: "i-0123456789abcdef0" },
        }),
        vpc("app", 2, { previousNames: ["vpc2"] }),
      ],
      peerings: [{ requester: "vpc1", accepter: "app", import: "pcx-0123456789abcdef0" }],
      s3: { import: { bucket: "console-made-lab-bucket" } },
    },
    plan: false,
    hcl,
  })),
  ...[false, true].map((hcl) => ({
    name: `teams-cloud${hcl ? "-hcl" : ""}`,
    overrides: {
      backend: hcl
        ? { type: "cloud", organization: "acme", workspaceTags: ["vpc-lab"] }
        : { type: "cloud", organization: "acme", workspace: "vpc-lab", project: "networking" },
    },
    plan: false,
    hcl,
  })),
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
      "aws_vpc_endpoint.vpc3_s3",
      "aws_iam_instance_profile.vpc3_instance",
    ]) {
      expect(plan.output).toContain(`# ${address} will be created`);
    }
    expect(plan.output).toMatch(/Sid\s+= "AllowAllS3"/);
  });

  it("plans the default lab's bucket, its hardening and policy, and an endpoint, a role and a profile per VPC", () => {
    const plan = results.get("default-offline")!.plan!;
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
    const plan = results.get("variants-offline")!.plan!;
    expect(plan.output).toMatch(/Sid\s+= "DenyAllS3"/);
    expect(plan.output).toContain("# aws_vpc_endpoint.vpc1_s3 will be created");
    expect(plan.output).not.toContain("aws_vpc_endpoint.vpc2_s3");
    expect(plan.output).toMatch(/bucket\s+= "tf-suite-lab-bucket-example"/);
    expect(plan.output).not.toContain("aws_s3_object.test_object");
  });

  it("plans the default lab's flow logs: a group and a flow log per VPC, one role and policy, three saved queries", () => {
    const plan = results.get("default-offline")!.plan!;
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
    const plan = results.get("regions-accounts-endpoint-offline")!.plan!;
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
    const plan = results.get("regions-accounts-endpoint-offline")!.plan!;
    for (const name of ["vpc1", "vpc2", "vpc3", "vpc4"]) {
      expect(plan.output).toContain(`# aws_ec2_instance_connect_endpoint.${name} will be created`);
    }
    expect(plan.output).not.toContain("aws_eip.");
    expect(plan.output).toMatch(/preserve_client_ip\s+= false/);
  });

  it("plans a custom flow log format as literal ${field} text, REJECT only, with queries that parse it", () => {
    const plan = results.get("variants-offline")!.plan!;
    expect(plan.output).toMatch(/log_format\s+= "\$\{action\} \$\{srcaddr\} \$\{dstaddr\}/);
    expect(plan.output).toMatch(/traffic_type\s+= "REJECT"/);
    expect(plan.output).toContain('parse @message "* * * * * * * * * *" as action, srcAddr, dstAddr');
  });
});
