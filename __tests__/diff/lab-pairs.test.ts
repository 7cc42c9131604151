import { runDiff } from "../../src/diff/diff-cli";
import type { LabDiff, StackDiff } from "../../src/diff/stack-diff";
import { LabOutputs } from "../../test-support/lab-outputs";
import { vpcConfig } from "../../test-support/synth-lab";

// Each configuration is synthesized once, in-process, into a directory of its own, exactly as
// `npm run synth` writes cdktf.out; the diff then reads only those directories.
const outputs = new LabOutputs();
afterAll(() => outputs.remove());

/** The diff of two labs' outputs (each the default lab with overrides), as `--format json` prints it. */
function diffOf(base: Record<string, unknown>, head: Record<string, unknown>): { exitCode: number; diff: LabDiff } {
  const run = runDiff(["--base", outputs.of(base), "--format", "json"], { CDKTF_OUTDIR: outputs.of(head) });
  expect(run.stderr).toBe("");
  return { exitCode: run.exitCode, diff: JSON.parse(run.stdout) as LabDiff };
}

const only = (diff: LabDiff): StackDiff => {
  expect(diff.stacks).toHaveLength(1);
  return diff.stacks[0]!;
};
const paths = (s: StackDiff) => s.paths.map((p) => `${p.protocol} ${p.from} -> ${p.to}: ${p.before} -> ${p.after}`);
const nothingElse = { added: [], removed: [] };

const threeVpcs = {
  vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3)],
  peerings: [
    { requester: "vpc1", accepter: "vpc2" },
    { requester: "vpc2", accepter: "vpc3" },
  ],
};
const renamed = {
  vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc2"] })],
  peerings: [{ requester: "vpc1", accepter: "app" }],
};

