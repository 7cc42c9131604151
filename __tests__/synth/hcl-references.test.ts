import { unquoteDependsOn } from "../../src/synth/hcl-references";

describe("unquoteDependsOn", () => {
  it("turns quoted depends_on entries into bare references", () => {
    const hcl = 'resource "aws_eip" "vpc1" {\n  depends_on = [\n    "aws_internet_gateway.vpc1",\n    "data.aws_region.current",\n  ]\n}';
    expect(unquoteDependsOn(hcl)).toBe(
      'resource "aws_eip" "vpc1" {\n  depends_on = [\n    aws_internet_gateway.vpc1,\n    data.aws_region.current,\n  ]\n}',
    );
  });

  it("leaves strings outside depends_on alone", () => {
    const hcl = 'tags = ["aws_internet_gateway.vpc1"]\nname = "a.b"';
    expect(unquoteDependsOn(hcl)).toBe(hcl);
  });
});
