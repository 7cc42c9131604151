/**
 * Any name the schema accepts synthesizes, whatever it is called: the stack, its containers, the
 * outputs and the intent keep user-chosen names in Maps or objects without a prototype, so a VPC,
 * stack, environment, account or tag key named after a property of Object.prototype is a name
 * like any other (issue 17: "There is already a Construct with name 'constructor'").
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeStack } from "../../src/analysis/analyze-stack";
import { parseLabs } from "../../src/config";
import { synthesizeLabs } from "../../src/synth/synthesize-lab";
import { vpcConfig } from "../../test-support/synth-lab";

const ROLE = "arn:aws:iam::210987654321:role/vpc-lab-terraform";

const CASES: readonly (readonly [string, Record<string, unknown>])[] = [
  [
    "VPCs named constructor and tostring, an account named constructor in two regions, and tag keys toString, constructor, hasOwnProperty, valueOf and __proto__",
    {
      accounts: { constructor: { roleArn: ROLE } },
      vpcs: [
        vpcConfig("constructor", 1),
        vpcConfig("tostring", 2, { account: "constructor" }),
        vpcConfig("valueof", 3, { account: "constructor", region: "eu-west-1" }),
      ],
      tags: JSON.parse('{"toString": "a", "constructor": "b", "hasOwnProperty": "c", "valueOf": "d", "__proto__": "e"}') as unknown,
    },
  ],
  ["a stack named constructor", { name: "constructor", flowLogs: false }],
  ["an environment named constructor", { environments: { constructor: {} }, flowLogs: false }],
  [
    "VPCs named constructor and tostring, offline, with flow logs, an endpoint and Instance Connect Endpoints",
    {
      offline: true,
      vpcs: [vpcConfig("constructor", 1), vpcConfig("tostring", 2)],
      flowLogs: { vpcs: ["constructor", "tostring"] },
      s3: { endpointVpcs: ["constructor"] },
      instanceConnect: "endpoint",
    },
  ],
];

describe("names that are properties of Object.prototype", () => {
  let outdir: string;
  beforeEach(() => (outdir = mkdtempSync(join(tmpdir(), "user-names-"))));
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  it.each(CASES)("synthesizes %s, and proves every path as intended", (_, document) => {
    const labs = synthesizeLabs(parseLabs(document, "test"), { outdir });
    for (const lab of labs) {
      const vpcs = Object.keys(lab.terraform.resource?.aws_vpc ?? {});
      expect(vpcs.length).toBeGreaterThan(0);
      // Each VPC keeps its own address and outputs, under its own name.
      const vpcIds = (lab.terraform.output as Record<string, { value: Record<string, unknown> }>).vpc_ids!.value;
      expect(Object.keys(vpcIds).sort()).toEqual([...vpcs].sort());
      const analysis = analyzeStack(lab.terraform, lab.intent);
      expect(analysis.verdicts.length).toBeGreaterThan(0);
      expect(analysis.verdicts.filter((v) => !v.asIntended).map((v) => `${v.protocol} ${v.from} -> ${v.to}: ${v.verdict}`)).toEqual([]);
    }
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(labs.map((lab) => lab.stackName).sort());
  });

  it("writes a VPC named constructor as aws_vpc.constructor, with its instance and peering", () => {
    const document = { vpcs: [vpcConfig("constructor", 1), vpcConfig("vpc2", 2)], flowLogs: false, s3: false };
    const [lab] = synthesizeLabs(parseLabs(document, "test"), { outdir });
    expect(Object.keys(lab!.terraform.resource?.aws_vpc ?? {})).toEqual(["constructor", "vpc2"]);
    expect(Object.keys(lab!.terraform.resource?.aws_instance ?? {})).toEqual(["constructor", "vpc2"]);
    expect(Object.keys(lab!.terraform.resource?.aws_vpc_peering_connection ?? {})).toEqual(["constructor_vpc2"]);
  });
});
