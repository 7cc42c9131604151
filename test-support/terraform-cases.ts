/**
 * The labs the real-Terraform suites hand to terraform and the AWS provider: named cases on top of
 * the default lab (validated by __tests__/terraform/terraform-suite.test.ts in npm test, and planned
 * offline, those marked `plan`, by __tests__/terraform/offline-plans.plan.ts in npm run
 * test:terraform), and every example lab.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseLabConfigs } from "../src/config";
import { multiRegionLab } from "./multi-region-lab";
import { vpcConfig } from "./synth-lab";

/** One configuration the real provider must accept. */
export interface TerraformCase {
  readonly name: string;
  readonly overrides: Record<string, unknown>;
  /** Planned offline too, by the plan suite (the config must be offline). */
  readonly plan: boolean;
  /** Synthesize HCL (the `cdktf synth --hcl` exit path) instead of JSON. @default false */
  readonly hcl?: boolean;
}

const vpc = vpcConfig;
const EXAMPLES_DIR = join(__dirname, "../examples");

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

/** The example labs: every JSON file directly in examples/. */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort();
}

/** An example lab's parsed JSON. */
export function readExample(file: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), "utf8"));
}

/** The stacks an example synthesizes (one per environment, else the lab). */
export function exampleStackNames(file: string): string[] {
  return parseLabConfigs(readExample(file), `examples/${file}`).map((config) => config.name);
}

/** How the suites name one stack of an example, as JSON or HCL. */
export function exampleUnitName(file: string, stack: string, stacks: number, hcl: boolean): string {
  return `examples/${file}${stacks > 1 ? ` stack ${stack}` : ""} (${hcl ? "HCL" : "JSON"})`;
}
