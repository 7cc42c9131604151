import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RehearsalJson } from "../../src/rehearsal/emulator-adaptations";
import {
  adaptForEmulator,
  describeAdaptation,
  EMULATOR_ADAPTATIONS,
  LEFTOVER_CHECK_LIMITS,
  REHEARSAL_ROOT_VOLUME_GIB,
} from "../../src/rehearsal/emulator-adaptations";
import { resolveLab } from "../../src/config";
import { labPlaces } from "../../src/rehearsal/rehearse-lab";
import { multiRegionLab, SHARED_ACCOUNT } from "../../test-support/multi-region-lab";
import { addresses, labConfig, synthLab } from "../../test-support/synth-lab";

function adaptedDefaultLab(overrides: Record<string, unknown> = {}) {
  const real = synthLab(overrides).json;
  const rehearsal = JSON.parse(JSON.stringify(real)) as RehearsalJson;
  const applied = adaptForEmulator(rehearsal);
  return { real, rehearsal, applied };
}

describe("EMULATOR_ADAPTATIONS", () => {
  const { real, rehearsal, applied } = adaptedDefaultLab();
  const rehearsed = rehearsal as typeof real;

  it("leaves out the three saved queries and no other resource", () => {
    const removed = addresses(real).filter((address) => !addresses(rehearsed).includes(address));
    expect(removed).toEqual([
      "aws_cloudwatch_query_definition.peered_vpc_traffic",
      "aws_cloudwatch_query_definition.rejected_traffic",
      "aws_cloudwatch_query_definition.top_byte_transfers",
    ]);
  });

  it("reports each adaptation that changed the default lab, with what it changed and why", () => {
    expect(applied.map((adaptation) => adaptation.key)).toEqual([
      "query-definitions",
      "root-volume-size",
      "prefix-list-rule-description",
      "bucket-policy-object-denies",
    ]);
    expect(describeAdaptation(applied[0]!)).toBe(
      "not rehearsed: 3 aws_cloudwatch_query_definition, the emulator has no PutQueryDefinition (HTTP 500 NotImplemented)",
    );
  });

  it("gives each instance's root volume the AMI's size and changes nothing else of the instance", () => {
    for (const [name, instance] of Object.entries(rehearsed.resource.aws_instance!)) {
      const original = real.resource.aws_instance![name]!;
      expect(instance.root_block_device).toEqual({ ...(original.root_block_device as object), volume_size: REHEARSAL_ROOT_VOLUME_GIB });
      expect({ ...instance, root_block_device: undefined }).toEqual({ ...original, root_block_device: undefined });
    }
  });

  it("ignores the read-back of the description only on security group rules whose source is a prefix list", () => {
    const rules = rehearsed.resource.aws_vpc_security_group_ingress_rule!;
    for (const [name, rule] of Object.entries(rules)) {
      const original = real.resource.aws_vpc_security_group_ingress_rule![name]!;
      if (original.prefix_list_id === undefined) expect(rule).toEqual(original);
      else expect(rule).toEqual({ ...original, lifecycle: { ignore_changes: ["description"] } });
    }
    expect(rehearsed.resource.aws_vpc_security_group_egress_rule).toEqual(real.resource.aws_vpc_security_group_egress_rule);
  });

  it("keeps the bucket policy and its statements, with the Deny statements covering the bucket but not its objects", () => {
    const statements = (document: typeof real) =>
      (document.data!.aws_iam_policy_document!.bucket_policy!.statement as { sid: string; resources: string[] }[]).map((s) => ({
        sid: s.sid,
        resources: s.resources,
      }));
    expect(statements(rehearsed)).toEqual([
      { sid: "DenyOutsideLabEndpoints", resources: ["${aws_s3_bucket.lab.arn}"] },
      { sid: "DenyInsecureTransport", resources: ["${aws_s3_bucket.lab.arn}"] },
    ]);
    expect(statements(real)[0]!.resources).toEqual(["${aws_s3_bucket.lab.arn}", "${aws_s3_bucket.lab.arn}/*"]);
    expect(rehearsed.resource.aws_s3_bucket_policy).toEqual(real.resource.aws_s3_bucket_policy);
  });

  it("changes nothing in a lab without flow logs, bucket or instances", () => {
    const {
      real: bare,
      rehearsal: rehearsedBare,
      applied: none,
    } = adaptedDefaultLab({
      flowLogs: false,
      s3: false,
      vpcs: [
        { name: "vpc1", cidr: "10.1.0.0/16", publicSubnetCidr: "10.1.0.0/24", instance: false },
        { name: "vpc2", cidr: "10.2.0.0/16", publicSubnetCidr: "10.2.0.0/24", instance: false },
      ],
    });
    expect(none).toEqual([]);
    expect(rehearsedBare).toEqual(bare);
  });

  it("leaves out import blocks, so that the rehearsal creates what a real deploy would adopt", () => {
    const { rehearsal: adopting, applied: adaptations } = adaptedDefaultLab({
      vpcs: [
        { name: "vpc1", cidr: "10.1.0.0/16", publicSubnetCidr: "10.1.0.0/24", import: { vpc: "vpc-0123456789abcdef0" } },
        { name: "vpc2", cidr: "10.2.0.0/16", publicSubnetCidr: "10.2.0.0/24" },
      ],
    });
    expect(adopting.import).toBeUndefined();
    expect(adopting.resource!.aws_vpc!.vpc1).toBeDefined();
    expect(adaptations.find((adaptation) => adaptation.key === "import-blocks")?.what).toBe("1 import blocks");
  });

  it("refuses to leave out a saved query that something refers to", () => {
    const { real: lab } = adaptedDefaultLab();
    const json = JSON.parse(JSON.stringify(lab)) as RehearsalJson;
    json.output = { query: { value: "${aws_cloudwatch_query_definition.rejected_traffic.query_definition_id}" } };
    expect(() => adaptForEmulator(json)).toThrow(/aws_cloudwatch_query_definition.rejected_traffic.query_definition_id/);
  });

  it("are each listed in docs/rehearsal.md with the leftover-check limits", () => {
    const readme = readFileSync(join(__dirname, "../../docs/rehearsal.md"), "utf8");
    for (const adaptation of EMULATOR_ADAPTATIONS) expect(readme).toContain(`\`${adaptation.key}\``);
    for (const limit of LEFTOVER_CHECK_LIMITS) expect(readme).toContain(limit.what);
  });
});

