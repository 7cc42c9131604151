/**
 * The emulator harness that the rehearsal and later suites build on: start and stop, seeding,
 * boto3 scripts, and an inventory that sees what exists and forgets what was deleted.
 */
import { Emulator } from "../../src/rehearsal/emulator";
import type { InventoryRecord } from "../../src/rehearsal/emulator-inventory";
import { INVENTORY_SCRIPT, labRecords } from "../../src/rehearsal/emulator-inventory";
import { seedEmulator } from "../../src/rehearsal/emulator-seeds";
import { describeWithEmulator } from "../../test-support/emulator";

const region = "us-east-1";

describeWithEmulator()("the emulator harness", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await Emulator.start();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it("serves on a loopback port it picked", () => {
    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.owned).toBe(true);
  });

  it("is seeded with the Instance Connect prefix list once, however often the seed runs", async () => {
    expect(await seedEmulator(emulator, region)).toEqual([expect.stringMatching(/ec2-instance-connect: created \(pl-/)]);
    expect(await seedEmulator(emulator, region)).toEqual([expect.stringMatching(/ec2-instance-connect: present \(pl-/)]);
  });

  it("lists a resource made by hand with boto3 in its inventory, and no longer once it is deleted", async () => {
    const created = await emulator.boto3(
      `import boto3
ec2 = boto3.client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.99.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Project", "Value": "by-hand"}]}])
print(vpc["Vpc"]["VpcId"])`,
      region,
    );
    expect(created.stderr).toBe("");
    const vpcId = created.stdout.trim();
    const lab = { ids: new Set([vpcId]), projectTag: "by-hand" };
    expect(labRecords(await emulator.inventory(region), lab).map((record) => record.kind)).toEqual(["ec2 Vpc"]);

    const deleted = await emulator.boto3(`import boto3, sys\nboto3.client("ec2").delete_vpc(VpcId=sys.argv[1])`, region, [vpcId]);
    expect(deleted.ok).toBe(true);
    expect(labRecords(await emulator.inventory(region), lab)).toEqual([]);
  });

  it("leaves out what another lab deletes between the listing and the details, and still fails on any other error", async () => {
    const made = await emulator.boto3(
      `import boto3
iam, s3, logs = boto3.client("iam"), boto3.client("s3"), boto3.client("logs")
trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
for name in ("vanishing-role", "staying-role", "denied-role"): iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
s3.create_bucket(Bucket="vanishing-bucket")
logs.create_log_group(logGroupName="vanishing-group")`,
      region,
    );
    expect(made.stderr).toBe("");
    // The emulator answers each detail call as AWS does once the resource was deleted after its listing.
    const vanishing = (extra: string) => `import botocore.client
from botocore.exceptions import ClientError
real = botocore.client.BaseClient._make_api_call
VANISHED = [("ListRolePolicies", "RoleName", "vanishing-role", "NoSuchEntity"), ("ListObjectVersions", "Bucket", "vanishing-bucket", "NoSuchBucket"),
        ("ListTagsForResource", "resourceArn", "log-group:vanishing-group", "ResourceNotFoundException")${extra}]
def make_api_call(self, operation, params):
    for name, key, value, code in VANISHED:
        if operation == name and str(params.get(key, "")).endswith(value): raise ClientError({"Error": {"Code": code, "Message": "gone"}}, operation)
    return real(self, operation, params)
botocore.client.BaseClient._make_api_call = make_api_call
${INVENTORY_SCRIPT}`;
    const read = await emulator.boto3(vanishing(""), region);
    expect(read.stderr).toBe("");
    const ids = (JSON.parse(read.stdout) as InventoryRecord[]).flatMap((record) => record.ids);
    expect(ids.filter((id) => id.includes("vanishing"))).toEqual([]);
    expect(ids).toContain("staying-role");

    const denied = await emulator.boto3(vanishing(', ("ListRolePolicies", "RoleName", "denied-role", "AccessDenied")'), region);
    expect(denied.ok).toBe(false);
    expect(denied.stderr).toMatch(/AccessDenied/);
  });

  it("stops the server it started", async () => {
    const second = await Emulator.start();
    await second.stop();
    await expect(fetch(second.endpoint, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
