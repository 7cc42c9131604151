/**
 * Where each VPC lives (issue 13): `vpcs[].region`, `accounts` with `vpcs[].account`, and how
 * Instance Connect reaches the instances (`instanceConnect`).
 */
import { contextAliasOf, parseLabConfig } from "../../src/config";
import { configIssuesOf as issuesOf } from "../../test-support/config-issues";
import { vpcConfig as vpc } from "../../test-support/synth-lab";

const SHARED = { shared: { roleArn: "arn:aws:iam::210987654321:role/vpc-lab-terraform" } };

describe("VPC placement: regions and accounts", () => {
  it("places every VPC in the lab's region and account unless it names its own", () => {
    const config = parseLabConfig(
      { accounts: SHARED, vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { region: "eu-west-1", account: "shared" })] },
      "test",
    );
    expect(config.vpcs.map((v) => [v.name, v.region, v.account])).toEqual([
      ["vpc1", "us-east-1", undefined],
      ["vpc2", "eu-west-1", "shared"],
    ]);
  });

  it("reads each account's id from its role ARN", () => {
    const config = parseLabConfig({ accounts: SHARED }, "test");
    expect(config.accounts).toEqual({ shared: { roleArn: SHARED.shared.roleArn, accountId: "210987654321" } });
  });

  it("defaults to Elastic IPs for Instance Connect and takes the endpoint mode", () => {
    expect(parseLabConfig({}, "test").instanceConnect).toBe("public-ip");
    expect(parseLabConfig({ instanceConnect: "endpoint" }, "test").instanceConnect).toBe("endpoint");
  });

  it('keeps s3.endpointVpcs "all" for a lab in one region, and narrows it to the bucket\'s region otherwise', () => {
    expect(parseLabConfig({}, "test").s3).toMatchObject({ endpointVpcs: "all" });
    const config = parseLabConfig({ vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { region: "eu-west-1" }), vpc("vpc3", 3)] }, "test");
    expect(config.s3).toMatchObject({ endpointVpcs: ["vpc1", "vpc3"] });
  });

  it("accepts a zone of the VPC's own region, and offline values per region", () => {
    const config = parseLabConfig(
      {
        vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { region: "eu-west-1", availabilityZone: "eu-west-1b" })],
        offlineValues: { regions: { "eu-west-1": { instanceConnectPrefixListId: "pl-0123456789abcdef0" } } },
      },
      "test",
    );
    expect(config.vpcs[1]!.availabilityZone).toBe("eu-west-1b");
    expect(config.offlineValues.regions["eu-west-1"]).toMatchObject({ instanceConnectPrefixListId: "pl-0123456789abcdef0" });
  });

  it.each([
    {
      case: "an account that accounts does not name",
      overrides: { vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { account: "shared" })] },
      path: "vpcs[1].account",
      problem: /expected the name of an account in accounts/,
    },
    {
      case: "an account name with an underscore (it names a provider alias)",
      overrides: { accounts: { shared_net: SHARED.shared } },
      path: "accounts.shared_net",
      problem: /expected an account name/,
    },
    {
      case: "an account named like a region (aliases of regions use those)",
      overrides: { accounts: { "eu-west-1": SHARED.shared } },
      path: "accounts.eu-west-1",
      problem: /not a region code/,
    },
    {
      case: "an account whose roleArn is not a role ARN",
      overrides: { accounts: { shared: { roleArn: "arn:aws:iam::210987654321:user/alice" } } },
      path: "accounts.shared.roleArn",
      problem: /expected an IAM role ARN/,
    },
    {
      case: "a VPC region that is not a region code",
      overrides: { vpcs: [vpc("vpc1", 1, { region: "Europe" })] },
      path: "vpcs[0].region",
      problem: /expected an AWS region/,
    },
    {
      case: "a zone of the lab's region for a VPC in another region",
      overrides: { vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { region: "eu-west-1", availabilityZone: "us-east-1a" })] },
      path: "vpcs[1].availabilityZone",
      problem: /expected a zone of the VPC's region eu-west-1/,
    },
    {
      case: "a gateway endpoint for a VPC in another region than the bucket",
      overrides: { vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { region: "eu-west-1" })], s3: { endpointVpcs: ["vpc1", "vpc2"] } },
      path: "s3.endpointVpcs[1]",
      problem: /reaches only buckets in its own region/,
    },
    {
      case: "SSH sources beside an Instance Connect Endpoint",
      overrides: { instanceConnect: "endpoint", sshCidrs: ["203.0.113.7/32"] },
      path: "sshCidrs",
      problem: /SSH comes only through the endpoint/,
    },
    {
      case: "an unknown Instance Connect mode",
      overrides: { instanceConnect: "bastion" },
      path: "instanceConnect",
      problem: /expected one of "public-ip", "endpoint"/,
    },
    {
      case: "offline values for a key that is not a region",
      overrides: { offlineValues: { regions: { europe: {} } } },
      path: "offlineValues.regions.europe",
      problem: /expected an AWS region/,
    },
  ])("rejects $case", ({ overrides, path, problem }) => {
    const issues = issuesOf(overrides);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue ?? issues).toMatchObject({ path, problem: expect.stringMatching(problem) });
    expect(issue!.fix.length).toBeGreaterThan(0);
  });
});

describe("analysis settings", () => {
  it("judge unknown verdicts leniently unless analysis.strict is set", () => {
    expect(parseLabConfig({}, "test").analysis).toEqual({ strict: false });
    expect(parseLabConfig({ analysis: { strict: true } }, "test").analysis).toEqual({ strict: true });
  });
});

describe("contextAliasOf", () => {
  it("names a VPC's (region, account) by region, account, or account_region, and the lab's own by nothing", () => {
    expect(contextAliasOf({ region: "eu-west-1", account: undefined }, "us-east-1")).toBe("eu-west-1");
    expect(contextAliasOf({ region: "us-east-1", account: "shared" }, "us-east-1")).toBe("shared");
    expect(contextAliasOf({ region: "eu-west-1", account: "shared" }, "us-east-1")).toBe("shared_eu-west-1");
    expect(contextAliasOf({ region: "us-east-1", account: undefined }, "us-east-1")).toBeUndefined();
  });
});
