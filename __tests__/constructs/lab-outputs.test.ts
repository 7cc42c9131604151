import { synthLab, vpcConfig } from "../../test-support/synth-lab";

/** Chapter 1 only (no flow logs, no bucket): faster to synthesize where those outputs are not the subject. */
const CHAPTER_ONE = { flowLogs: false, s3: false };

type Outputs = Record<string, { value: Record<string, Record<string, unknown>> }>;
const outputsOf = (overrides: Record<string, unknown>) => {
  const { json, stack } = synthLab(overrides);
  // Testing.synth leaves out the `//` metadata; the stack's own rendering keeps it.
  const metadata = (stack.toTerraform() as { "//": { outputs: unknown } })["//"].outputs;
  return { outputs: json.output as unknown as Outputs, metadata };
};

describe("LabOutputs", () => {
  it("writes the outputs as the stack's own, so cdktf's outputs file keeps them at <stack>.<name>", () => {
    const { outputs, metadata } = outputsOf({});
    const names = ["flow_log_group_names", "flow_log_ids", "flow_log_query_names", "instances", "logs_insights_url"];
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining([...names, "peering_connection_ids", "s3_bucket", "vpc_ids"]));
    expect(metadata).toEqual({ "test-lab": Object.fromEntries(Object.keys(outputs).map((name) => [name, name])) });
  });

  it("gives each instance a ping command per peer that has an instance, and its region's console link", () => {
    const { outputs } = outputsOf({
      ...CHAPTER_ONE,
      vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2, { region: "eu-west-1" }), vpcConfig("vpc3", 3, { instance: false })],
    });
    const vpc2 = outputs.instances!.value.vpc2!;
    expect(vpc2.ping_commands).toEqual({ vpc1: "ping -c 4 ${aws_instance.vpc1.private_ip}" });
    expect(String(vpc2.instance_connect_url)).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/ec2\/home\?region=eu-west-1#/);
    expect(Object.keys(outputs.instances!.value)).toEqual(["vpc1", "vpc2"]);
  });

  it.each([
    ["public-ip mode without sshCidrs: no command (the console's prefix list covers the console only)", {}, undefined],
    [
      "public-ip mode with sshCidrs",
      { sshCidrs: ["203.0.113.0/24"] },
      "aws ec2-instance-connect ssh --region us-east-1 --instance-id ${aws_instance.vpc1.id}",
    ],
    [
      "endpoint mode: through the endpoint",
      { instanceConnect: "endpoint" },
      "aws ec2-instance-connect ssh --region us-east-1 --instance-id ${aws_instance.vpc1.id} --connection-type eice",
    ],
  ])("gives an ssh command in %s", (_, overrides, command) => {
    expect(outputsOf({ ...CHAPTER_ONE, ...overrides }).outputs.instances!.value.vpc1!.ssh_command).toEqual(command);
  });

  it("leaves the flow log and S3 outputs out when those chapters are off", () => {
    expect(Object.keys(outputsOf(CHAPTER_ONE).outputs).sort()).toEqual(["instances", "peering_connection_ids", "vpc_ids"]);
  });

  it("keys the outputs by VPC names, constructor included", () => {
    const { outputs } = outputsOf({ vpcs: [vpcConfig("constructor", 1), vpcConfig("vpc2", 2)], flowLogs: false });
    expect(outputs.vpc_ids!.value).toEqual({ constructor: "${aws_vpc.constructor.id}", vpc2: "${aws_vpc.vpc2.id}" });
    expect(outputs.s3_endpoint_ids!.value).toEqual({
      constructor: "${aws_vpc_endpoint.constructor_s3.id}",
      vpc2: "${aws_vpc_endpoint.vpc2_s3.id}",
    });
  });
});
