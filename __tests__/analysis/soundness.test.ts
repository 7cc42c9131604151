import fc from "fast-check";
import type { Verdict } from "../../src/analysis/path-steps";
import type { AnalysisFixture } from "../../test-support/lab-analysis";
import { analyze, labFixture, policyJson, verdict } from "../../test-support/lab-analysis";
import { propertyRuns } from "../../test-support/property-runs";

/**
 * Soundness properties over random policies of the lab: IAM is monotone (an Allow only adds, a
 * Deny only takes away), and a reference to a value must never make the analysis surer than the
 * value itself would.
 */

const ACCOUNT = "123456789012";
/** Tokens that stand for a value written either as a literal or as a reference to the same value. */
const VALUES = {
  ROLE1: { literal: `arn:aws:iam::${ACCOUNT}:role/lab-vpc1-role`, reference: "${aws_iam_role.vpc1_instance.arn}" },
  ROLE2: { literal: `arn:aws:iam::${ACCOUNT}:role/lab-vpc2-role`, reference: "${aws_iam_role.vpc2_instance.arn}" },
  BUCKET: { literal: "arn:aws:s3:::lab-bucket-x", reference: "${aws_s3_bucket.lab.arn}" },
  ACCOUNT: { literal: ACCOUNT, reference: "${data.aws_caller_identity.current.account_id}" },
  PARTITION: { literal: "aws", reference: "${data.aws_partition.current.partition}" },
} as const;
type Token = keyof typeof VALUES;
type Spelling = Record<Token, "literal" | "reference">;

const statement = fc.record({
  Effect: fc.constantFrom("Allow", "Deny"),
  Action: fc.constantFrom("s3:*", "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:Get*", "s3:List*"),
  Resource: fc.constantFrom(
    "*",
    "BUCKET",
    "BUCKET/*",
    "BUCKET*",
    "arn:PARTITION:s3:::lab-*",
    "arn:aws:s3:::lab-bucket-x/*",
    "arn:aws:s3:::other/*",
  ),
  Principal: fc.constantFrom<unknown>(
    "*",
    { AWS: "ACCOUNT" },
    { AWS: "ROLE1" },
    { AWS: "ROLE2" },
    { AWS: "arn:PARTITION:iam::ACCOUNT:root" },
  ),
  Condition: fc.constantFrom<unknown>(
    undefined,
    { StringEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.vpc1_s3.id}" } },
    { StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.vpc2_s3.id}" } },
    { ArnEquals: { "aws:PrincipalArn": "ROLE1" } },
    { ArnNotEquals: { "aws:PrincipalArn": "ROLE2" } },
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::ACCOUNT:role/lab-*" } },
    { StringEquals: { "aws:PrincipalAccount": "ACCOUNT" } },
    { Bool: { "aws:SecureTransport": "false" } },
    { NumericLessThan: { "s3:TlsVersion": "1.3" } },
    { IpAddress: { "aws:SourceIp": "198.51.100.0/24" } },
  ),
});
type RandomStatement = typeof statement extends fc.Arbitrary<infer T> ? T : never;

/** The lab's own grants, so that random additions start from a path that works. */
const LAB_IDENTITY: RandomStatement = { Effect: "Allow", Action: "s3:*", Resource: "BUCKET*", Principal: "*", Condition: undefined };
const LAB_ENDPOINT: RandomStatement = { Effect: "Allow", Action: "s3:*", Resource: "*", Principal: "*", Condition: undefined };

/** The role's policy, the bucket policy and vpc1's endpoint policy: the lab's grants (usually) plus random statements. */
const policies = fc.record({
  identity: fc.tuple(fc.boolean(), fc.array(statement, { maxLength: 3 })).map(([lab, more]) => (lab ? [LAB_IDENTITY, ...more] : more)),
  bucket: fc.array(statement, { maxLength: 3 }),
  endpoint: fc.tuple(fc.boolean(), fc.array(statement, { maxLength: 2 })).map(([lab, more]) => (lab ? [LAB_ENDPOINT, ...more] : more)),
});
type Policies = typeof policies extends fc.Arbitrary<infer T> ? T : never;
const spelling = fc.record<Spelling>({
  ROLE1: fc.constantFrom("literal", "reference"),
  ROLE2: fc.constantFrom("literal", "reference"),
  BUCKET: fc.constantFrom("literal", "reference"),
  ACCOUNT: fc.constantFrom("literal", "reference"),
  PARTITION: fc.constantFrom("literal", "reference"),
});

