import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, labFixture, verdict } from "../../test-support/lab-analysis";
import type { AnalysisFixture } from "../../test-support/lab-analysis";

const root = join(__dirname, "..", "..");
const walkthrough = readFileSync(join(root, "docs", "walkthrough.md"), "utf8");

/** A piece of synthesized Terraform the walkthrough removes with `jq 'del(...)'`, as a path into the JSON. */
type JsonPath = readonly (string | number)[];
const jqFilter = (path: JsonPath) => `del(${path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("")})`;

function remove(fixture: AnalysisFixture, path: JsonPath): void {
  const parent = path.slice(0, -1).reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], fixture.json);
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
  else delete (parent as Record<string, unknown>)[last];
}

interface Experiment {
  readonly name: string;
  /** The configuration file under docs/break-it/, or the piece removed from the default lab's JSON. */
  readonly config?: string;
  readonly remove?: JsonPath;
  /** The path the walkthrough shows failing (or, for the endpoint experiment, blocked as intended), or a finding. */
  readonly path?: readonly [string, string, string];
  readonly asIntended?: boolean;
  readonly finding?: string;
  readonly code: string;
  readonly component: string;
}

const experiments: Experiment[] = [
  {
    name: "the endpoint-policy experiment",
    config: "endpoint-policy-deny-all.json",
    path: ["s3", "vpc1", "s3"],
    asIntended: true,
    code: "ENDPOINT_POLICY_DENIES",
    component: "aws_vpc_endpoint.vpc1_s3",
  },
  {
    name: "incident 1",
    remove: ["resource", "aws_eip", "vpc1"],
    path: ["ssh", "instance-connect", "vpc1"],
    code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS",
    component: "aws_instance.vpc1",
  },
  {
    name: "incident 2",
    remove: ["resource", "aws_vpc_security_group_ingress_rule", "vpc2_icmp_from_vpc1"],
    path: ["icmp", "vpc1", "vpc2"],
    code: "ENI_SG_RULES_MISMATCH",
    component: "aws_security_group.vpc2_instance",
  },
  {
    name: "incident 3",
    remove: ["resource", "aws_route", "vpc1_to_vpc2"],
    path: ["icmp", "vpc1", "vpc2"],
    code: "NO_ROUTE_TO_DESTINATION",
    component: "aws_route_table.vpc1_public",
  },
  {
    name: "incident 3 without any peering",
    config: "no-peering.json",
    path: ["icmp", "vpc1", "vpc2"],
    code: "ENI_SG_RULES_MISMATCH",
    component: "aws_security_group.vpc1_instance",
  },
  {
    name: "incident 4",
    config: "vpc2-without-endpoint.json",
    path: ["s3", "vpc2", "s3"],
    code: "BUCKET_POLICY_DENIES",
    component: "aws_s3_bucket_policy.lab",
  },
  {
    name: "incident 5",
    remove: ["data", "aws_iam_policy_document", "bucket_policy", "statement", 0, "condition", 1],
    finding: "LOCKOUT_RISK",
    code: "LOCKOUT_RISK",
    component: "aws_s3_bucket_policy.lab",
  },
];

describe("the walkthrough's break-it experiments", () => {
  it.each(experiments)("$name: the analysis names $code at $component, as the walkthrough shows", (experiment) => {
    const overrides = experiment.config
      ? (JSON.parse(readFileSync(join(root, "docs", "break-it", experiment.config), "utf8")) as Record<string, unknown>)
      : {};
    const fixture = labFixture({ offline: false, ...overrides });
    if (experiment.remove) remove(fixture, experiment.remove);
    const analysis = analyze(fixture);

    if (experiment.finding) {
      expect(analysis.findings).toContainEqual(expect.objectContaining({ code: experiment.code, component: experiment.component }));
    } else {
      const [protocol, from, to] = experiment.path!;
      const v = verdict(analysis, protocol, from, to);
      expect({ verdict: v.verdict, asIntended: v.asIntended, code: v.blocker?.code, component: v.blocker?.component }).toEqual({
        verdict: "blocked",
        asIntended: experiment.asIntended ?? false,
        code: experiment.code,
        component: experiment.component,
      });
    }

    // The walkthrough runs the same experiment and shows the same code at the same component.
    const command = experiment.config
      ? `LAB_CONFIG=docs/break-it/${experiment.config} npm run synth`
      : `jq '${jqFilter(experiment.remove!)}'`;
    const start = walkthrough.indexOf(command);
    expect(start).toBeGreaterThan(-1);
    const shown = walkthrough.slice(start, walkthrough.indexOf("\n#", start) === -1 ? undefined : walkthrough.indexOf("\n#", start));
    expect(shown).toContain(`${experiment.code} at ${experiment.component}`);
  });
});