describe("npm run diff over pairs of labs", () => {
  it("reports nothing and exits 0 for the same lab synthesized twice", () => {
    // `name` spelled out gives the same configuration, synthesized into another directory.
    const { exitCode, diff } = diffOf({}, { name: "vpc-lab" });
    expect(exitCode).toBe(0);
    expect(diff.breaking).toBe(false);
    expect(only(diff)).toEqual({
      stack: "vpc-lab",
      status: "unchanged",
      resources: { added: [], removed: [], changed: [], moved: [], imported: [] },
      paths: [],
      findings: nothingElse,
      dataLoss: [],
      pass: true,
      notes: [],
    });
  });

  it("lists a VPC and a peering added, with their new paths absent -> reachable (and the unpeered ones absent -> blocked), exit 0", () => {
    const { exitCode, diff } = diffOf({}, threeVpcs);
    const stack = only(diff);
    expect(exitCode).toBe(0);
    expect(stack.resources.added).toEqual(
      expect.arrayContaining(["aws_vpc.vpc3", "aws_instance.vpc3", "aws_vpc_peering_connection.vpc2_vpc3", "aws_route.vpc2_to_vpc3"]),
    );
    expect(stack.resources.removed).toEqual([]);
    expect(stack.dataLoss).toEqual([]);
    expect(paths(stack)).toEqual(
      expect.arrayContaining([
        "icmp vpc2 -> vpc3: absent -> reachable",
        "icmp vpc3 -> vpc2: absent -> reachable",
        "icmp vpc1 -> vpc3: absent -> blocked",
        "ssh instance-connect -> vpc3: absent -> reachable",
        "s3 vpc3 -> s3: absent -> reachable",
      ]),
    );
    expect(stack.paths.every((p) => p.before === "absent")).toBe(true);
  });

  it("reads a VPC renamed with previousNames as moves: nothing added or removed, no verdict changed, paths under the new name", () => {
    const { exitCode, diff } = diffOf({}, renamed);
    const stack = only(diff);
    expect(exitCode).toBe(0);
    expect(stack.resources.added).toEqual([]);
    expect(stack.resources.removed).toEqual([]);
    expect(stack.resources.moved).toEqual(
      expect.arrayContaining([
        { from: "aws_vpc.vpc2", to: "aws_vpc.app" },
        { from: "aws_instance.vpc2", to: "aws_instance.app" },
      ]),
    );
    expect(stack.resources.moved.every((m) => m.from.includes("vpc2") && m.to.includes("app"))).toBe(true);
    // References to moved addresses are the same references: the only changes are texts that
    // name the VPC (today the peer's ICMP rule descriptions), never a reference.
    expect(stack.resources.changed.flatMap((c) => c.attributes).every((a) => a === "description")).toBe(true);
    expect(stack.paths).toEqual([]);
    expect(stack.findings).toEqual(nothingElse);
    expect(stack.dataLoss).toEqual([]);
  });

  it("puts the log groups in dataLoss when flow logs are turned off, exit 1", () => {
    const { exitCode, diff } = diffOf({}, { flowLogs: false });
    const stack = only(diff);
    expect(exitCode).toBe(1);
    expect(stack.dataLoss.map((d) => [d.address, d.change])).toEqual([
      ["aws_cloudwatch_log_group.vpc1_flow_logs", "removed"],
      ["aws_cloudwatch_log_group.vpc2_flow_logs", "removed"],
    ]);
    expect(stack.resources.removed).toEqual(expect.arrayContaining(["aws_flow_log.vpc1", "aws_cloudwatch_log_group.vpc1_flow_logs"]));
    // Where the logs are, from the base's reading: the log group's name and its provider's region and account.
    expect(stack.dataLoss[0]).toMatchObject({ name: "/vpc-lab/vpc-flow-logs/vpc1", region: "us-east-1", accountId: "123456789012" });
    expect(stack.paths).toEqual([]);
    expect(diff.reasons).toEqual([expect.stringContaining("data at risk in 2 resources")]);
  });

  it("turns the S3 paths reachable -> blocked with the endpoint policy's code when the policy is deny-all, the endpoints' policy changed, exit 1", () => {
    const { exitCode, diff } = diffOf({}, { s3: { endpointPolicy: "deny-all" } });
    const stack = only(diff);
    expect(exitCode).toBe(1);
    expect(stack.paths).toEqual(
      ["vpc1", "vpc2"].map((vpc) =>
        expect.objectContaining({
          protocol: "s3",
          from: vpc,
          to: "s3",
          before: "reachable",
          after: "blocked",
          code: "ENDPOINT_POLICY_DENIES",
          component: `aws_vpc_endpoint.${vpc}_s3`,
          // The rule registry's fix for the code.
          fix: expect.stringContaining("Let the endpoint policy allow the request"),
        }),
      ),
    );
    // The endpoints read the changed policy documents (data sources, themselves never listed).
    expect(stack.resources.changed).toEqual([
      { address: "aws_vpc_endpoint.vpc1_s3", attributes: ["policy"] },
      { address: "aws_vpc_endpoint.vpc2_s3", attributes: ["policy"] },
    ]);
    expect(stack.resources.added).toEqual([]);
    expect(stack.resources.removed).toEqual([]);
    // The intent says deny-all blocks: the new output passes its own check; the cut paths break.
    expect(stack.pass).toBe(true);
    expect(diff.reasons).toEqual([expect.stringContaining("2 paths that were reachable are not any more")]);
  });

  it("shows an instance type changed as instance_type changed, nothing removed, exit 0", () => {
    const { exitCode, diff } = diffOf(
      {},
      {
        vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2, { instance: { type: "t3.small" } })],
        peerings: [{ requester: "vpc1", accepter: "vpc2" }],
      },
    );
    const stack = only(diff);
    expect(exitCode).toBe(0);
    expect(stack.resources.changed).toEqual([{ address: "aws_instance.vpc2", attributes: ["instance_type"] }]);
    expect(stack.resources.removed).toEqual([]);
    expect(stack.resources.added).toEqual([]);
    expect(stack.dataLoss).toEqual([]);
    expect(stack.paths).toEqual([]);
  });

  it("reads a VPC moved to another region as replaced: its resources rebuilt there, its instance and log group in dataLoss, exit 1", () => {
    const { exitCode, diff } = diffOf(
      {},
      { vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2, { region: "eu-west-1" })], peerings: [{ requester: "vpc1", accepter: "vpc2" }] },
    );
    const stack = only(diff);
    expect(exitCode).toBe(1);
    expect(stack.resources.changed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          address: "aws_vpc.vpc2",
          replaced: true,
          because: "its provider now builds it in eu-west-1 instead of us-east-1",
        }),
        expect.objectContaining({ address: "aws_instance.vpc2", replaced: true }),
      ]),
    );
    // IAM is global: the instance's role is not replaced by a region change.
    expect(stack.resources.changed.find((c) => c.address === "aws_iam_role.vpc2_instance")?.replaced).toBeUndefined();
    expect(stack.dataLoss.map((d) => [d.address, d.change, d.region])).toEqual([
      ["aws_cloudwatch_log_group.vpc2_flow_logs", "replaced", "eu-west-1"],
      ["aws_instance.vpc2", "replaced", "eu-west-1"],
    ]);
  });

  it("puts the bucket and its object in dataLoss when the bucket is removed, its S3 paths absent, exit 1", () => {
    const { exitCode, diff } = diffOf({}, { s3: false });
    const stack = only(diff);
    expect(exitCode).toBe(1);
    expect(stack.dataLoss.map((d) => d.address)).toEqual(["aws_s3_bucket.lab", "aws_s3_object.test_object"]);
    expect(stack.dataLoss[0]!.reason).toMatch(/objects/);
    expect(paths(stack)).toEqual(["s3 vpc1 -> s3: reachable -> absent", "s3 vpc2 -> s3: reachable -> absent"]);
    expect(stack.findings.removed.map((f) => f.code)).toContain("LOCKOUT_SOLE_EXEMPTION");
  });

  it("lists an environment added as a stack added, the other stack unchanged, exit 0", () => {
    const { exitCode, diff } = diffOf({ environments: { dev: {} } }, { environments: { dev: {}, prod: {} } });
    expect(exitCode).toBe(0);
    expect(diff.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["vpc-lab-dev", "unchanged"],
      ["vpc-lab-prod", "added"],
    ]);
    const added = diff.stacks[1]!;
    expect(added.resources.added).toContain("aws_vpc.vpc1");
    expect(added.paths.every((p) => p.before === "absent")).toBe(true);
  });

  it("lists a lab renamed without previousNames as one stack removed and one added (another state), exit 1 for the paths it takes away", () => {
    const { exitCode, diff } = diffOf({}, { name: "net-lab" });
    expect(diff.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["net-lab", "added"],
      ["vpc-lab", "removed"],
    ]);
    expect(exitCode).toBe(1);
    expect(diff.stacks[1]!.dataLoss.map((d) => d.address)).toContain("aws_s3_bucket.lab");
  });

  it("pairs a lab renamed with previousNames with its old stack (the same state): renamed, nothing to do", () => {
    const { exitCode, diff } = diffOf({}, { name: "net-lab", previousNames: ["vpc-lab"] });
    expect(exitCode).toBe(0);
    const stack = only(diff);
    expect(stack).toMatchObject({ stack: "net-lab", status: "renamed", previousStack: "vpc-lab", paths: [], dataLoss: [] });
    expect(stack.resources).toEqual({ added: [], removed: [], changed: [], moved: [], imported: [] });
  });
});
