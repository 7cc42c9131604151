/**
 * What a team needs from the synthesized stack: a backend of its choice, renames that replace
 * nothing (moved blocks, AWS-side names kept), and hand-built resources adopted by import blocks.
 */
import { Testing } from "cdktf";
import { LabStack } from "../../src/stacks/lab-stack";
import { parseLabConfig } from "../../src/config";
import type { TerraformJson } from "../../test-support/synth-lab";
import { CONSOLE_BUILT_VPC_IDS, resource, synthLab, vpcConfig } from "../../test-support/synth-lab";

type Moved = { from: string; to: string }[];
const movedOf = (json: TerraformJson) => ((json as unknown as { moved?: Moved }).moved ?? []).map(({ from, to }) => `${from} -> ${to}`);
const importsOf = (json: TerraformJson) => (json as unknown as { import?: { id: string; to: string }[] }).import ?? [];

describe("LabStack backends", () => {
  it("keeps the default local state where it always was, at the project root", () => {
    const { json } = synthLab();
    expect(json.terraform).toMatchObject({
      backend: { local: { path: "../../../terraform.vpc-lab.tfstate" } },
      required_version: ">= 1.5.0",
    });
  });

  it("writes a configured local path relative to the project root", () => {
    const { json } = synthLab({ backend: { type: "local", path: "state/lab.tfstate" } });
    expect(json.terraform).toMatchObject({ backend: { local: { path: "../../../state/lab.tfstate" } } });
  });

  it("uses S3 with native locking by override (cdktf 0.21 has no use_lockfile), encrypted, and states Terraform >= 1.11", () => {
    const { json } = synthLab({ backend: { type: "s3", bucket: "team-state-bucket", roleArn: "arn:aws:iam::123456789012:role/state" } });
    expect(json.terraform).toMatchObject({
      required_version: ">= 1.11.0",
      backend: {
        s3: {
          bucket: "team-state-bucket",
          key: "vpc-lab/terraform.tfstate",
          region: "us-east-1",
          encrypt: true,
          use_lockfile: true,
          assume_role: { role_arn: "arn:aws:iam::123456789012:role/state" },
        },
      },
    });
    expect(JSON.stringify(json.terraform)).not.toMatch(/dynamodb/);
  });

  it("leaves use_lockfile out, and Terraform at >= 1.5, when S3 locking is turned off", () => {
    const { json } = synthLab({ backend: { type: "s3", bucket: "team-state-bucket", useLockfile: false } });
    expect((json.terraform as { backend: { s3: object } }).backend.s3).not.toHaveProperty("use_lockfile");
    expect(json.terraform).toMatchObject({ required_version: ">= 1.5.0" });
  });

  it.each([
    [
      { workspace: "vpc-lab", project: "networking" },
      { name: "vpc-lab", project: "networking" },
    ],
    [{ workspaceTags: ["vpc-lab", "team-net"] }, { tags: ["vpc-lab", "team-net"] }],
  ])("uses HCP Terraform's cloud block with %j", (fields, workspaces) => {
    const { json } = synthLab({ backend: { type: "cloud", organization: "acme", ...fields } });
    expect(json.terraform).toMatchObject({ cloud: { organization: "acme", hostname: "app.terraform.io", workspaces } });
  });

  it("keeps an offline preview's state apart from the real deploy's, whatever the backend", () => {
    const { json } = synthLab({ offline: true, backend: { type: "s3", bucket: "team-state-bucket" } });
    expect(json.terraform).toMatchObject({ backend: { local: { path: "../../../terraform.vpc-lab.offline-preview.tfstate" } } });
  });
});