describe("the rehearsal of a lab across regions and accounts in endpoint mode", () => {
  const { real, rehearsal, applied } = adaptedDefaultLab(multiRegionLab({ instanceConnect: "endpoint" }));
  const rehearsed = rehearsal as typeof real;

  it("leaves out the Instance Connect Endpoints only, and says so", () => {
    const removed = addresses(real).filter((address) => !addresses(rehearsed).includes(address) && !address.includes("query_definition"));
    expect(removed).toEqual([
      "aws_ec2_instance_connect_endpoint.vpc1",
      "aws_ec2_instance_connect_endpoint.vpc2",
      "aws_ec2_instance_connect_endpoint.vpc3",
      "aws_ec2_instance_connect_endpoint.vpc4",
    ]);
    expect(applied.map((adaptation) => adaptation.key)).toEqual(
      expect.arrayContaining(["instance-connect-endpoints", "security-group-reference-rule-description"]),
    );
    expect(describeAdaptation(applied.find((a) => a.key === "instance-connect-endpoints")!)).toMatch(
      /^not rehearsed: 4 aws_ec2_instance_connect_endpoint, the emulator has no EC2 Instance Connect Endpoint API/,
    );
  });

  it("ignores the read-back of the description on rules between the endpoint's and the instance's groups only", () => {
    const adapted = Object.entries(rehearsed.resource.aws_vpc_security_group_egress_rule!)
      .filter(([, rule]) => rule.lifecycle !== undefined)
      .map(([name]) => name);
    expect(adapted).toEqual([
      "vpc1_eice_ssh_to_instance",
      "vpc2_eice_ssh_to_instance",
      "vpc3_eice_ssh_to_instance",
      "vpc4_eice_ssh_to_instance",
    ]);
    expect(rehearsed.resource.aws_vpc_security_group_ingress_rule!.vpc1_ssh_from_instance_connect_endpoint!.lifecycle).toEqual({
      ignore_changes: ["description"],
    });
  });

  it("reads the emulator's inventory in every region of every account the lab uses, another account through its role", () => {
    expect(labPlaces(resolveLab(labConfig(multiRegionLab())))).toEqual([
      { region: "us-east-1" },
      { region: "eu-west-1" },
      { region: "us-east-1", roleArn: SHARED_ACCOUNT.shared.roleArn },
      { region: "eu-west-1", roleArn: SHARED_ACCOUNT.shared.roleArn },
    ]);
    expect(labPlaces(resolveLab(labConfig()))).toEqual([{ region: "us-east-1" }]);
  });
});
