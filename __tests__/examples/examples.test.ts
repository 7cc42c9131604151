/**
 * The example labs in examples/, as a user starts from them: each file is plain JSON, a valid lab,
 * synthesizes, and proves every path it intends. (The real-Terraform suite validates each as JSON
 * and HCL and runs `terraform fmt -check`.)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeStack, hasFailures } from "../../src/analysis/analyze-stack";
import { parseLabConfigs } from "../../src/config";
import type { SynthesizedLab } from "../../src/synth/synthesize-lab";
import { synthesizeLabs } from "../../src/synth/synthesize-lab";

const EXAMPLES = join(__dirname, "../../examples");
const files = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith(".json"))
  .sort();
const work = mkdtempSync(join(tmpdir(), "lab-examples-"));
const read = (file: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"));
const synthesized = new Map<string, SynthesizedLab[]>();

/** The example's stacks, synthesized once. */
function labsOf(file: string): SynthesizedLab[] {
  if (!synthesized.has(file)) {
    synthesized.set(file, synthesizeLabs(parseLabConfigs(read(file), `examples/${file}`), { outdir: join(work, file) }));
  }
  return synthesized.get(file)!;
}

const resourcesOf = (lab: SynthesizedLab, type: string) =>
  Object.keys((lab.terraform.resource as Record<string, Record<string, unknown>> | undefined)?.[type] ?? {});

describe("examples/", () => {
  it("holds the six labs a user starts from, one JSON file each, directly in the folder", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "lab.json",
        "three-vpcs.json",
        "private-instances.json",
        "regions-and-accounts.json",
        "team-s3-environments.json",
        "adopt-console-vpc.json",
      ]),
    );
    expect(readdirSync(EXAMPLES).filter((name) => !name.endsWith(".json"))).toEqual([]);
  });

  it.each(files.map((file) => [file]))("%s is a valid lab that synthesizes and proves every path it intends", (file) => {
    const labs = labsOf(file);
    expect(labs.length).toBeGreaterThan(0);
    for (const lab of labs) {
      const analysis = analyzeStack(lab.terraform, lab.intent);
      expect(hasFailures(analysis)).toBe(false);
    }
  });

  it("docs/examples.md shows every example by file name", () => {
    const doc = readFileSync(join(__dirname, "../../docs/examples.md"), "utf8");
    for (const file of files) expect(doc).toContain(`examples/${file}`);
  });
});

describe("each example builds what its name says", () => {
  it("lab.json: exactly the embedded default lab, spelled out", () => {
    const [lab] = labsOf("lab.json");
    const [embedded] = synthesizeLabs(parseLabConfigs({}, "default"), { outdir: join(work, "default") });
    expect(lab!.terraform).toEqual(embedded!.terraform);
  });

  it("three-vpcs.json: three VPCs, every pair peered", () => {
    const [lab] = labsOf("three-vpcs.json");
    expect(resourcesOf(lab!, "aws_vpc")).toHaveLength(3);
    expect(resourcesOf(lab!, "aws_vpc_peering_connection")).toHaveLength(3);
  });

  it("private-instances.json: an EC2 Instance Connect Endpoint per VPC and no public address", () => {
    const [lab] = labsOf("private-instances.json");
    expect(resourcesOf(lab!, "aws_ec2_instance_connect_endpoint")).toHaveLength(2);
    expect(resourcesOf(lab!, "aws_eip")).toEqual([]);
  });

  it("regions-and-accounts.json: provider aliases for the other region and the other account", () => {
    const [lab] = labsOf("regions-and-accounts.json");
    const providers = (lab!.terraform.provider as { aws: { alias?: string; region: string; assume_role?: unknown }[] }).aws;
    expect(new Set(providers.map((provider) => provider.region))).toEqual(new Set(["us-east-1", "eu-west-1"]));
    expect(providers.some((provider) => provider.assume_role !== undefined)).toBe(true);
  });

  it("team-s3-environments.json: a stack per environment, each with its own S3 state key and prod in its own region", () => {
    const labs = labsOf("team-s3-environments.json");
    expect(labs.map((lab) => lab.stackName)).toEqual(["team-lab-dev", "team-lab-prod"]);
    const backends = labs.map((lab) => (lab.terraform.terraform as { backend: { s3: { key: string; use_lockfile: boolean } } }).backend.s3);
    expect(new Set(backends.map((backend) => backend.key)).size).toBe(2);
    expect(backends.every((backend) => backend.use_lockfile)).toBe(true);
    const regions = labs.map((lab) => (lab.terraform.provider as { aws: { region: string }[] }).aws[0]!.region);
    expect(regions).toEqual(["us-east-1", "eu-west-1"]);
  });

  it("adopt-console-vpc.json: import blocks adopt the hand-built VPC, subnet, internet gateway and route table", () => {
    const [lab] = labsOf("adopt-console-vpc.json");
    const imports = (lab!.terraform.import as { to: string }[]).map((block) => block.to);
    expect(imports).toEqual(
      expect.arrayContaining(["aws_vpc.vpc1", "aws_subnet.vpc1_public", "aws_internet_gateway.vpc1", "aws_route_table.vpc1_public"]),
    );
  });
});

const SCHEMA = join(__dirname, "../../lab.schema.json");
describe("the examples against lab.schema.json", () => {
  type Validator = ((data: unknown) => boolean) & { errors?: unknown };
  type AjvClass = new (options: object) => { compile: (schema: unknown) => Validator };
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as { $schema?: string };
  // The validator of the draft the schema declares (zod-to-json-schema writes draft-07 by default).
  const draft = schema.$schema?.includes("2020-12") ? "ajv/dist/2020" : schema.$schema?.includes("2019-09") ? "ajv/dist/2019" : "ajv";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(draft) as AjvClass | { default: AjvClass };
  const Ajv = "default" in loaded ? loaded.default : loaded;
  const validate = existsSync(SCHEMA) ? new Ajv({ allErrors: true, strict: false }).compile(schema) : undefined;

  it.each(files.map((file) => [file]))("%s validates against the JSON Schema", (file) => {
    const ok = validate!(read(file));
    expect(validate!.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("rejects an example with a misspelt field (the check is not vacuous)", () => {
    const misspelt = { ...(read("three-vpcs.json") as object), peering: [] };
    expect(validate!(misspelt)).toBe(false);
  });
});
