import { parseLabConfigs } from "../../src/config";
import { configIssuesOf as issuesOf } from "../../test-support/config-issues";
import { describeStateLocation } from "../../src/config/backend";
import { vpcConfig } from "../../test-support/synth-lab";

describe("environments", () => {
  it("makes one stack per environment, named <name>-<env>, each with its own state file", () => {
    const configs = parseLabConfigs({ environments: { dev: {}, prod: { region: "eu-west-1" } } }, "t");
    expect(configs.map((config) => [config.name, config.environment, config.region, describeStateLocation(config)])).toEqual([
      ["vpc-lab-dev", "dev", "us-east-1", "terraform.vpc-lab-dev.tfstate"],
      ["vpc-lab-prod", "prod", "eu-west-1", "terraform.vpc-lab-prod.tfstate"],
    ]);
  });

  it("merges an environment's objects into the lab's (a backend key keeps the bucket) and replaces its lists", () => {
    const [dev] = parseLabConfigs(
      {
        backend: { type: "s3", bucket: "team-state-bucket" },
        environments: { dev: { backend: { key: "dev/lab.tfstate" }, vpcs: [vpcConfig("solo", 7)] } },
      },
      "t",
    );
    expect(describeStateLocation(dev!)).toBe("s3://team-state-bucket/dev/lab.tfstate");
    expect(dev!.vpcs.map((vpc) => vpc.name)).toEqual(["solo"]);
    expect(dev!.peerings).toEqual([]);
  });

  it("gives each environment its own default S3 key", () => {
    const configs = parseLabConfigs({ backend: { type: "s3", bucket: "team-state-bucket" }, environments: { dev: {}, prod: {} } }, "t");
    expect(configs.map(describeStateLocation)).toEqual([
      "s3://team-state-bucket/vpc-lab-dev/terraform.tfstate",
      "s3://team-state-bucket/vpc-lab-prod/terraform.tfstate",
    ]);
  });

  it.each([
    [
      "a problem in what an environment overrides, under environments.<env>.",
      { environments: { dev: { vpcs: [{ ...vpcConfig("vpc1", 1), cidr: "10.1.0.5/16" }] } } },
      "environments.dev.vpcs[0].cidr",
      /host bits are set/,
    ],
    [
      "two environments sharing one state file",
      {
        environments: {
          dev: { backend: { type: "local", path: "same.tfstate" } },
          prod: { backend: { type: "local", path: "same.tfstate" } },
        },
      },
      "environments.prod.backend",
      /stack vpc-lab-dev keeps its state in same.tfstate too/,
    ],
    ["an environment name that cannot end a stack name", { environments: { Dev: {} } }, "environments.Dev", /lowercase letters/],
    [
      "a stack name past 24 characters",
      { environments: { "a-very-long-environment": {} } },
      "environments.a-very-long-environment",
      /fit 24 characters/,
    ],
    [
      "a name inside an environment",
      { environments: { dev: { name: "other" } } },
      "environments.dev.name",
      /stack is named "<name>-<environment>"/,
    ],
    ["no environment at all", { environments: {} }, "environments", /an object of environments/],
    ["an HCP Terraform backend without a workspace", { backend: { type: "cloud", organization: "acme" } }, "backend", /workspace/],
    ["an S3 backend with an invalid bucket name", { backend: { type: "s3", bucket: "Bad_Bucket" } }, "backend.bucket", /lowercase/],
    [
      "a VPC's earlier name that another VPC has now",
      { vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc1"] })] },
      "vpcs[1].previousNames[0]",
      /no VPC has now/,
    ],
    ["the lab's current name among its earlier names", { name: "lab", previousNames: ["lab"] }, "previousNames[0]", /not the current one/],
    [
      "an import id of the wrong kind",
      { vpcs: [vpcConfig("vpc1", 1, { import: { vpc: "subnet-0123456789abcdef0" } })] },
      "vpcs[0].import.vpc",
      /existing VPC/,
    ],
    [
      "a bucket name that differs from the imported bucket's",
      { s3: { bucketName: "another-bucket-name", import: { bucket: "console-made-bucket" } } },
      "s3.bucketName",
      /cannot be renamed/,
    ],
  ])("rejects %s", (_title, overrides, path, problem) => {
    expect(issuesOf(overrides)).toContainEqual(expect.objectContaining({ path, problem: expect.stringMatching(problem) }));
  });

  it("reports a problem of the lab itself once, not once per environment", () => {
    const issues = issuesOf({ region: "mars", environments: { dev: {}, prod: {} } });
    expect(issues.filter((issue) => issue.path === "region")).toHaveLength(1);
  });
});