describe("LabStack renames", () => {
  const original = synthLab().json;
  const renamed = synthLab({
    vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc2"] })],
    peerings: [{ requester: "vpc1", accepter: "app" }],
  }).json;

  it("moves every address derived from the old name, and nothing else", () => {
    expect(movedOf(renamed).sort()).toEqual(
      [
        "aws_default_security_group.vpc2 -> aws_default_security_group.app",
        "aws_eip.vpc2 -> aws_eip.app",
        "aws_flow_log.vpc2 -> aws_flow_log.app",
        "aws_cloudwatch_log_group.vpc2_flow_logs -> aws_cloudwatch_log_group.app_flow_logs",
        "aws_iam_instance_profile.vpc2_instance -> aws_iam_instance_profile.app_instance",
        "aws_iam_role.vpc2_instance -> aws_iam_role.app_instance",
        "aws_iam_role_policy.vpc2_instance_s3 -> aws_iam_role_policy.app_instance_s3",
        "aws_instance.vpc2 -> aws_instance.app",
        "aws_internet_gateway.vpc2 -> aws_internet_gateway.app",
        "aws_route.vpc1_to_vpc2 -> aws_route.vpc1_to_app",
        "aws_route.vpc2_public_internet -> aws_route.app_public_internet",
        "aws_route.vpc2_to_vpc1 -> aws_route.app_to_vpc1",
        "aws_route_table.vpc2_public -> aws_route_table.app_public",
        "aws_route_table_association.vpc2_public -> aws_route_table_association.app_public",
        "aws_security_group.vpc2_instance -> aws_security_group.app_instance",
        "aws_subnet.vpc2_public -> aws_subnet.app_public",
        "aws_vpc.vpc2 -> aws_vpc.app",
        "aws_vpc_endpoint.vpc2_s3 -> aws_vpc_endpoint.app_s3",
        "aws_vpc_peering_connection.vpc1_vpc2 -> aws_vpc_peering_connection.vpc1_app",
        "aws_vpc_security_group_egress_rule.vpc1_icmp_to_vpc2 -> aws_vpc_security_group_egress_rule.vpc1_icmp_to_app",
        "aws_vpc_security_group_egress_rule.vpc2_https_out -> aws_vpc_security_group_egress_rule.app_https_out",
        "aws_vpc_security_group_egress_rule.vpc2_icmp_to_vpc1 -> aws_vpc_security_group_egress_rule.app_icmp_to_vpc1",
        "aws_vpc_security_group_ingress_rule.vpc1_icmp_from_vpc2 -> aws_vpc_security_group_ingress_rule.vpc1_icmp_from_app",
        "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1 -> aws_vpc_security_group_ingress_rule.app_icmp_from_vpc1",
        "aws_vpc_security_group_ingress_rule.vpc2_ssh_from_instance_connect -> aws_vpc_security_group_ingress_rule.app_ssh_from_instance_connect",
      ].sort(),
    );
  });

  it("keeps every AWS-side name that forces replacement: security group, log group, IAM prefixes", () => {
    const same = (type: string, before: string, after: string, field: string) =>
      expect(resource(renamed, type, after)[field]).toEqual(resource(original, type, before)[field]);
    same("aws_security_group", "vpc2_instance", "app_instance", "name_prefix");
    same("aws_security_group", "vpc2_instance", "app_instance", "description");
    same("aws_cloudwatch_log_group", "vpc2_flow_logs", "app_flow_logs", "name");
    same("aws_iam_role", "vpc2_instance", "app_instance", "name_prefix");
    same("aws_iam_instance_profile", "vpc2_instance", "app_instance", "name_prefix");
  });

  it("keeps the peering's requester and accepter sides, even where the new name sorts first", () => {
    const mesh = synthLab({ vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc2"] })] }).json;
    expect(Object.keys(mesh.resource.aws_vpc_peering_connection ?? {})).toEqual(["vpc1_app"]);
    expect(resource(mesh, "aws_vpc_peering_connection", "vpc1_app")).toMatchObject({
      vpc_id: "${aws_vpc.vpc1.id}",
      peer_vpc_id: "${aws_vpc.app.id}",
    });
  });

  it("follows a chain of renames with a chain of moves", () => {
    const { json } = synthLab({ vpcs: [vpcConfig("vpc1", 1), vpcConfig("c", 2, { previousNames: ["a", "b"] })] });
    expect(movedOf(json)).toEqual(expect.arrayContaining(["aws_vpc.a -> aws_vpc.b", "aws_vpc.b -> aws_vpc.c"]));
  });

  it("keeps the state location and every AWS-side name when the lab itself is renamed", () => {
    const { json } = synthLab({ name: "net-lab", previousNames: ["vpc-lab"] });
    expect(json.terraform).toMatchObject({ backend: { local: { path: "../../../terraform.vpc-lab.tfstate" } } });
    expect(resource(json, "aws_s3_bucket", "lab").bucket_prefix).toBe("vpc-lab-");
    expect(resource(json, "aws_iam_role", "flow_logs").name_prefix).toBe(resource(original, "aws_iam_role", "flow_logs").name_prefix);
    expect(resource(json, "aws_cloudwatch_log_group", "vpc1_flow_logs").name).toBe("/vpc-lab/vpc-flow-logs/vpc1");
    expect(movedOf(json)).toEqual([]);
    expect(JSON.stringify((json.provider as { aws: { default_tags: unknown }[] }).aws[0]!.default_tags)).toContain('"Project":"net-lab"');
  });

  it("writes the moved blocks into HCL output too", () => {
    const app = Testing.app();
    process.env.SYNTH_HCL_OUTPUT = "true";
    try {
      const stack = new LabStack(app, "hcl-lab", {
        config: parseLabConfig({ vpcs: [vpcConfig("vpc1", 1), vpcConfig("app", 2, { previousNames: ["vpc2"] })] }, "t"),
      });
      const hcl = Testing.synthHcl(stack);
      expect(hcl).toMatch(/moved \{\s+to\s*= aws_vpc\.app\s+from\s*= aws_vpc\.vpc2\s+\}/);
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
  });
});

describe("LabStack imports", () => {
  const { json } = synthLab({
    vpcs: [
      vpcConfig("vpc1", 1, {
        import: CONSOLE_BUILT_VPC_IDS,
      }),
      vpcConfig("vpc2", 2),
    ],
    peerings: [{ requester: "vpc1", accepter: "vpc2", import: "pcx-0123456789abcdef0" }],
    s3: { import: { bucket: "console-made-lab-bucket" } },
  });

  it("adopts each hand-built resource through an import block at its address, with the routes and association a hand-built route table already has", () => {
    expect(
      importsOf(json)
        .map(({ to, id }) => `${to} <- ${id}`)
        .sort(),
    ).toEqual(
      [
        "aws_eip.vpc1 <- eipalloc-0123456789abcdef0",
        "aws_instance.vpc1 <- i-0123456789abcdef0",
        "aws_internet_gateway.vpc1 <- igw-0123456789abcdef0",
        "aws_route.vpc1_public_internet <- rtb-0123456789abcdef0_0.0.0.0/0",
        "aws_route.vpc1_to_vpc2 <- rtb-0123456789abcdef0_10.2.0.0/16",
        "aws_route_table.vpc1_public <- rtb-0123456789abcdef0",
        "aws_route_table_association.vpc1_public <- subnet-0123456789abcdef0/rtb-0123456789abcdef0",
        "aws_s3_bucket.lab <- console-made-lab-bucket",
        "aws_security_group.vpc1_instance <- sg-0123456789abcdef0",
        "aws_subnet.vpc1_public <- subnet-0123456789abcdef0",
        "aws_vpc.vpc1 <- vpc-0123456789abcdef0",
        "aws_vpc_peering_connection.vpc1_vpc2 <- pcx-0123456789abcdef0",
      ].sort(),
    );
  });

  it("names an adopted bucket exactly (no prefix, which would replace it)", () => {
    expect(resource(json, "aws_s3_bucket", "lab")).toMatchObject({ bucket: "console-made-lab-bucket" });
    expect(resource(json, "aws_s3_bucket", "lab")).not.toHaveProperty("bucket_prefix");
  });

  it("keeps an adopted security group's name and description, and an adopted instance's key pair, instead of replacing them", () => {
    expect(resource(json, "aws_security_group", "vpc1_instance").lifecycle).toMatchObject({
      ignore_changes: ["name", "name_prefix", "description"],
    });
    expect(resource(json, "aws_instance", "vpc1").lifecycle).toMatchObject({ ignore_changes: ["ami", "key_name"] });
    expect(resource(json, "aws_security_group", "vpc2_instance").lifecycle).not.toHaveProperty("ignore_changes");
  });
});
