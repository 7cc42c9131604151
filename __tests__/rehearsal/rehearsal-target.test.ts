import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RehearsalJson } from "../../src/rehearsal/emulator-adaptations";
import { pointAtEmulator, REHEARSAL_MAX_RETRIES, synthesizeRehearsal } from "../../src/rehearsal/rehearsal-target";
import { labConfig, synthLab } from "../../test-support/synth-lab";

const endpoint = "http://127.0.0.1:45999";

function rehearsalOf(overrides: Record<string, unknown> = {}): { json: RehearsalJson; services: string[] } {
  const json = JSON.parse(synthLab(overrides).text) as RehearsalJson;
  return { json, services: pointAtEmulator(json, endpoint) };
}

describe("pointAtEmulator", () => {
  it("points every service the default lab calls at the emulator", () => {
    const { json, services } = rehearsalOf();
    expect(services).toEqual(["ec2", "iam", "logs", "s3", "ssm", "sts"]);
    expect(json.provider!.aws![0]!.endpoints).toEqual([Object.fromEntries(services.map((service) => [service, endpoint]))]);
  });

  it("gives the provider the emulator's test credentials, path-style S3 and few retries, and keeps region and default tags", () => {
    const { json } = rehearsalOf();
    const real = synthLab().json.provider!.aws![0]!;
    expect(json.provider!.aws![0]).toEqual({
      ...real,
      access_key: "test",
      secret_key: "test",
      endpoints: expect.any(Array),
      s3_use_path_style: true,
      skip_metadata_api_check: "true",
      max_retries: REHEARSAL_MAX_RETRIES,
    });
  });

  it("keeps the state in the stack directory instead of the project's state file", () => {
    const { json } = rehearsalOf();
    expect(synthLab().json.terraform!.backend).not.toEqual(json.terraform!.backend);
    expect(json.terraform!.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  it.each([
    ["an S3 backend", { type: "s3", bucket: "team-state-bucket" }],
    ["HCP Terraform", { type: "cloud", organization: "example-org", workspace: "vpc-lab" }],
  ])("keeps the state in the stack directory in place of %s", (_, backend) => {
    expect(JSON.stringify(synthLab({ backend }).json.terraform)).toMatch(/"(s3|cloud)":/);
    const { json } = rehearsalOf({ backend });
    expect(json.terraform!.backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(json.terraform!.cloud).toBeUndefined();
  });

  it("stops with the type's name when a resource type's service is unknown, so no call can reach AWS", () => {
    const { json } = rehearsalOf();
    json.resource!.aws_lambda_function = { handler: {} };
    expect(() => pointAtEmulator(json, endpoint)).toThrow(/which AWS service serves aws_lambda_function/);
  });
});

describe("synthesizeRehearsal", () => {
  const outdir = mkdtempSync(join(tmpdir(), "rehearsal-target-test-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("synthesizes an offline configuration online into its own directory, so the data sources query the emulator", () => {
    const target = synthesizeRehearsal(labConfig({ offline: true }), { outdir, endpoint });
    expect(target.stackDir.startsWith(outdir)).toBe(true);
    const json = JSON.parse(readFileSync(join(target.stackDir, "cdk.tf.json"), "utf8")) as RehearsalJson;
    expect(Object.keys(json.data!)).toEqual(
      expect.arrayContaining([
        "aws_caller_identity",
        "aws_ssm_parameter",
        "aws_ec2_managed_prefix_list",
        "aws_ec2_instance_type_offerings",
      ]),
    );
    expect(target.adaptations.map((adaptation) => adaptation.key)).toContain("query-definitions");
    expect(target.resourceCount).toBe(Object.values(json.resource!).reduce((sum, byName) => sum + Object.keys(byName).length, 0));
  });
});
