import { intentFromConfig } from "../../src/analysis/intent";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { labConfig, vpcConfig } from "../../test-support/synth-lab";

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
