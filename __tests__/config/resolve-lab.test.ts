import { resolveLab } from "../../src/config";
import { multiRegionLab, SHARED_ACCOUNT } from "../../test-support/multi-region-lab";
import { labConfig, vpcConfig } from "../../test-support/synth-lab";

const lab = (overrides: Record<string, unknown> = {}) => resolveLab(labConfig(overrides));
const SHARED = SHARED_ACCOUNT.shared.roleArn;

describe("resolveLab", () => {
  describe("selections", () => {
    it('expands "all" to every VPC, in canonical order, for flow logs and endpoints', () => {
      const model = lab({ vpcs: [vpcConfig("web", 2), vpcConfig("app", 1)] });
      expect([...model.vpcs.keys()]).toEqual(["app", "web"]);
      expect(model.flowLogs?.vpcs).toEqual(["app", "web"]);
      expect(model.bucket?.endpointVpcs).toEqual(["app", "web"]);
    });

    it("keeps a listed selection, each name once, and null for a chapter turned off", () => {
      const model = lab({ vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2)], flowLogs: { vpcs: ["vpc2", "vpc2"] }, s3: false });
      expect(model.flowLogs?.vpcs).toEqual(["vpc2"]);
      expect(model.bucket).toBeNull();
      expect(lab({ flowLogs: false }).flowLogs).toBeNull();
    });

    it('gives endpoints only to the VPCs of the bucket\'s region when "all" spans regions', () => {
      expect(lab(multiRegionLab()).bucket?.endpointVpcs).toEqual(["vpc1", "vpc3"]);
    });
  });

  describe("contexts", () => {
    it("gives each VPC its context, and each context other than the lab's own an alias, in the order VPCs first need it", () => {
      const model = lab(multiRegionLab());
      expect([...model.contexts.keys()]).toEqual(["eu-west-1", "shared", "shared_eu-west-1"]);
      expect([...model.vpcs.values()].map((vpc) => vpc.context.alias)).toEqual([undefined, "eu-west-1", "shared", "shared_eu-west-1"]);
      expect(model.vpcs.get("vpc1")!.context).toBe(model.home);
      expect(model.contexts.get("shared")).toMatchObject({
        region: "us-east-1",
        account: { name: "shared", roleArn: SHARED, accountId: "210987654321" },
        accountId: "210987654321",
        offline: null,
      });
      // Online, the lab's own account is looked up.
      expect(model.home.accountId).toBeUndefined();
      expect(model.contexts.get("eu-west-1")!.accountId).toBeUndefined();
    });

    it("merges offline values per context: a region's own values over the lab's, another account's id from its role", () => {
      const model = lab(
        multiRegionLab({
          offline: true,
          offlineValues: {
            accountId: "111122223333",
            amiIds: { arm64: "ami-0fffffffffffffff0" },
            regions: { "eu-west-1": { instanceConnectPrefixListId: "pl-0a1b2c3d4e5f60718", amiIds: { x86_64: "ami-0aaaaaaaaaaaaaaa1" } } },
          },
        }),
      );
      expect(model.home.offline).toEqual({
        accountId: "111122223333",
        instanceConnectPrefixListId: "pl-0e4bcff02b13bef1e",
        amiIds: { x86_64: "ami-0123456789abcdef0", arm64: "ami-0fffffffffffffff0" },
      });
      const europe = {
        instanceConnectPrefixListId: "pl-0a1b2c3d4e5f60718",
        amiIds: { x86_64: "ami-0aaaaaaaaaaaaaaa1", arm64: "ami-0fffffffffffffff0" },
      };
      expect(model.contexts.get("eu-west-1")!.offline).toEqual({ accountId: "111122223333", ...europe });
      expect(model.contexts.get("shared_eu-west-1")!.offline).toEqual({ accountId: "210987654321", ...europe });
      expect(model.contexts.get("shared")!.offline!.instanceConnectPrefixListId).toBe("pl-0e4bcff02b13bef1e");
    });

    it("keys accounts and VPCs by any name the schema accepts, constructor included", () => {
      const model = lab({
        accounts: { constructor: { roleArn: SHARED } },
        vpcs: [vpcConfig("constructor", 1), vpcConfig("vpc2", 2, { account: "constructor" })],
      });
      expect(model.vpcs.get("constructor")!.peers).toEqual(["vpc2"]);
      expect(model.contexts.get("constructor")!.account).toEqual({ name: "constructor", roleArn: SHARED, accountId: "210987654321" });
    });
  });

  describe("placement", () => {
    it.each([
      ["a configured zone", { availabilityZone: "us-east-1c" }, false, { source: "configured", zone: "us-east-1c" }],
      ["online, with an instance", {}, false, { source: "lookup", instanceType: "t3.micro" }],
      ["offline", {}, true, { source: "default", zone: "us-east-1a" }],
      ["without an instance", { instance: false }, false, { source: "default", zone: "us-east-1a" }],
    ])("places the subnet for %s", (_, extra, offline, zone) => {
      expect(lab({ offline, vpcs: [vpcConfig("vpc1", 1, extra)] }).vpcs.get("vpc1")!.zone).toEqual(zone);
    });

    it.each([
      [
        "a configured AMI",
        { type: "t3.micro", amiId: "ami-0123456789abcdef1" },
        true,
        { source: "configured", amiId: "ami-0123456789abcdef1" },
      ],
      ["offline, Graviton", { type: "t4g.small" }, true, { source: "offline", amiId: "ami-0fedcba9876543210", architecture: "arm64" }],
      ["online", { type: "t3.micro" }, false, { source: "latest", architecture: "x86_64" }],
    ])("launches %s", (_, instance, offline, ami) => {
      expect(lab({ offline, vpcs: [vpcConfig("vpc1", 1, { instance })] }).vpcs.get("vpc1")!.instance!.ami).toEqual(ami);
    });
  });

  describe("peerings", () => {
    it("lists each VPC's peers in peering order, and keys each peering <requester>_<accepter>", () => {
      const model = lab({
        vpcs: [vpcConfig("a", 1), vpcConfig("b", 2), vpcConfig("c", 3)],
        peerings: [
          { requester: "b", accepter: "c" },
          { requester: "a", accepter: "b" },
        ],
      });
      expect(model.peerings.map((p) => p.key)).toEqual(["a_b", "b_c"]);
      expect(model.vpcs.get("b")!.peers).toEqual(["a", "c"]);
      expect(model.vpcs.get("c")!.peers).toEqual(["b"]);
    });
  });

  describe("principals", () => {
    it.each([
      [
        "offline, by default",
        { offline: true, offlineValues: { accountId: "111122223333" } },
        { source: "offline", arn: "arn:aws:iam::111122223333:role/terraform" },
      ],
      [
        "offline, as configured",
        { offline: true, offlineValues: { terraformPrincipalArn: "arn:aws:iam::123456789012:role/ci" } },
        { source: "offline", arn: "arn:aws:iam::123456789012:role/ci" },
      ],
      ["online", {}, { source: "session" }],
    ])("exempts the identity that runs Terraform %s", (_, overrides, terraform) => {
      expect(lab(overrides).bucket!.principals.terraform).toEqual(terraform);
    });

    it("grants the bucket to other accounts' instance roles only where the VPC has an instance and an endpoint", () => {
      const model = lab({
        accounts: SHARED_ACCOUNT,
        vpcs: [
          vpcConfig("vpc1", 1),
          vpcConfig("vpc2", 2, { account: "shared" }),
          vpcConfig("vpc3", 3, { account: "shared", instance: false }),
        ],
        s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"] },
      });
      expect(model.bucket!.principals.otherAccountInstanceRoles).toEqual(["vpc2"]);
      expect(model.bucket!.principals.admins).toEqual(["arn:aws:iam::123456789012:role/Admin"]);
    });
  });

  describe("generations and modes", () => {
    it("resolves the lab as named in each earlier generation, for the moved blocks", () => {
      const model = lab({ vpcs: [vpcConfig("web", 1, { previousNames: ["vpc1", "front"] }), vpcConfig("vpc2", 2)] });
      expect(model.generations.map((generation) => [...generation.vpcs.keys()])).toEqual([
        ["vpc1", "vpc2"],
        ["front", "vpc2"],
      ]);
      expect(model.generations.map((generation) => generation.peerings[0]!.key)).toEqual(["vpc1_vpc2", "front_vpc2"]);
      expect(lab().generations).toEqual([]);
    });

    it("resolves an offline lab as deployed with { online: true }: lookups and the configured state location", () => {
      const config = labConfig({ offline: true });
      expect(resolveLab(config).stateLocation).toEqual({ type: "local", path: "terraform.vpc-lab.offline-preview.tfstate" });
      const online = resolveLab(config, { online: true });
      expect(online.offline).toBe(false);
      expect(online.home.offline).toBeNull();
      expect(online.stateLocation).toEqual({ type: "local", path: "terraform.vpc-lab.tfstate" });
    });
  });
});
