/**
 * Golden labs: the default lab and a dozen varied ones whose synthesized `cdk.tf.json` and
 * `lab-intent.json` are pinned under `test-support/golden/`. A refactoring must leave them
 * byte-identical; an intended change regenerates them explicitly (`UPDATE_GOLDEN=1`) and shows up
 * in the diff of the commit.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLabConfigs } from "../src/config";
import { INTENT_FILE } from "../src/analysis/intent";
import { synthesizeLabs } from "../src/synth/synthesize-lab";
import { multiRegionLab, SHARED_ACCOUNT } from "./multi-region-lab";
import { CONSOLE_BUILT_VPC_IDS, vpcConfig } from "./synth-lab";

/** Where the pinned outputs live: `<lab>/<stack>/cdk.tf.json` and `<lab>/<stack>/lab-intent.json`. */
export const GOLDEN_DIR = join(__dirname, "golden");

/** Set to `1` to rewrite the pinned outputs from today's code (an intended change). */
export const UPDATE_GOLDEN_ENV_VAR = "UPDATE_GOLDEN";

/** The golden labs by name: each a LAB_CONFIG document (overrides of the default lab). */
export const GOLDEN_LABS: Readonly<Record<string, Record<string, unknown>>> = {
  default: {},
  "regions-accounts": multiRegionLab(),
  "regions-accounts-offline": multiRegionLab({
    offline: true,
    offlineValues: {
      accountId: "111122223333",
      regions: {
        "eu-west-1": {
          instanceConnectPrefixListId: "pl-0a1b2c3d4e5f60718",
          amiIds: { x86_64: "ami-0aaaaaaaaaaaaaaa1", arm64: "ami-0bbbbbbbbbbbbbbb2" },
        },
      },
    },
  }),
  "endpoint-mode": {
    name: "eice-lab",
    instanceConnect: "endpoint",
    vpcs: [vpcConfig("vpc1", 1, { instance: { type: "t4g.small" } }), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3, { instance: false })],
  },
  "endpoint-mode-regions-offline": multiRegionLab({
    name: "eice-regions",
    instanceConnect: "endpoint",
    offline: true,
    offlineValues: { regions: { "eu-west-1": { amiIds: { arm64: "ami-0ccccccccccccccc3" } } } },
    vpcs: [
      vpcConfig("vpc1", 1),
      vpcConfig("vpc2", 2, { region: "eu-west-1", instance: { type: "m7g.medium" } }),
      vpcConfig("vpc3", 3, { account: "shared" }),
      vpcConfig("vpc4", 4, { account: "shared", region: "eu-west-1" }),
    ],
  }),
  "s3-backend": {
    name: "team-lab",
    backend: {
      type: "s3",
      bucket: "team-lab-state",
      key: "labs/team-lab.tfstate",
      region: "eu-central-1",
      kmsKeyId: "alias/terraform-state",
      roleArn: "arn:aws:iam::123456789012:role/state-writer",
    },
  },
  "cloud-backend": {
    name: "cloud-lab",
    backend: { type: "cloud", organization: "acme", workspaceTags: ["vpc-lab", "networking"], project: "labs" },
  },
  environments: {
    name: "envlab",
    backend: { type: "s3", bucket: "envlab-state", useLockfile: false },
    environments: {
      dev: {},
      prod: {
        region: "eu-west-1",
        instanceConnect: "endpoint",
        vpcs: [vpcConfig("app", 10), vpcConfig("data", 11), vpcConfig("edge", 12)],
        backend: { key: "prod/terraform.tfstate" },
      },
    },
  },
  renames: {
    name: "renamed-lab",
    previousNames: ["first-lab"],
    vpcs: [vpcConfig("web", 1, { previousNames: ["vpc1"] }), vpcConfig("db", 2, { previousNames: ["vpc2", "data"] }), vpcConfig("vpc3", 3)],
    peerings: [
      { requester: "web", accepter: "db" },
      { requester: "db", accepter: "vpc3" },
    ],
  },
  imports: {
    name: "adopted",
    vpcs: [
      vpcConfig("vpc1", 1, {
        import: CONSOLE_BUILT_VPC_IDS,
      }),
      vpcConfig("vpc2", 2, { import: { vpc: "vpc-01234567" } }),
    ],
    peerings: [{ requester: "vpc1", accepter: "vpc2", import: "pcx-0123456789abcdef0" }],
    s3: { import: { bucket: "adopted-lab-bucket" } },
  },
  "flow-log-format": {
    name: "flows",
    vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3)],
    flowLogs: {
      vpcs: ["vpc3", "vpc1"],
      trafficType: "REJECT",
      retentionDays: 30,
      maxAggregationInterval: 600,
      logFormat:
        "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${pkt-srcaddr} ${pkt-dstaddr}",
    },
  },
  "offline-principals": {
    name: "offline-lab",
    region: "eu-west-2",
    offline: true,
    offlineValues: {
      accountId: "444455556666",
      terraformPrincipalArn: "arn:aws:iam::444455556666:role/ci-terraform",
      instanceConnectPrefixListId: "pl-0123456789abcdef0",
    },
    tags: { Owner: "network-team", constructor: "tag-named-constructor" },
    sshCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
    vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3)],
    peerings: [
      { requester: "vpc1", accepter: "vpc2" },
      { requester: "vpc2", accepter: "vpc3" },
    ],
    s3: {
      bucketName: "offline-lab-bucket-4444",
      endpointVpcs: ["vpc2", "vpc1"],
      endpointPolicy: "full-access",
      adminPrincipalArns: ["arn:aws:iam::444455556666:user/alice", "arn:aws:iam::444455556666:role/Admin"],
      forceDestroy: true,
      testObject: false,
    },
    expect: [{ from: "vpc1", to: "vpc3", protocol: "icmp", reachable: false }],
    analysis: { strict: true },
  },
  minimal: {
    name: "bare",
    region: "ap-southeast-2",
    vpcs: [
      vpcConfig("alpha", 20, { availabilityZone: "ap-southeast-2b", instance: { type: "t3.small", amiId: "ami-0123456789abcdef0" } }),
      vpcConfig("beta", 21, { instance: false }),
    ],
    s3: false,
    flowLogs: false,
  },
  "accounts-deny-all": {
    name: "deny-lab",
    accounts: { ...SHARED_ACCOUNT, audit: { roleArn: "arn:aws:iam::999988887777:role/lab" } },
    vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2, { account: "shared" }), vpcConfig("vpc3", 3, { account: "audit" })],
    s3: { endpointPolicy: "deny-all" },
  },
};

