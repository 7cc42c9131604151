/**
 * Names a user chooses become keys (VPCs, the stack, environments, accounts, tag keys). Every
 * name the schema accepts must pass, even one that is a key of `Object.prototype`, and the
 * resolved configuration keeps such names in objects without a prototype.
 */
import { parseLabConfig, parseLabConfigs } from "../../src/config";
import { vpcConfig } from "../../test-support/synth-lab";

const ROLE = "arn:aws:iam::210987654321:role/vpc-lab-terraform";
/** Keys an object inherits, and two more that code often treats specially. */
const INHERITED = [...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "then"])];
/** The inherited keys that fit the lowercase-and-hyphens pattern of VPC, stack, environment and account names. */
const NAME_LIKE = INHERITED.filter((name) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) && name.length <= 16);

describe("names that are keys of Object.prototype", () => {
  it("covers constructor among the names the schema's patterns accept", () => {
    expect(NAME_LIKE).toEqual(expect.arrayContaining(["constructor", "prototype", "then"]));
  });

  it.each(NAME_LIKE)("accepts a VPC named %s, peered with another", (name) => {
    const config = parseLabConfig({ vpcs: [vpcConfig(name, 1), vpcConfig("other", 2)] }, "t");
    expect(config.vpcs.map((vpc) => vpc.name).sort()).toEqual([name, "other"].sort());
    expect(config.peerings).toHaveLength(1);
  });

  it.each(NAME_LIKE)("accepts a lab named %s", (name) => {
    expect(parseLabConfig({ name }, "t").name).toBe(name);
  });

  it.each(NAME_LIKE)("accepts an environment named %s", (name) => {
    const configs = parseLabConfigs({ environments: { [name]: {}, dev: {} } }, "t");
    expect(configs.map((config) => config.environment).sort()).toEqual(["dev", name].sort());
  });

  it.each(NAME_LIKE)("accepts an account named %s, and reads its id from its role", (name) => {
    const config = parseLabConfig({ accounts: { [name]: { roleArn: ROLE } }, vpcs: [vpcConfig("vpc1", 1, { account: name })] }, "t");
    expect(Object.keys(config.accounts)).toEqual([name]);
    expect(config.accounts[name]).toEqual({ roleArn: ROLE, accountId: "210987654321" });
  });

  it.each(INHERITED)("keeps a tag whose key is %s", (key) => {
    const config = parseLabConfig(JSON.parse(JSON.stringify({ tags: { Team: "net" } }).replace('"Team"', JSON.stringify(key))), "t");
    expect(Object.keys(config.tags)).toEqual([key]);
    expect(Object.getOwnPropertyDescriptor(config.tags, key)?.value).toBe("net");
  });

  it("reports a VPC that names an account named constructor that is not in accounts", () => {
    expect(() => parseLabConfig({ vpcs: [vpcConfig("vpc1", 1, { account: "constructor" })] }, "t")).toThrow(
      /vpcs\[0\]\.account: expected the name of an account in accounts/,
    );
  });

  it("resolves accounts, tags and per-region offline values into objects that inherit nothing", () => {
    const config = parseLabConfig({ offlineValues: { regions: { "eu-west-1": {} } } }, "t");
    for (const record of [config.accounts, config.tags, config.offlineValues.regions]) {
      expect(Object.getPrototypeOf(record)).toBeNull();
      expect((record as Record<string, unknown>).constructor).toBeUndefined();
      expect((record as Record<string, unknown>).toString).toBeUndefined();
    }
    expect(Object.keys(config.offlineValues.regions)).toEqual(["eu-west-1"]);
  });
});
