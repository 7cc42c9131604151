import { summarizeStack } from "../../src/synth/synth-summary";

describe("summarizeStack", () => {
  it("names the stack and the path, then counts resources by type", () => {
    const text = summarizeStack("vpc-lab", "cdktf.out/stacks/vpc-lab/cdk.tf.json", {
      resource: { aws_vpc: { a: {}, b: {} }, aws_eip: { a: {} } },
      data: { aws_region: { current: {} } },
      output: { vpc_ids: {} },
    });
    expect(text.split("\n")).toEqual([
      'Synthesized stack "vpc-lab" -> cdktf.out/stacks/vpc-lab/cdk.tf.json',
      "  3 resources, 1 data sources, 1 outputs",
      "    aws_eip  1",
      "    aws_vpc  2",
    ]);
  });
});
