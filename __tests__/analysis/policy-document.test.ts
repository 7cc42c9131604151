import type { PolicyDocument, PolicyRequest } from "../../src/analysis/policy-document";
import { evaluatePolicy, readPolicy } from "../../src/analysis/policy-document";
import { TerraformDocument } from "../../src/analysis/terraform-json";

const bucket = "${aws_s3_bucket.lab.arn}";
const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  action: "s3:GetObject",
  resource: `${bucket}/test.txt`,
  principalArn: "${aws_iam_role.vpc1_instance.arn}",
  context: { "aws:SecureTransport": "true", "aws:SourceVpce": "${aws_vpc_endpoint.vpc1_s3.id}" },
  ...overrides,
});
const everyone = [{ type: "*", identifiers: ["*"] }];

const bucketPolicy: PolicyDocument = {
  address: "data.aws_iam_policy_document.bucket_policy",
  statements: [
    {
      sid: "DenyOutsideLabEndpoints",
      effect: "Deny",
      actions: ["s3:*"],
      resources: [bucket, `${bucket}/*`],
      principals: everyone,
      conditions: [
        { test: "StringNotEquals", variable: "aws:SourceVpce", values: ["${aws_vpc_endpoint.vpc1_s3.id}"] },
        { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/terraform"] },
      ],
    },
    {
      sid: "DenyInsecureTransport",
      effect: "Deny",
      actions: ["s3:*"],
      resources: [bucket, `${bucket}/*`],
      principals: everyone,
      conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    },
  ],
};

describe("evaluatePolicy", () => {
  it("lets a request through a listed endpoint past the endpoint-only deny", () => {
    expect(evaluatePolicy(bucketPolicy, request()).decision).toBe("implicit-deny");
  });

  it("denies a request from another endpoint, or from none (a missing key matches a negated operator)", () => {
    expect(
      evaluatePolicy(bucketPolicy, request({ context: { "aws:SecureTransport": "true", "aws:SourceVpce": "vpce-other" } })).statement?.sid,
    ).toBe("DenyOutsideLabEndpoints");
    expect(evaluatePolicy(bucketPolicy, request({ context: { "aws:SecureTransport": "true" } })).decision).toBe("explicit-deny");
  });

  it("exempts the Terraform principal from the endpoint-only deny (no lockout)", () => {
    expect(
      evaluatePolicy(
        bucketPolicy,
        request({ principalArn: "arn:aws:iam::123456789012:role/terraform", context: { "aws:SecureTransport": "true" } }),
      ).decision,
    ).toBe("implicit-deny");
  });

  it("denies plain HTTP", () => {
    expect(
      evaluatePolicy(
        bucketPolicy,
        request({ context: { "aws:SecureTransport": "false", "aws:SourceVpce": "${aws_vpc_endpoint.vpc1_s3.id}" } }),
      ).statement?.sid,
    ).toBe("DenyInsecureTransport");
  });

  it("matches actions case-insensitively with wildcards, and object ARNs with /*", () => {
    const policy: PolicyDocument = {
      address: "p",
      statements: [{ effect: "Allow", actions: ["S3:Get*"], resources: [`${bucket}/*`], conditions: [] }],
    };
    expect(evaluatePolicy(policy, request()).decision).toBe("allow");
    expect(evaluatePolicy(policy, request({ action: "s3:PutObject" })).decision).toBe("implicit-deny");
    expect(evaluatePolicy(policy, request({ action: "s3:GetObject", resource: bucket })).decision).toBe("implicit-deny");
  });

  it("honours NotAction and principal lists", () => {
    const policy: PolicyDocument = {
      address: "p",
      statements: [
        {
          effect: "Allow",
          notActions: ["s3:DeleteObject"],
          resources: ["*"],
          principals: [{ type: "AWS", identifiers: ["${aws_iam_role.vpc2_instance.arn}"] }],
          conditions: [],
        },
      ],
    };
    expect(evaluatePolicy(policy, request({ principalArn: "${aws_iam_role.vpc2_instance.arn}" })).decision).toBe("allow");
    expect(evaluatePolicy(policy, request()).decision).toBe("implicit-deny");
  });

  it("assumes an unknown condition operator applies to a Deny and not to an Allow", () => {
    const condition = { test: "NumericLessThan", variable: "s3:max-keys", values: ["10"] };
    const deny: PolicyDocument = {
      address: "p",
      statements: [{ effect: "Deny", actions: ["*"], resources: ["*"], conditions: [condition] }],
    };
    const allow: PolicyDocument = {
      address: "p",
      statements: [{ effect: "Allow", actions: ["*"], resources: ["*"], conditions: [condition] }],
    };
    expect(evaluatePolicy(deny, request()).decision).toBe("explicit-deny");
    expect(evaluatePolicy(allow, request()).decision).toBe("implicit-deny");
  });
});

describe("readPolicy", () => {
  it("reads an aws_iam_policy_document data source through a reference to its json", () => {
    const doc = new TerraformDocument({
      data: {
        aws_iam_policy_document: {
          p: {
            statement: [
              {
                sid: "A",
                effect: "Allow",
                actions: ["s3:ListBucket"],
                resources: [bucket],
                condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }],
              },
            ],
          },
        },
      },
    });
    expect(readPolicy(doc, "${data.aws_iam_policy_document.p.json}", "x")).toEqual({
      address: "data.aws_iam_policy_document.p",
      statements: [
        {
          sid: "A",
          effect: "Allow",
          actions: ["s3:ListBucket"],
          resources: [bucket],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }],
        },
      ],
    });
  });

  it("reads a literal policy JSON string, principal * included", () => {
    const json = JSON.stringify({
      Statement: [
        { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ],
    });
    const policy = readPolicy(new TerraformDocument({}), json, "aws_s3_bucket_policy.x");
    expect(policy?.statements[0]).toMatchObject({
      effect: "Deny",
      principals: [{ type: "*", identifiers: ["*"] }],
      actions: ["s3:*"],
      conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
  });
});

describe("evaluatePolicy, as IAM does it", () => {
  const deny = (
    conditions: PolicyDocument["statements"][number]["conditions"],
    extra: Partial<PolicyDocument["statements"][number]> = {},
  ): PolicyDocument => ({
    address: "p",
    statements: [{ sid: "D", effect: "Deny", actions: ["s3:*"], resources: ["*"], principals: everyone, conditions, ...extra }],
  });

  it("reads condition keys case-insensitively", () => {
    const policy = deny([{ test: "StringNotEquals", variable: "aws:sourcevpce", values: ["${aws_vpc_endpoint.vpc1_s3.id}"] }]);
    expect(evaluatePolicy(policy, request()).decision).toBe("implicit-deny");
  });

  it("lets ArnEquals and ArnNotEquals take wildcards, like ArnLike", () => {
    const policy = deny([{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/*"] }]);
    expect(evaluatePolicy(policy, request({ principalArn: "arn:aws:iam::123456789012:role/admin" })).decision).toBe("implicit-deny");
    expect(evaluatePolicy(policy, request({ principalArn: "arn:aws:iam::999999999999:role/admin" })).decision).toBe("explicit-deny");
  });

  it("applies a NotPrincipal statement to everyone but the named principal", () => {
    const policy = deny([], {
      principals: undefined,
      notPrincipals: [{ type: "AWS", identifiers: ["${aws_iam_role.vpc1_instance.arn}"] }],
    });
    expect(evaluatePolicy(policy, request()).decision).toBe("implicit-deny");
    expect(evaluatePolicy(policy, request({ principalArn: "${aws_iam_role.other.arn}" })).decision).toBe("explicit-deny");
  });

  it("treats ...IfExists as true when the key is missing, and StringLike with wildcards", () => {
    expect(
      evaluatePolicy(deny([{ test: "StringEqualsIfExists", variable: "aws:SourceVpc", values: ["vpc-x"] }]), request({ context: {} }))
        .decision,
    ).toBe("explicit-deny");
    expect(
      evaluatePolicy(deny([{ test: "StringLike", variable: "aws:SourceVpce", values: ["${aws_vpc_endpoint.*"] }]), request()).decision,
    ).toBe("explicit-deny");
  });

  it("reads unquoted booleans of a JSON policy", () => {
    const policy = readPolicy(
      new TerraformDocument({}),
      JSON.stringify({
        Statement: [
          { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": false } } },
        ],
      }),
      "x",
    );
    expect(evaluatePolicy(policy, request({ context: { "aws:SecureTransport": "false" } })).decision).toBe("explicit-deny");
    expect(evaluatePolicy(policy, request()).decision).toBe("implicit-deny");
  });
});