function spell(value: unknown, how: Spelling): unknown {
  if (typeof value === "string")
    return (Object.keys(VALUES) as Token[]).reduce((text, token) => text.split(token).join(VALUES[token][how[token]]), value);
  if (Array.isArray(value)) return value.map((v) => spell(v, how));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spell(v, how)]));
  return value;
}

/** A lab whose bucket and roles have exact names, so that literals and references name the same values. */
function baseLab(): AnalysisFixture {
  const f = labFixture({ s3: { bucketName: "lab-bucket-x" } });
  for (const vpc of ["vpc1", "vpc2"]) {
    const role = f.json.resource.aws_iam_role![`${vpc}_instance`]!;
    delete role.name_prefix;
    role.name = `lab-${vpc}-role`;
  }
  return f;
}

function s3Verdict(state: Policies, how: Spelling): Verdict {
  const f = baseLab();
  const json = (list: readonly RandomStatement[], principal: boolean) =>
    policyJson(
      ...list.map((s) => {
        const { Principal, Condition, ...rest } = s;
        return spell({ ...rest, ...(principal ? { Principal } : {}), ...(Condition ? { Condition } : {}) }, how) as Record<string, unknown>;
      }),
    );
  f.json.resource.aws_iam_role_policy!.vpc1_instance_s3!.policy = json(state.identity, false);
  if (state.bucket.length > 0) f.json.resource.aws_s3_bucket_policy!.lab!.policy = json(state.bucket, true);
  else delete f.json.resource.aws_s3_bucket_policy;
  f.json.resource.aws_vpc_endpoint!.vpc1_s3!.policy = json(state.endpoint, true);
  return verdict(analyze(f), "s3", "vpc1", "s3").verdict;
}

describe("soundness of the S3 verdicts", () => {
  it("never turns a path that is not reachable into a reachable one by removing an Allow or adding a Deny", () => {
    const change = fc.record({
      where: fc.constantFrom("identity", "bucket", "endpoint"),
      kind: fc.constantFrom("remove-allow", "add-deny"),
      index: fc.nat(),
      deny: statement.map((s) => ({ ...s, Effect: "Deny" })),
    });
    fc.assert(
      fc.property(policies, spelling, change, (state, how, { where, kind, index, deny }) => {
        const before = s3Verdict(state, how);
        fc.pre(before !== "reachable");
        const list = state[where as keyof Policies];
        const allows = list.flatMap((s, i) => (s.Effect === "Allow" ? [i] : []));
        if (kind === "remove-allow" && allows.length === 0) return;
        const changed = kind === "add-deny" ? [...list, deny] : list.filter((_, i) => i !== allows[index % allows.length]);
        const after = s3Verdict({ ...state, [where]: changed }, how);
        expect(after).not.toBe("reachable");
      }),
      { numRuns: propertyRuns(20) },
    );
  });

  it("never gives a different definite verdict when literals are written as references to the same values", () => {
    const allLiteral: Spelling = { ROLE1: "literal", ROLE2: "literal", BUCKET: "literal", ACCOUNT: "literal", PARTITION: "literal" };
    fc.assert(
      fc.property(policies, spelling, (state, how) => {
        const literal = s3Verdict(state, allLiteral);
        const referenced = s3Verdict(state, how);
        expect([literal, "unknown"]).toContain(referenced);
      }),
      { numRuns: propertyRuns(20) },
    );
  });
});

