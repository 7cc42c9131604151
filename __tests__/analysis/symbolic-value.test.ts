import type { SymbolicValue } from "../../src/analysis/symbolic-value";
import { accountHole, concat, contextHole, generatedSuffix, hole, literal, matches3 } from "../../src/analysis/symbolic-value";

const bucketArn = concat(literal("arn:aws:s3:::vpc-lab-"), hole("aws_s3_bucket.lab.bucket"));
const roleArn = concat(
  literal("arn:aws:iam::"),
  hole("the account id"),
  literal(":role/vpc-lab-vpc1-instance-"),
  hole("aws_iam_role.vpc1.name"),
);
const issuer = hole("data.aws_iam_session_context.terraform.issuer_arn", true);
const roleArnInContext = concat(
  literal("arn:aws:iam::"),
  contextHole("the account id"),
  literal(":role/vpc-lab-vpc1-instance-"),
  hole("aws_iam_role.vpc1.name"),
);
/** A role named by `name_prefix`, as Terraform writes it: the prefix, then a suffix of digits and lowercase hex. */
const prefixedRoleArn = concat(
  literal("arn:aws:iam::"),
  accountHole("the account id"),
  literal(":role/vpc-lab-vpc1-instance-"),
  generatedSuffix("aws_iam_role.vpc1.name"),
);

describe("matches3", () => {
  const cases: [string, SymbolicValue, SymbolicValue, boolean, true | false | "unknown"][] = [
    ["a wildcard over the generated suffix matches whatever it is", literal("arn:aws:s3:::vpc-lab-*"), bucketArn, true, true],
    ["a literal after the known prefix may or may not match the suffix", literal("arn:aws:s3:::vpc-lab-2026*"), bucketArn, true, "unknown"],
    ["another bucket's name never matches", literal("arn:aws:s3:::other-*"), bucketArn, true, false],
    ["the same reference matches itself", concat(bucketArn, literal("/*")), concat(bucketArn, literal("/test.txt")), true, true],
    ["an endpoint id matches itself only", hole("aws_vpc_endpoint.vpc1_s3.id"), hole("aws_vpc_endpoint.vpc1_s3.id"), false, true],
    ["two endpoints' ids differ", hole("aws_vpc_endpoint.vpc1_s3.id"), hole("aws_vpc_endpoint.vpc2_s3.id"), false, false],
    [
      "a role ARN in another account does not match an admin's name",
      literal("arn:aws:iam::111122223333:role/Admin"),
      roleArn,
      false,
      false,
    ],
    [
      "a literal account may be the account AWS reports",
      literal("arn:aws:iam::123456789012:role/vpc-lab-vpc1-instance-*"),
      roleArn,
      true,
      "unknown",
    ],
    [
      "an ARN AWS returns may be a role of the account made elsewhere",
      issuer,
      literal("arn:aws:iam::123456789012:role/Admin"),
      false,
      "unknown",
    ],
    ["an ARN AWS returns is never a role this stack creates", issuer, roleArnInContext, false, false],
    ["an ARN AWS returns matches itself", issuer, issuer, false, true],
    ["without wildcards, * is a character", literal("arn:aws:s3:::vpc-lab-*"), bucketArn, false, "unknown"],
    ["case matters in ARNs", literal("ARN:AWS:S3:::VPC-LAB-*"), bucketArn, true, false],
    // The role name's prefix decides ArnLike patterns wherever the generated suffix cannot.
    [
      "a pattern of the role's prefix matches whatever the suffix is",
      literal("arn:aws:iam::*:role/vpc-lab-*"),
      prefixedRoleArn,
      true,
      true,
    ],
    ["a pattern of another prefix never matches", literal("arn:aws:iam::*:role/admin-*"), prefixedRoleArn, true, false],
    ["another VPC's role prefix never matches", literal("arn:aws:iam::*:role/vpc-lab-vpc2-*"), prefixedRoleArn, true, false],
    ["a suffix never holds a letter beyond f", literal("arn:aws:iam::*:role/vpc-lab-vpc1-instance-*x"), prefixedRoleArn, true, false],
    ["a suffix may start with the year", literal("arn:aws:iam::*:role/vpc-lab-vpc1-instance-2*"), prefixedRoleArn, true, "unknown"],
    ["an account id never holds the rest of an ARN", literal("arn:aws:iam::*:role/admin"), prefixedRoleArn, true, false],
  ];
  it.each(cases)("%s", (_name, pattern, value, wildcards, expected) => {
    expect(matches3(pattern, value, { wildcards })).toBe(expected);
  });

  it("ignores case when asked", () => {
    expect(matches3(literal("ARN:AWS:S3:::VPC-LAB-*"), bucketArn, { wildcards: true, ignoreCase: true })).toBe(true);
  });
});
