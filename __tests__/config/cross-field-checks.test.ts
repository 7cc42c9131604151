import { DEFAULT_LAB_CONFIG } from "../../src/config";
import { CROSS_FIELD_CHECKS, crossFieldContextOf } from "../../src/config/cross-field-checks";
import { vpcConfig } from "../../test-support/synth-lab";

const ROLE = "arn:aws:iam::210987654321:role/vpc-lab-terraform";
const raw = (overrides: Record<string, unknown>) => ({ ...DEFAULT_LAB_CONFIG, ...overrides }) as Record<string, unknown>;
const twoVpcs = [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2)];

/** Per check: a document that breaks it, and the path of the problem it reports. */
const NON_COMPLIANT: Record<string, [Record<string, unknown>, string]> = {
  "unique-vpc-names": [raw({ vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc1", 2)] }), "vpcs[1].name"],
  "distinct-vpc-blocks": [raw({ vpcs: [vpcConfig("vpc1", 1), { ...vpcConfig("vpc2", 1) }] }), "vpcs[1].cidr"],
  "zones-in-region": [raw({ vpcs: [vpcConfig("vpc1", 1, { availabilityZone: "eu-west-1a" })] }), "vpcs[0].availabilityZone"],
  placement: [raw({ vpcs: [vpcConfig("vpc1", 1, { account: "shared" })] }), "vpcs[0].account"],
  "subnets-inside-vpcs": [raw({ vpcs: [{ ...vpcConfig("vpc1", 1), publicSubnetCidr: "10.9.0.0/24" }] }), "vpcs[0].publicSubnetCidr"],
  "peering-ends": [raw({ vpcs: twoVpcs, peerings: [{ requester: "vpc1", accepter: "vpc9" }] }), "peerings[0].accepter"],
  "peerings-per-vpc": [
    raw({
      vpcs: Array.from({ length: 127 }, (_, i) => vpcConfig(`v${i}`, i)),
      peerings: Array.from({ length: 126 }, (_, i) => ({ requester: "v0", accepter: `v${i + 1}` })),
    }),
    "vpcs[0].name",
  ],
  "flow-log-selection": [raw({ vpcs: twoVpcs, flowLogs: { vpcs: ["vpc3"] } }), "flowLogs.vpcs[0]"],
  "endpoint-selection": [raw({ vpcs: twoVpcs, s3: { endpointVpcs: ["vpc3"] } }), "s3.endpointVpcs[0]"],
  "bucket-prefix": [raw({ name: "xn--lab" }), "name"],
  expectations: [raw({ vpcs: twoVpcs, expect: [{ from: "vpc1", to: "vpc1", protocol: "icmp", reachable: true }] }), "expect[0]"],
  "unique-ssh-sources": [raw({ sshCidrs: ["203.0.113.7/32", "203.0.113.7/32"] }), "sshCidrs[1]"],
  renames: [raw({ vpcs: [vpcConfig("vpc1", 1, { previousNames: ["vpc2"] }), vpcConfig("vpc2", 2)] }), "vpcs[0].previousNames[0]"],
  "cloud-workspace": [raw({ backend: { type: "cloud", organization: "acme" } }), "backend"],
  "imported-bucket-name": [raw({ s3: { bucketName: "another-name", import: { bucket: "console-bucket" } } }), "s3.bucketName"],
  "ssh-breadth": [raw({ sshCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }), "sshCidrs"],
  tags: [raw({ tags: { "aws:owner": "me" } }), "tags.aws:owner"],
};

describe("cross-field checks", () => {
  it("has a non-compliant fixture for every check, and every check a distinct name", () => {
    const names = CROSS_FIELD_CHECKS.map((check) => check.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(NON_COMPLIANT).sort()).toEqual([...names].sort());
  });

  it.each(CROSS_FIELD_CHECKS.map((check) => [check.name, check] as const))("%s passes the default lab", (_name, check) => {
    expect(check.check(crossFieldContextOf(raw({})))).toEqual([]);
  });

  it.each(CROSS_FIELD_CHECKS.map((check) => [check.name, check] as const))("%s reports its fixture at the path it names", (name, check) => {
    const [document, path] = NON_COMPLIANT[name]!;
    expect(check.check(crossFieldContextOf(document)).map((issue) => issue.path)).toContain(path);
  });

  it("passes a lab with an account, an own region and an endpoint VPC in the bucket's region", () => {
    const document = raw({
      accounts: { shared: { roleArn: ROLE } },
      vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2, { account: "shared", region: "eu-west-1", availabilityZone: "eu-west-1b" })],
      s3: { endpointVpcs: ["vpc1"] },
    });
    expect(CROSS_FIELD_CHECKS.flatMap((check) => check.check(crossFieldContextOf(document)))).toEqual([]);
  });

  it.each([
    ["the default selection", {}, "region"],
    ['"endpointVpcs": "all"', { s3: { endpointVpcs: "all" } }, "s3.endpointVpcs"],
  ])("reports a bucket no endpoint can reach when every VPC is outside the lab's region (%s)", (_name, overrides, path) => {
    const away = [vpcConfig("vpc1", 1, { region: "eu-west-1" }), vpcConfig("vpc2", 2, { region: "eu-west-1" })];
    const issues = CROSS_FIELD_CHECKS.flatMap((check) => check.check(crossFieldContextOf(raw({ vpcs: away, ...overrides }))));
    expect(issues).toEqual([
      expect.objectContaining({ path, problem: expect.stringMatching(/^expected at least one VPC in the bucket's region us-east-1/) }),
    ]);
    expect(CROSS_FIELD_CHECKS.flatMap((check) => check.check(crossFieldContextOf(raw({ vpcs: away, s3: false }))))).toEqual([]);
  });
});
