import { interpolationEnd, interpolations } from "../../src/analysis/terraform-json";

const expressions = (template: string) => interpolations(template).map((i) => i.expression);

describe("interpolations (one scanner for the HCL renderer, the diff and the reading)", () => {
  it("finds each ${...} of a template, in order", () => {
    expect(expressions("arn:${aws_s3_bucket.lab.arn}/${var.key}")).toEqual(["aws_s3_bucket.lab.arn", "var.key"]);
  });

  it("reads $${ as a literal ${, not an interpolation", () => {
    expect(expressions("$${srcaddr} ${aws_vpc.a.id}")).toEqual(["aws_vpc.a.id"]);
  });

  it("closes an interpolation at its own brace, past nested objects and quoted braces", () => {
    expect(expressions('${jsonencode({ a = "}" })}-${aws_vpc.b.id}')).toEqual(['jsonencode({ a = "}" })', "aws_vpc.b.id"]);
    // A quoted string inside a template nested in a quoted string: Terraform's rule, which the HCL renderer follows.
    expect(expressions('${upper("${ "}" }")}')).toEqual(['upper("${ "}" }")']);
  });

  it("reads an interpolation that does not close up to the end of the text", () => {
    expect(interpolations("x-${aws_vpc.a.id")).toEqual([{ start: 4, end: 16, expression: "aws_vpc.a.id" }]);
    expect(interpolationEnd("${aws_vpc.a.id", 2)).toBe(-1);
  });
});
