/**
 * Team workflows proved on the emulator (issue 10): state in S3 with native locking, renames of
 * a VPC and of the lab that replace nothing, and a lab built by hand with boto3 adopted through
 * import blocks. Each lab is the rehearsal target (the real online synth pointed at the emulator);
 * where a test needs the real synth's backend or import blocks, it puts them back from
 * `stateLocationOf` and the synthesized JSON, so that what is proved is what users get.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LabConfig } from "../../src/config";
import { parseLabConfig } from "../../src/config";
import { stateLocationOf } from "../../src/config/backend";
import { EMULATOR_CREDENTIALS, emulatorClientEnv } from "../../src/rehearsal/emulator";
import { synthesizeRehearsal } from "../../src/rehearsal/rehearsal-target";
import { TerraformRunner, terraformCommand } from "../../src/rehearsal/terraform-runner";
import { synthesizeLab } from "../../src/synth/synthesize-lab";
import type { SuiteEmulator } from "../../test-support/emulator";
import { describeWithEmulator, startSuiteEmulator } from "../../test-support/emulator";
import { vpcConfig } from "../../test-support/synth-lab";

const region = "us-east-1";

type Json = Record<string, unknown> & { terraform: Record<string, unknown> };

/** Rewrites a synthesized stack file in place. */
function editStack(path: string, edit: (json: Json) => void): void {
  const json = JSON.parse(readFileSync(path, "utf8")) as Json;
  edit(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}

/** "Plan: 3 to import, 0 to add, 5 to change, 0 to destroy." as numbers (missing counts are 0). */
function planCounts(output: string): { import: number; add: number; change: number; destroy: number } {
  const line = /Plan: (.*)\./.exec(output)?.[1] ?? "";
  const count = (what: string) => Number(new RegExp(`(\\d+) to ${what}`).exec(line)?.[1] ?? 0);
  return { import: count("import"), add: count("add"), change: count("change"), destroy: count("destroy") };
}

describeWithEmulator()("team workflows on the emulator", () => {
  let suite: SuiteEmulator;

  beforeAll(async () => {
    suite = await startSuiteEmulator([region]);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  /** Terraform in a stack directory, against the suite's emulator, with a log and a data directory in `dir`. */
  function runnerIn(dir: string, stackDir: string): TerraformRunner {
    return new TerraformRunner({
      dir: stackDir,
      endpoint: suite.emulator.endpoint,
      region,
      logFile: join(dir, "terraform.log"),
      dataDir: join(dir, "terraform-data"),
    });
  }

  /** The rehearsal target of `config` in `dir`, with the real synth's local state path put back. */
  function rehearsalWithRealStatePath(config: LabConfig, dir: string): { runner: TerraformRunner; stackFile: string } {
    const target = synthesizeRehearsal(config, { outdir: join(dir, "cdktf.out"), endpoint: suite.emulator.endpoint });
    const location = stateLocationOf(config);
    if (location.type !== "local") throw new Error("expected a local state location");
    const stackFile = join(target.stackDir, "cdk.tf.json");
    // The path the real synth writes, relative to the stack directory: here it lands in `dir`.
    editStack(stackFile, (json) => (json.terraform.backend = { local: { path: `../../../${location.path}` } }));
    const runner = runnerIn(dir, target.stackDir);
    return { runner, stackFile };
  }

  it("keeps state in S3 with native locking: init and plan work, and a second plan meanwhile fails on the lock", async () => {
    const dir = join(suite.workDir, "s3-backend");
    mkdirSync(dir, { recursive: true });
    const created = await suite.emulator.boto3('import boto3\nboto3.client("s3").create_bucket(Bucket="team-state")', region);
    expect(created.stderr).not.toMatch(/Error/);

    const config = parseLabConfig({ name: "state-lab", backend: { type: "s3", bucket: "team-state" } }, "s3-backend");
    // What users get: the real synth's backend block, with use_lockfile added by override.
    const real = synthesizeLab(config, { outdir: join(dir, "real") });
    const backend = (real.terraform as unknown as Json).terraform.backend as { s3: Record<string, unknown> };
    expect(backend.s3).toMatchObject({ bucket: "team-state", key: "state-lab/terraform.tfstate", use_lockfile: true, encrypt: true });

    const target = synthesizeRehearsal(config, { outdir: join(dir, "cdktf.out"), endpoint: suite.emulator.endpoint });
    editStack(join(target.stackDir, "cdk.tf.json"), (json) => {
      json.terraform.backend = {
        s3: {
          ...backend.s3,
          // Only what reaching the emulator needs is added.
          endpoints: { s3: suite.emulator.endpoint, sts: suite.emulator.endpoint, iam: suite.emulator.endpoint },
          use_path_style: true,
          access_key: EMULATOR_CREDENTIALS.accessKeyId,
          secret_key: EMULATOR_CREDENTIALS.secretAccessKey,
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      };
    });
    const runner = runnerIn(dir, target.stackDir);
    const init = await runner.init();
    expect(init.stdout).toMatch(/Successfully configured the backend "s3"/);
    expect(init.code).toBe(0);
    const plan = await runner.plan();
    expect(plan.stderr).not.toMatch(/Error/);
    expect(plan.code).toBe(2);

    // An apply waiting for its "yes" holds the lock: a plan meanwhile must fail at once.
    const env = {
      ...emulatorClientEnv(suite.emulator.endpoint, region),
      TF_DATA_DIR: join(dir, "terraform-data"),
      TF_CLI_CONFIG_FILE: "/dev/null",
    };
    const holder: ChildProcess = spawn(terraformCommand, ["apply", "-no-color"], {
      cwd: target.stackDir,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = "";
        holder.stdout!.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          if (/Enter a value:/.test(seen)) resolve();
        });
        holder.once("exit", (code) => reject(new Error(`apply ended (${code}) before asking: ${seen}`)));
      });
      const objects = await suite.emulator.boto3(
        'import boto3\nprint("\\n".join(o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket="team-state").get("Contents", [])))',
        region,
      );
      expect(objects.stdout).toContain("state-lab/terraform.tfstate.tflock");
      const second = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(terraformCommand, ["plan", "-lock-timeout=0", "-input=false", "-no-color"], { cwd: target.stackDir, env });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("close", (code) => resolve({ code, output }));
      });
      expect(second.output).toMatch(/Error acquiring the state lock/);
      expect(second.code).toBe(1);
    } finally {
      holder.stdin!.end("no\n");
      await new Promise((resolve) => holder.once("close", resolve));
    }
  });

  it("renames a VPC and then the lab with moves and in-place changes only, applies them, and re-plans clean", async () => {
    const dir = join(suite.workDir, "renames");
    mkdirSync(dir, { recursive: true });
    const lab = { flowLogs: { vpcs: "all" }, s3: { testObject: false } };
    const original = parseLabConfig({ ...lab, name: "move-lab" }, "original");
    const first = rehearsalWithRealStatePath(original, dir);
    expect((await first.runner.init()).code).toBe(0);
    const applied = await first.runner.apply();
    expect(applied.stderr).not.toMatch(/Error/);

    // Step 1: vpc2 becomes app.
    const vpcRenamed = parseLabConfig(
      { ...lab, name: "move-lab", vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc2"] })] },
      "vpc renamed",
    );
    const second = rehearsalWithRealStatePath(vpcRenamed, dir);
    const plan = await second.runner.plan();
    expect(plan.stderr).not.toMatch(/Error/);
    expect(plan.stdout).toContain("# aws_vpc.vpc2 has moved to aws_vpc.app");
    expect(plan.stdout).toContain("# aws_vpc_peering_connection.vpc1_vpc2 has moved to aws_vpc_peering_connection.vpc1_app");
    expect(planCounts(plan.stdout)).toMatchObject({ add: 0, destroy: 0 });
    expect((await second.runner.apply()).stderr).not.toMatch(/Error/);
    const clean = await second.runner.plan();
    expect(clean.stdout).toMatch(/No changes/);
    expect(clean.code).toBe(0);

    // Step 2: the lab itself becomes team-lab; its state stays where it was.
    const labRenamed = parseLabConfig(
      {
        ...lab,
        name: "team-lab",
        previousNames: ["move-lab"],
        vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc2"] })],
      },
      "lab renamed",
    );
    const third = rehearsalWithRealStatePath(labRenamed, dir);
    expect((await third.runner.init()).code).toBe(0);
    const labPlan = await third.runner.plan();
    expect(labPlan.stderr).not.toMatch(/Error/);
    expect(planCounts(labPlan.stdout)).toMatchObject({ add: 0, destroy: 0 });
    expect((await third.runner.apply()).stderr).not.toMatch(/Error/);
    const labClean = await third.runner.plan();
    expect(labClean.stdout).toMatch(/No changes/);
    expect(labClean.code).toBe(0);
    expect((await third.runner.destroy({ refresh: false })).stderr).not.toMatch(/Error/);
  });

  it("adopts a lab built by hand with boto3 through import blocks, replacing only what docs/teams.md says", async () => {
    const dir = join(suite.workDir, "imports");
    mkdirSync(dir, { recursive: true });
    // The lab's steps, as a learner clicks them in the console: two VPCs with a public subnet, an
    // internet gateway and a route table each, a peering with routes, a security group with the
    // ICMP rule, an instance with an Elastic IP in each, and a bucket.
    const built = await suite.emulator.boto3(
      `import boto3, json
ec2 = boto3.client("ec2")
ssm = boto3.client("ssm")
ami = ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")["Parameter"]["Value"]
ids = {}
for n in (1, 2):
    vpc = ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{n}.0.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
    sg = ec2.create_security_group(GroupName=f"launch-wizard-{n}", Description=f"launch-wizard-{n} created by hand", VpcId=vpc)["GroupId"]
    other = 3 - n
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": f"10.{other}.0.0/16"}]}])
    instance = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet, SecurityGroupIds=[sg],
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "VolumeType": "gp3", "Encrypted": n == 1}}],
        MetadataOptions={"HttpTokens": "required"})["Instances"][0]["InstanceId"]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=eip, InstanceId=instance)
    ids[f"vpc{n}"] = dict(vpc=vpc, subnet=subnet, internetGateway=igw, routeTable=rtb, securityGroup=sg, instance=instance, eip=eip)
pcx = ec2.create_vpc_peering_connection(VpcId=ids["vpc1"]["vpc"], PeerVpcId=ids["vpc2"]["vpc"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
ec2.create_route(RouteTableId=ids["vpc1"]["routeTable"], DestinationCidrBlock="10.2.0.0/16", VpcPeeringConnectionId=pcx)
ec2.create_route(RouteTableId=ids["vpc2"]["routeTable"], DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx)
boto3.client("s3").create_bucket(Bucket="nextwork-vpc-lab-by-hand")
print(json.dumps(dict(ids=ids, pcx=pcx)))`,
      region,
    );
    expect(built.stderr).not.toMatch(/Error/);
    const { ids, pcx } = JSON.parse(built.stdout) as { ids: Record<string, Record<string, string>>; pcx: string };

    const config = parseLabConfig(
      {
        name: "adopted-lab",
        flowLogs: false,
        vpcs: [vpcConfig("vpc1", 1, { import: ids.vpc1 }), vpcConfig("vpc2", 2, { import: ids.vpc2 })],
        peerings: [{ requester: "vpc1", accepter: "vpc2", import: pcx }],
        s3: { import: { bucket: "nextwork-vpc-lab-by-hand" }, testObject: false },
      },
      "adopted",
    );
    const target = rehearsalWithRealStatePath(config, dir);
    // The rehearsal leaves import blocks out (what they adopt exists in an AWS account, not in
    // the emulator); here the emulator holds them, so the real synth's blocks go back in.
    const real = synthesizeLab(config, { outdir: join(dir, "real") });
    editStack(target.stackFile, (json) => (json.import = (real.terraform as unknown as Json).import));
    expect((await target.runner.init()).code).toBe(0);
    const plan = await target.runner.plan();
    expect(plan.stderr).not.toMatch(/Error/);
    const replaced = [...plan.stdout.matchAll(/# (\S+) must be replaced/g)].map((match) => match[1]!).sort();
    const added = [...plan.stdout.matchAll(/# (\S+) will be created/g)].map((match) => match[1]!).sort();
    const updated = [...plan.stdout.matchAll(/# (\S+) will be updated in-place/g)].map((match) => match[1]!).sort();
    console.log(
      `import plan: ${JSON.stringify(planCounts(plan.stdout))}\nreplaced: ${replaced.join(", ") || "none"}\nupdated: ${updated.join(", ")}\ncreated: ${added.join(", ")}`,
    );
    // 7 per VPC, the peering and the bucket; and what the console made beside them: each VPC's
    // default route and association, and the two routes through the peering.
    expect(planCounts(plan.stdout)).toMatchObject({ import: 22, destroy: replaced.length });
    expect(added.filter((address) => /^aws_(route|route_table_association)\./.test(address))).toEqual([]);
    // What docs/teams.md's "Adopting what was built by hand" says is replaced, and nothing else.
    expect(replaced).toEqual(EXPECTED_REPLACEMENTS);
    const applied = await target.runner.apply();
    expect(applied.stderr).not.toMatch(/Error/);
    const clean = await target.runner.plan();
    expect(clean.stdout).toMatch(/No changes/);
  });
});

/**
 * The replacements docs/teams.md documents for a lab built by hand as above: vpc2's instance has an
 * unencrypted root volume, which EBS cannot encrypt in place.
 */
const EXPECTED_REPLACEMENTS: string[] = ["aws_instance.vpc2"];
