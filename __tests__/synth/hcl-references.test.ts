import { renderTerraformBlockAttributes, unquoteReferenceLists } from "../../src/synth/hcl-references";

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

  it("turns a quoted provider alias into a bare reference (VPCs in other regions and accounts)", () => {
    expect(unquoteReferenceLists('resource "aws_vpc" "vpc2" {\n  provider = "aws.shared_eu-west-1"\n}')).toBe(
      'resource "aws_vpc" "vpc2" {\n  provider = aws.shared_eu-west-1\n}',
    );
  });

  it("leaves strings outside those lists alone", () => {
    const hcl = 'tags = ["aws_internet_gateway.vpc1"]\nname = "a.b"\nvpc_security_group_ids = ["sg"]';
    expect(unquoteReferenceLists(hcl)).toBe(hcl);
  });
});

describe("renderTerraformBlockAttributes", () => {
  it("writes the terraform block's plain attributes by name, where cdktf 0.21 writes their list index", () => {
    const hcl = 'terraform {\n  required_providers {\n  }\n  0 = "required_version"\n}';
    expect(renderTerraformBlockAttributes(hcl, { required_version: ">= 1.5.0" })).toBe(
      'terraform {\n  required_providers {\n  }\n  required_version = ">= 1.5.0"\n}',
    );
  });
});
