/**
 * The real-Terraform suite: the hashicorp/aws provider itself checks what we synthesize.
 * `terraform validate` for every case, and an offline `terraform plan` (fake credentials, no data
 * source that calls AWS) for the offline ones. Skipped with a notice where terraform is missing,
 * unless REQUIRE_TERRAFORM=1 (CI), where a missing terraform fails the suite.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve as resolvePath } from "node:path";
import { parseLabConfigs } from "../../src/config";
import { synthesizeLabs } from "../../src/synth/synthesize-lab";
import type { TerraformRun } from "../../test-support/terraform-harness";
import { pluginDir, runLimited, terraformBin, TerraformHarness, terraformUnavailableReason } from "../../test-support/terraform-harness";
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
const EXAMPLES_DIR = join(__dirname, "../../examples");

const VARIANTS_OFFLINE: Record<string, unknown> = {
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
};

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
    overrides: VARIANTS_OFFLINE,
    plan: true,
  },
  // Issue 13 in one planned case (each plan costs ~5 s): VPCs in two regions and two accounts, so
  // three provider aliases beside the default, every pair peered across them, and private
  // instances reached through EC2 Instance Connect Endpoints.
  { name: "regions-accounts-endpoint-offline", overrides: multiRegionLab({ offline: true, instanceConnect: "endpoint" }), plan: true },
  // The HCL hand-off, planned offline beside its JSON twin: the two plans must be identical.
  { name: "variants-offline-hcl", overrides: VARIANTS_OFFLINE, plan: true, hcl: true },
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

/** True when a stack directory holds blocks that only a root module may have (import, cloud). */
function rootModuleOnly(dir: string): boolean {
  const json = join(dir, "cdk.tf.json");
  if (existsSync(json)) {
    const parsed = JSON.parse(readFileSync(json, "utf8")) as { import?: unknown; terraform?: { cloud?: unknown } };
    return parsed.import !== undefined || parsed.terraform?.cloud !== undefined;
  }
  return /^(import| {2}cloud) \{$/m.test(readFileSync(join(dir, "cdk.tf"), "utf8"));
}

/** One stack directory terraform checks: a case's stack, or each stack of an example. */
interface TerraformUnit {
  readonly name: string;
  readonly dir: string;
  readonly plan: boolean;
  readonly hcl: boolean;
  /** Validated as a module of one shared root (one provider start for all). */
  readonly asModule: boolean;
}

/** What terraform said about one unit. */
interface UnitResult {
  readonly validate: TerraformRun;
  readonly plan?: TerraformRun;
  readonly fmt?: TerraformRun;
  /** For a unit validated as a module: the diagnostics in its files, bar the one a module's backend always draws. */
  readonly moduleDiagnostics?: string[];
}

/** Every example lab, each as JSON and as HCL (the hand-off a team commits for HCP Terraform's VCS flow). */
const EXAMPLE_CASES = exampleFiles().flatMap((file) => [false, true].map((hcl) => ({ file, hcl })));

(unavailable ? describe.skip : describe)("the synthesized Terraform, checked by terraform and the real AWS provider", () => {
  const harness = new TerraformHarness();
  const units: TerraformUnit[] = [];
  const results = new Map<string, UnitResult>();

  beforeAll(async () => {
    for (const testCase of TERRAFORM_CASES) {
      const hcl = testCase.hcl ?? false;
      const dir = harness.synth(testCase.name, testCase.overrides, hcl);
      units.push({ name: testCase.name, dir, plan: testCase.plan, hcl, asModule: !rootModuleOnly(dir) });
    }
    for (const { file, hcl } of EXAMPLE_CASES) {
      const configs = parseLabConfigs(readExample(file), `examples/${file}`);
      const outdir = join(harness.root, `example-${file}${hcl ? "-hcl" : ""}`);
      for (const lab of synthesizeLabs(configs, { outdir, hcl })) {
        const dir = dirname(lab.path);
        units.push({
          name: exampleUnitName(file, lab.stackName, configs.length, hcl),
          dir,
          plan: false,
          hcl,
          asModule: !rootModuleOnly(dir),
        });
      }
    }
    const initDir = units[0]!.dir;
    const init = await harness.init(initDir);
    if (!init.ok) throw new Error(`terraform init failed:\n${init.output}`);
    const modules = units.filter((unit) => unit.asModule);
    const validations = new Map<string, Pick<UnitResult, "validate" | "moduleDiagnostics">>();
    // Every stack that may be a module, as a module of one root: a single validate (one start of
    // the ~700 MB provider) checks them all, where one each would cost a terraform round apiece.
    const jobs: (() => Promise<void>)[] = [
      async () => {
        const validate = await validateAsModules(join(harness.root, "modules-root"), modules);
        const diagnostics = parseDiagnostics(validate);
        for (const unit of modules) {
          const mine = diagnostics
            .filter((diagnostic) => diagnostic.file === "" || diagnostic.file.startsWith(`${unit.dir}/`))
            // A backend is the root module's alone: in a module terraform ignores it, with this warning.
            .filter((diagnostic) => !(diagnostic.severity === "warning" && diagnostic.summary === "Backend configuration ignored"));
          validations.set(unit.name, { validate, moduleDiagnostics: mine.map((d) => `${d.severity}: ${d.summary} (${d.file})`) });
        }
      },
      // Stacks with import or cloud blocks (allowed in a root module only): a validate each.
      ...units
        .filter((unit) => !unit.asModule)
        .map((unit) => async () => {
          validations.set(unit.name, { validate: await harness.validate(unit.dir, initDir) });
        }),
      ...units
        .filter((unit) => unit.plan)
        .map((unit) => async () => {
          const plan = await harness.plan(unit.dir, initDir);
          results.set(unit.name, { ...results.get(unit.name)!, plan });
        }),
      ...units
        .filter((unit) => unit.hcl)
        .map((unit) => async () => {
          const fmt = await terraformFmtCheck(unit.dir);
          results.set(unit.name, { ...results.get(unit.name)!, fmt });
        }),
    ];
    await runLimited(jobs, 2);
    for (const [name, validation] of validations) results.set(name, { ...results.get(name), ...validation });
  }, 300_000);

  afterAll(() => harness.cleanUp());

  const validated = [
    ...TERRAFORM_CASES.map((testCase) => testCase.name),
    ...EXAMPLE_CASES.flatMap(({ file, hcl }) =>
      exampleStackNames(file).map((stack, _i, all) => exampleUnitName(file, stack, all.length, hcl)),
    ),
  ];

  it.each(validated.map((name) => [name]))("terraform validate accepts %s", (name) => {
    const result = results.get(name)!;
    if (result.moduleDiagnostics) {
      expect(result.moduleDiagnostics).toEqual([]);
      expect(result.validate.output).toContain('"valid": true');
    } else {
      expect(result.validate.output).toContain("The configuration is valid.");
      expect(result.validate.output).not.toMatch(/Warning/);
    }
    expect(result.validate.ok).toBe(true);
  });

  it.each(validated.filter((name) => name.endsWith("-hcl") || name.endsWith("(HCL)")).map((name) => [name]))(
    "terraform fmt -check passes %s unchanged",
    (name) => {
      const fmt = results.get(name)!.fmt!;
      expect(fmt.output).toBe(fmt.output.split("\n")[0]); // no diff, no file named
      expect(fmt.ok).toBe(true);
    },
  );

  it("plans the HCL hand-off exactly as its JSON twin (same resources, same values)", () => {
    const json = results.get("variants-offline")!.plan!;
    const hcl = results.get("variants-offline-hcl")!.plan!;
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

/** The example labs: every JSON file directly in examples/. */
function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort();
}

function readExample(file: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), "utf8"));
}

/** The stacks an example synthesizes (one per environment, else the lab). */
function exampleStackNames(file: string): string[] {
  return parseLabConfigs(readExample(file), `examples/${file}`).map((config) => config.name);
}

function exampleUnitName(file: string, stack: string, stacks: number, hcl: boolean): string {
  return `examples/${file}${stacks > 1 ? ` stack ${stack}` : ""} (${hcl ? "HCL" : "JSON"})`;
}

/**
 * `terraform validate -json` of a root module (in `rootDir`, with a data directory of its own)
 * that calls each unit's stack directory as a module.
 */
async function validateAsModules(rootDir: string, modules: readonly TerraformUnit[]): Promise<TerraformRun> {
  mkdirSync(rootDir, { recursive: true });
  const calls = modules.map((unit, index) => `module "stack_${index}" {\n  source = ${JSON.stringify(relative(rootDir, unit.dir))}\n}\n`);
  writeFileSync(join(rootDir, "main.tf"), calls.join("\n"));
  const init = await terraform(rootDir, ["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`]);
  if (!init.ok) return init;
  return terraform(rootDir, ["validate", "-json", "-no-color"]);
}

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  /** Absolute path of the file the diagnostic points at ("" when none). */
  readonly file: string;
}

/** The diagnostics of a `terraform validate -json` run, with their files made absolute. */
function parseDiagnostics(run: TerraformRun): Diagnostic[] {
  const cwd = /\(in (.*)\)\n/.exec(run.output)?.[1] ?? "";
  const body = run.output.slice(run.output.indexOf("\n") + 1);
  try {
    const parsed = JSON.parse(body) as { diagnostics: { severity: string; summary: string; range?: { filename: string } }[] };
    return parsed.diagnostics.map((d) => ({
      severity: d.severity,
      summary: d.summary,
      file: d.range ? resolvePath(cwd, d.range.filename) : "",
    }));
  } catch {
    return [{ severity: "error", summary: `terraform did not answer in JSON: ${body.slice(0, 2000)}`, file: "" }];
  }
}

/** `terraform fmt -check -diff` of a stack directory (no init needed); the output names every file it would change. */
function terraformFmtCheck(dir: string): Promise<TerraformRun> {
  return terraform(dir, ["fmt", "-check", "-diff", "-no-color"]);
}

/** Runs terraform in `dir` with a data directory of that directory's own (no credentials, no checkpoint call). */
function terraform(dir: string, args: string[]): Promise<TerraformRun> {
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: "/dev/null",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_DATA_DIR: join(dir, ".terraform-data"),
    AWS_PROFILE: "",
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "",
  };
  return new Promise((resolve) => {
    execFile(terraformBin, args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `$ terraform ${args.join(" ")} (in ${dir})${stdout || stderr ? `\n${stdout}${stderr}` : ""}` });
    });
  });
}
