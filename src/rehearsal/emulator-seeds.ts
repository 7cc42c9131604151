import type { Emulator } from "./emulator";

/** Something AWS has in every account and the emulator lacks, created in it before a rehearsal. */
export interface EmulatorSeed {
  /** What is created, for the rehearsal's report. */
  readonly describe: (region: string) => string;
  /** Why: what the lab reads that the emulator does not have. */
  readonly reason: string;
  /** A boto3 script that creates it unless it exists (idempotent: an emulator may be shared). */
  readonly script: string;
}

/**
 * The one place where the emulator is given what AWS has and it lacks. Each script gets the
 * region as `sys.argv[1]` (and another account's role as `sys.argv[2]`, to seed that account) and
 * prints one line of what it did.
 */
export const EMULATOR_SEEDS: readonly EmulatorSeed[] = [
  {
    describe: (region) => `managed prefix list com.amazonaws.${region}.ec2-instance-connect`,
    reason:
      "AWS publishes this list in every region (the console's EC2 Instance Connect addresses); moto 5.2.1 has the S3 one but not this one, so the lab's aws_ec2_managed_prefix_list lookup would find nothing",
    script: `
import sys, boto3
region = sys.argv[1]
if len(sys.argv) > 2:
    credentials = boto3.client("sts").assume_role(RoleArn=sys.argv[2], RoleSessionName="lab-seed")["Credentials"]
    boto3.setup_default_session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
name = f"com.amazonaws.{region}.ec2-instance-connect"
ec2 = boto3.client("ec2")
found = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [name]}])["PrefixLists"]
if found:
    print(f"{name}: present ({found[0]['PrefixListId']})")
else:
    # 18.206.107.24/29 is the us-east-1 block AWS publishes for the service (ip-ranges.json).
    created = ec2.create_managed_prefix_list(
        PrefixListName=name, AddressFamily="IPv4", MaxEntries=8, Entries=[{"Cidr": "18.206.107.24/29"}]
    )["PrefixList"]
    print(f"{name}: created ({created['PrefixListId']})")
`,
  },
];

/**
 * Creates every {@link EMULATOR_SEEDS} entry in `region` (of another account, through `roleArn`);
 * returns one line per seed. Throws with the script's error when one fails.
 */
export async function seedEmulator(emulator: Emulator, region: string, roleArn?: string): Promise<string[]> {
  const lines: string[] = [];
  for (const seed of EMULATOR_SEEDS) {
    const run = await emulator.boto3(seed.script, region, roleArn === undefined ? [region] : [region, roleArn]);
    if (!run.ok) {
      const lastLine = run.stderr.trim().split("\n").slice(-1)[0] ?? "";
      throw new Error(`seeding the emulator with the ${seed.describe(region)} failed: ${lastLine}`);
    }
    lines.push(run.stdout.trim());
  }
  return lines;
}
