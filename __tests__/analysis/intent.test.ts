import { analyzeStack } from "../../src/analysis/analyze-stack";
import { intentFromConfig } from "../../src/analysis/intent";
import type { TerraformJson } from "../../src/analysis/terraform-json";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { labConfig, synthLab, vpcConfig } from "../../test-support/synth-lab";

const vpc = vpcConfig;

describe("intentFromConfig", () => {
  it("expects peered instances to ping each other, Instance Connect to each instance, and S3 from each", () => {
    const intent = intentFromConfig(labConfig());
    expect(intent.expectations.map((e) => `${e.protocol} ${e.from}->${e.to} ${e.reachable}`)).toEqual([
      "icmp vpc1->vpc2 true",
      "icmp vpc2->vpc1 true",
      "ssh instance-connect->vpc1 true",
      "ssh instance-connect->vpc2 true",
      "s3 vpc1->s3 true",
      "s3 vpc2->s3 true",
    ]);
  });

  it("expects instances in VPCs that are not peered with each other not to ping", () => {
    const intent = intentFromConfig(
      labConfig({ vpcs: [vpc("a", 1), vpc("b", 2), vpc("c", 3)], peerings: [{ requester: "a", accepter: "b" }] }),
    );
    expect(intent.expectations.filter((e) => e.protocol === "icmp" && !e.reachable).map((e) => `${e.from}->${e.to}`)).toEqual([
      "a->c",
      "b->c",
      "c->a",
      "c->b",
    ]);
  });

  it("expects the bucket policy to deny instances outside endpointVpcs, and deny-all to deny all", () => {
    const only1 = intentFromConfig(labConfig({ s3: { endpointVpcs: ["vpc1"] } }));
    expect(only1.expectations.filter((e) => e.protocol === "s3").map((e) => e.reachable)).toEqual([true, false]);
    const denyAll = intentFromConfig(labConfig({ s3: { endpointPolicy: "deny-all" } }));
    expect(denyAll.expectations.filter((e) => e.protocol === "s3").map((e) => e.reachable)).toEqual([false, false]);
  });

  it("leaves VPCs without an instance out, and S3 out when s3 is false", () => {
    const intent = intentFromConfig(labConfig({ vpcs: [vpc("a", 1), vpc("b", 2, { instance: false })], s3: false }));
    expect(intent.expectations.map((e) => `${e.protocol} ${e.from}->${e.to}`)).toEqual(["ssh instance-connect->a"]);
  });

  it("lets expect override a derived expectation and add new ones", () => {
    const intent = intentFromConfig(labConfig({ expect: [{ protocol: "icmp", from: "vpc1", to: "vpc2", reachable: false }] }));
    expect(intent.expectations.find((e) => e.protocol === "icmp" && e.from === "vpc1")).toEqual({
      protocol: "icmp",
      from: "vpc1",
      to: "vpc2",
      reachable: false,
      reason: "stated in expect",
    });
  });

  it("carries the offline Instance Connect prefix list id, which no data source names", () => {
    expect(intentFromConfig(labConfig({ offline: true })).instanceConnectPrefixListIds).toEqual(["pl-0e4bcff02b13bef1e"]);
    expect(intentFromConfig(labConfig()).instanceConnectPrefixListIds).toEqual([]);
  });

  it("names who must keep access to the bucket: the Terraform identity (literal offline, the session's issuer online) and the admins", () => {
    expect(
      intentFromConfig(labConfig({ offline: true, s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"] } })),
    ).toMatchObject({
      accountId: "123456789012",
      bucketOperators: {
        terraformPrincipalArn: "arn:aws:iam::123456789012:role/terraform",
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"],
      },
      strict: false,
    });
    const online = intentFromConfig(labConfig());
    expect(online.accountId).toBeUndefined();
    expect(online.bucketOperators?.terraformPrincipalArn).toBe("${data.aws_iam_session_context.terraform.issuer_arn}");
    expect(intentFromConfig(labConfig({ s3: false })).bucketOperators).toBeUndefined();
  });

  describe("across regions and accounts", () => {
    const intent = intentFromConfig(labConfig(multiRegionLab()));
    const s3 = (from: string) => intent.expectations.find((e) => e.protocol === "s3" && e.from === from)!;

    it("expects every peered pair to ping, whatever their regions and accounts", () => {
      expect(intent.expectations.filter((e) => e.protocol === "icmp").every((e) => e.reachable)).toBe(true);
    });

    it("expects instances in another region than the bucket's to be denied, and says why", () => {
      expect(s3("vpc2")).toMatchObject({ reachable: false, reason: expect.stringContaining("reaches only buckets of its own region") });
      expect(s3("vpc4").reachable).toBe(false);
    });

    it("expects another account's instance in the bucket's region to reach it, through the bucket policy's grant", () => {
      expect(s3("vpc3")).toMatchObject({ reachable: true, reason: expect.stringContaining("bucket policy grants") });
    });

    it("carries each provider alias's region and account id", () => {
      expect(intent.contexts).toEqual({
        "eu-west-1": { region: "eu-west-1" },
        shared: { region: "us-east-1", accountId: "210987654321" },
        "shared_eu-west-1": { region: "eu-west-1", accountId: "210987654321" },
      });
    });
  });

  it("expects SSH through the VPC's Instance Connect Endpoint in endpoint mode", () => {
    const intent = intentFromConfig(labConfig({ instanceConnect: "endpoint" }));
    const ssh = intent.expectations.filter((e) => e.protocol === "ssh");
    expect(ssh.map((e) => [e.to, e.reachable])).toEqual([
      ["vpc1", true],
      ["vpc2", true],
    ]);
    expect(ssh[0]!.reason).toContain("EC2 Instance Connect Endpoint");
  });
});

describe("intentOf the lab model", () => {
  // Issue 17: the stack merged per-region offline values, the intent kept only the home region's,
  // so a value the user spelled out turned two proven paths into `unknown REFERENCE_NOT_RESOLVED`.
  const perRegionPrefixList = multiRegionLab({
    offline: true,
    offlineValues: { regions: { "eu-west-1": { instanceConnectPrefixListId: "pl-0a1b2c3d4e5f60718" } } },
  });

  it("proves every path of a two-region, two-account offline lab whose eu-west-1 prefix list is given", () => {
    const analysis = analyzeStack(synthLab(perRegionPrefixList).json as TerraformJson, intentFromConfig(labConfig(perRegionPrefixList)));
    expect(analysis.verdicts).toHaveLength(20);
    expect(analysis.verdicts.filter((v) => !v.asIntended).map((v) => `${v.protocol} ${v.from} -> ${v.to}: ${v.verdict}`)).toEqual([]);
  });

  it("names the prefix list of each context in which an instance allows SSH from Instance Connect", () => {
    const intent = intentFromConfig(labConfig(perRegionPrefixList));
    expect(intent.instanceConnectPrefixListIds).toEqual(["pl-0e4bcff02b13bef1e", "pl-0a1b2c3d4e5f60718"]);
    const rules = Object.values(synthLab(perRegionPrefixList).json.resource.aws_vpc_security_group_ingress_rule ?? {});
    const listsInJson = new Set(rules.map((rule) => rule.prefix_list_id).filter((id) => id !== undefined));
    expect([...listsInJson].sort()).toEqual([...intent.instanceConnectPrefixListIds].sort());
  });

  it("gives each offline context the account id its resources carry", () => {
    const intent = intentFromConfig(labConfig(multiRegionLab({ offline: true, offlineValues: { accountId: "111122223333" } })));
    expect(intent.contexts).toEqual({
      "eu-west-1": { region: "eu-west-1", accountId: "111122223333" },
      shared: { region: "us-east-1", accountId: "210987654321" },
      "shared_eu-west-1": { region: "eu-west-1", accountId: "210987654321" },
    });
  });
});
