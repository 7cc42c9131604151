import { IamEvaluator } from "../../../src/analysis/iam-evaluation";
import { readLab } from "../../../src/analysis/read-lab";
import type { Rule, RuleContext } from "../../../src/analysis/rule";
import { RULES } from "../../../src/analysis/rule-registry";
import type { AnalysisFixture } from "../../../test-support/lab-analysis";
import { labFixture, setResource } from "../../../test-support/lab-analysis";
import { multiRegionLab } from "../../../test-support/multi-region-lab";

/**
 * Every registered rule, run by itself through its `check(context)` on one compliant and one
 * non-compliant lab. A rule added to the registry without a row here fails the first test.
 */
interface RuleFixtures {
  /** A lab the rule passes: every path of its protocol reachable, or none of its codes found. */
  readonly compliant: () => AnalysisFixture;
  /** A lab the rule reports, and the code it must report there. */
  readonly nonCompliant: () => AnalysisFixture;
  readonly code: string;
}

const mutated = (mutate: (f: AnalysisFixture) => void, config: Record<string, unknown> = {}) => {
  const fixture = labFixture(config);
  mutate(fixture);
  return fixture;
};

const FIXTURES: Readonly<Record<string, RuleFixtures>> = {
  "ping-path": {
    compliant: () => labFixture(),
    // The lab's peering route from vpc1 is gone: vpc1's table sends vpc2's block nowhere.
    nonCompliant: () => mutated((f) => delete f.json.resource.aws_route!.vpc1_to_vpc2),
    code: "NO_ROUTE_TO_DESTINATION",
  },
  "instance-connect-path": {
    compliant: () => labFixture(),
    // The lab's first error: no Elastic IP, so Instance Connect cannot reach the instance.
    nonCompliant: () => mutated((f) => delete f.json.resource.aws_eip!.vpc1),
    code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS",
  },
  "s3-access-path": {
    compliant: () => labFixture(),
    nonCompliant: () => mutated((f) => delete f.json.resource.aws_instance!.vpc1!.iam_instance_profile),
    code: "NO_INSTANCE_ROLE",
  },
  quotas: {
    compliant: () => labFixture(),
    nonCompliant: () =>
      mutated((f) => {
        for (let i = 0; i < 50; i++)
          setResource(f, "aws_route", `extra_${i}`, {
            route_table_id: "${aws_route_table.vpc1_public.id}",
            destination_cidr_block: `172.16.${i}.0/24`,
            gateway_id: "${aws_internet_gateway.vpc1.id}",
          });
      }),
    code: "QUOTA_ROUTES_PER_ROUTE_TABLE",
  },
  "ssh-open-too-widely": {
    compliant: () => labFixture(),
    nonCompliant: () =>
      mutated((f) =>
        setResource(f, "aws_vpc_security_group_ingress_rule", "vpc1_ssh_from_anywhere", {
          security_group_id: "${aws_security_group.vpc1_instance.id}",
          ip_protocol: "tcp",
          from_port: 22,
          to_port: 22,
          cidr_ipv4: "0.0.0.0/0",
        }),
      ),
    code: "SSH_OPEN_TO_INTERNET",
  },
  "security-group-reference-across-regions": {
    compliant: () => labFixture(multiRegionLab()),
    nonCompliant: () =>
      mutated((f) => {
        const rule = f.json.resource.aws_vpc_security_group_ingress_rule!.vpc2_icmp_from_vpc1!;
        delete rule.cidr_ipv4;
        rule.referenced_security_group_id = "${aws_security_group.vpc1_instance.id}";
      }, multiRegionLab()),
    code: "SG_REFERENCE_ACROSS_REGIONS",
  },
  "bucket-policy-lockout": {
    // An admin besides Terraform's own identity is exempt from the endpoint-only Deny.
    compliant: () => labFixture({ s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"] } }),
    // With none, only Terraform's identity is exempt: the next teammate is locked out.
    nonCompliant: () => labFixture(),
    code: "LOCKOUT_SOLE_EXEMPTION",
  },
};

function contextOf(fixture: AnalysisFixture): RuleContext {
  const reading = readLab(fixture.json, fixture.intent);
  return { reading, intent: fixture.intent, iam: new IamEvaluator(reading.network.values) };
}

/** The codes a rule reports on a lab: its paths' blocking codes (reachable paths give none), or its findings' codes. */
function reported(rule: Rule, fixture: AnalysisFixture): string[] {
  const context = contextOf(fixture);
  if (rule.type === "finding") return rule.check(context).map((f) => f.code);
  return [...rule.check(context).values()].flatMap((result) => (result.verdict === "reachable" ? [] : [result.blocker.code]));
}

const codesOf = (rule: Rule): readonly string[] => (rule.type === "path" ? rule.codes : rule.codes.map((c) => c.code));

describe("the registered rules", () => {
  it("have one compliant and one non-compliant lab each", () => {
    expect(RULES.map((rule) => rule.id).sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  describe.each(RULES.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
    const fixtures = FIXTURES[id]!;

    it("reports none of its codes on a compliant lab", () => {
      expect(reported(rule, fixtures.compliant()).filter((code) => codesOf(rule).includes(code))).toEqual([]);
    });

    it(`reports its code on a non-compliant lab (${fixtures.code})`, () => {
      expect(codesOf(rule)).toContain(fixtures.code);
      expect(reported(rule, fixtures.nonCompliant())).toContain(fixtures.code);
    });
  });

  it("decide only the paths of their own protocol", () => {
    const fixture = labFixture();
    const context = contextOf(fixture);
    for (const rule of RULES)
      if (rule.type === "path") for (const expectation of rule.check(context).keys()) expect(expectation.protocol).toBe(rule.protocol);
  });
});
