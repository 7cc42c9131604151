import { unquoteReferenceLists } from "../../src/synth/hcl-references";

describe("unquoteReferenceLists", () => {
  it("turns quoted depends_on entries into bare references", () => {
    const hcl = 'resource "aws_eip" "vpc1" {\n  depends_on = [\n    "aws_internet_gateway.vpc1",\n    "data.aws_region.current",\n  ]\n}';
    expect(unquoteReferenceLists(hcl)).toBe(
      'resource "aws_eip" "vpc1" {\n  depends_on = [\n    aws_internet_gateway.vpc1,\n    data.aws_region.current,\n  ]\n}',
    );
  });

  it("turns quoted ignore_changes attribute names into bare names", () => {
    expect(unquoteReferenceLists('lifecycle {\n  ignore_changes = [\n"availability_zone",\n"ami",\n]\n}')).toBe(
      "lifecycle {\n  ignore_changes = [\navailability_zone,\nami,\n]\n}",
    );
  });

  it("leaves strings outside those lists alone", () => {
    const hcl = 'tags = ["aws_internet_gateway.vpc1"]\nname = "a.b"\nvpc_security_group_ids = ["sg"]';
    expect(unquoteReferenceLists(hcl)).toBe(hcl);
  });
});
