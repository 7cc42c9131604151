/**
 * The emulator harness that the rehearsal and later suites build on: start and stop, seeding,
 * boto3 scripts, and an inventory that sees what exists and forgets what was deleted.
 */
import { Emulator } from "../../src/rehearsal/emulator";
import { labRecords } from "../../src/rehearsal/emulator-inventory";
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

  it("stops the server it started", async () => {
    const second = await Emulator.start();
    await second.stop();
    await expect(fetch(second.endpoint, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