/** A pinned output: the path under {@link GOLDEN_DIR} and the text. */
export interface GoldenFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Synthesizes one golden lab with the real synth (validation, stacks, intent) into a scratch
 * directory, and returns each stack's `cdk.tf.json` and `lab-intent.json`.
 */
export function synthesizeGolden(lab: string): GoldenFile[] {
  const document = GOLDEN_LABS[lab];
  if (document === undefined) throw new Error(`no golden lab named ${lab}`);
  const outdir = mkdtempSync(join(tmpdir(), "golden-"));
  try {
    const synthesized = synthesizeLabs(parseLabConfigs(document, `golden lab ${lab}`), { outdir, hcl: false });
    return synthesized.flatMap(({ stackName }) =>
      ["cdk.tf.json", INTENT_FILE].map((file) => ({
        path: join(lab, stackName, file),
        text: readFileSync(join(outdir, "stacks", stackName, file), "utf8"),
      })),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The pinned files of a golden lab, as stored. */
export function storedGolden(lab: string): GoldenFile[] {
  const root = join(GOLDEN_DIR, lab);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .flatMap((stack) =>
      readdirSync(join(root, stack))
        .sort()
        .map((file) => ({ path: join(lab, stack, file), text: readFileSync(join(root, stack, file), "utf8") })),
    );
}

/** Rewrites a golden lab's pinned files (only under `UPDATE_GOLDEN=1`). */
export function writeGolden(lab: string, files: readonly GoldenFile[]): void {
  rmSync(join(GOLDEN_DIR, lab), { recursive: true, force: true });
  for (const file of files) {
    const path = join(GOLDEN_DIR, file.path);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, file.text);
  }
}