describe("soundness of the network verdicts", () => {
  const cidrs = [
    "0.0.0.0/0",
    "10.1.0.0/16",
    "10.1.0.0/25",
    "10.1.0.128/25",
    "10.2.0.0/24",
    "18.206.107.24/30",
    "18.206.107.24/29",
    "10.0.0.0/8",
  ];
  const aclRule = fc.record({
    rule_no: fc.integer({ min: 1, max: 300 }),
    action: fc.constantFrom("allow", "deny"),
    protocol: fc.constantFrom("-1", "icmp", "tcp"),
    cidr_block: fc.constantFrom(...cidrs),
    from_port: fc.constantFrom(0, 22, 1024),
    to_port: fc.constantFrom(22, 65535),
    icmp_type: fc.constantFrom(-1, 0, 8),
    icmp_code: fc.constant(-1),
  });
  // Usually ending in an allow-all rule, so that many random ACLs let the lab's traffic through.
  const allowAll = {
    rule_no: 32000,
    action: "allow",
    protocol: "-1",
    cidr_block: "0.0.0.0/0",
    from_port: 0,
    to_port: 0,
    icmp_type: -1,
    icmp_code: -1,
  };
  const aclDirection = fc
    .tuple(fc.array(aclRule, { maxLength: 4 }), fc.boolean())
    .map(([rules, open]) => (open ? [...rules, allowAll] : rules));
  const acls = fc.record({ ingress: aclDirection, egress: aclDirection });
  type Acls = typeof acls extends fc.Arbitrary<infer T> ? T : never;
  const PATHS = [
    ["icmp", "vpc1", "vpc2"],
    ["icmp", "vpc2", "vpc1"],
    ["ssh", "instance-connect", "vpc2"],
  ] as const;

  /** CIDRs the stack knows, as references to the blocks that hold them. */
  const REFERENCES: Record<string, string> = {
    "10.1.0.0/16": "${aws_vpc.vpc1.cidr_block}",
    "10.2.0.0/16": "${aws_vpc.vpc2.cidr_block}",
    "10.2.0.0/24": "${aws_subnet.vpc2_public.cidr_block}",
  };
  const referenced = (value: unknown): unknown =>
    typeof value === "string" && REFERENCES[value]
      ? REFERENCES[value]
      : Array.isArray(value)
        ? value.map(referenced)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, referenced(v)]))
          : value;

  function verdicts(state: Acls, removeRule?: string, asReferences = false): Verdict[] {
    const f = labFixture();
    f.json.resource.aws_network_acl = {
      vpc2_public: { vpc_id: "${aws_vpc.vpc2.id}", subnet_ids: ["${aws_subnet.vpc2_public.id}"], ...state },
    };
    if (removeRule) delete f.json.resource.aws_vpc_security_group_ingress_rule![removeRule];
    if (asReferences)
      for (const type of ["aws_network_acl", "aws_route", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"])
        f.json.resource[type] = referenced(f.json.resource[type]) as Record<string, Record<string, unknown>>;
    const analysis = analyze(f);
    return PATHS.map(([protocol, from, to]) => verdict(analysis, protocol, from, to).verdict);
  }

  it("never turns a path that is not reachable into a reachable one by adding an ACL deny, removing an ACL allow or a security group rule", () => {
    const change = fc.record({
      kind: fc.constantFrom("add-deny", "remove-allow", "remove-sg-rule"),
      direction: fc.constantFrom("ingress", "egress"),
      index: fc.nat(),
      deny: aclRule.map((r) => ({ ...r, action: "deny" })),
      sgRule: fc.constantFrom("vpc2_icmp_from_vpc1", "vpc2_ssh_from_instance_connect"),
    });
    fc.assert(
      fc.property(acls, change, (state, { kind, direction, index, deny, sgRule }) => {
        const before = verdicts(state);
        const rules = state[direction];
        const allows = rules.flatMap((r, i) => (r.action === "allow" ? [i] : []));
        const changed: Acls =
          kind === "add-deny"
            ? { ...state, [direction]: [...rules, deny] }
            : kind === "remove-allow" && allows.length > 0
              ? { ...state, [direction]: rules.filter((_, i) => i !== allows[index % allows.length]) }
              : state;
        const after = verdicts(changed, kind === "remove-sg-rule" ? sgRule : undefined);
        before.forEach((v, i) => {
          if (v !== "reachable") expect(after[i]).not.toBe("reachable");
        });
      }),
      { numRuns: propertyRuns(20) },
    );
  });

  it("never gives a different definite verdict when CIDRs are written as references to the blocks that hold them", () => {
    fc.assert(
      fc.property(acls, (state) => {
        const literal = verdicts(state);
        const viaReferences = verdicts(state, undefined, true);
        viaReferences.forEach((v, i) => expect([literal[i], "unknown"]).toContain(v));
      }),
      { numRuns: propertyRuns(15) },
    );
  });
});
