/**
 * lab.schema.json and the configuration reference (issue 18): generated from the zod schema,
 * current, strict at every level, and every field documented with its default.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import type { ZodTypeAny } from "zod";
import { z } from "zod";
import { LabConfigSchema, parseLabConfigs } from "../../src/config";
import type { JsonSchemaNode } from "../../src/config/lab-json-schema";
import { LAB_SCHEMA_FILE, REFERENCE_PAGE, referenceRows } from "../../src/config/lab-json-schema";
import { vpcConfig } from "../../test-support/synth-lab";

const ROOT = join(__dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const schema = JSON.parse(read(LAB_SCHEMA_FILE)) as JsonSchemaNode;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

/** Every node of the schema with its JSON pointer-like path. */
function nodesOf(root: JsonSchemaNode): { node: JsonSchemaNode; at: string }[] {
  const nodes: { node: JsonSchemaNode; at: string }[] = [];
  const work = [{ node: root, at: "#" }];
  while (work.length > 0) {
    const item = work.pop()!;
    nodes.push(item);
    const { node, at } = item;
    for (const [name, child] of Object.entries(node.properties ?? {})) work.push({ node: child, at: `${at}/properties/${name}` });
    for (const [i, child] of (node.anyOf ?? []).entries()) work.push({ node: child, at: `${at}/anyOf/${i}` });
    if (node.items) work.push({ node: node.items, at: `${at}/items` });
    if (typeof node.additionalProperties === "object") work.push({ node: node.additionalProperties, at: `${at}/additionalProperties` });
  }
  return nodes;
}

/** Dotted paths of every field of the zod schema, walked from zod itself (not from the JSON Schema). */
function zodFieldPaths(): string[] {
  const paths: string[] = [];
  const work: { field: ZodTypeAny; path: string }[] = [{ field: LabConfigSchema, path: "" }];
  while (work.length > 0) {
    const { field, path } = work.pop()!;
    let s: ZodTypeAny = field;
    while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodEffects)
      s = s instanceof z.ZodEffects ? (s._def.schema as ZodTypeAny) : (s._def.innerType as ZodTypeAny);
    if (path === "environments") continue;
    const objects =
      s instanceof z.ZodUnion ? (s.options as ZodTypeAny[]) : s instanceof z.ZodDiscriminatedUnion ? (s.options as ZodTypeAny[]) : [s];
    for (const option of objects) {
      if (option instanceof z.ZodObject)
        for (const [name, child] of Object.entries(option.shape as Record<string, ZodTypeAny>)) {
          const childPath = path === "" ? name : `${path}.${name}`;
          paths.push(childPath);
          work.push({ field: child, path: childPath });
        }
      if (option instanceof z.ZodArray) work.push({ field: option.element as ZodTypeAny, path: `${path}[]` });
      if (option instanceof z.ZodRecord) work.push({ field: option.valueSchema as ZodTypeAny, path: `${path}.<*>` });
    }
  }
  return [...new Set(paths)];
}

describe("lab.schema.json and the configuration reference", () => {
  it("are current: npm run schema would write exactly the checked-in files", () => {
    // In a process of its own: the formatter loads its parsers with import(), which jest's VM refuses.
    const result = spawnSync(process.execPath, [join(ROOT, "scripts/write-schema.js"), "--check"], { encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("refuses unknown fields at every level: every object schema has additionalProperties false or a schema of its values", () => {
    const objects = nodesOf(schema).filter(({ node }) => node.type === "object");
    expect(objects.length).toBeGreaterThan(20);
    for (const { node, at } of objects) {
      if (node.properties !== undefined)
        expect({ at, additionalProperties: node.additionalProperties }).toEqual({ at, additionalProperties: false });
      else expect({ at, values: typeof node.additionalProperties }).toEqual({ at, values: "object" });
    }
  });

  it("documents every field of the zod schema on the page", () => {
    const page = read(REFERENCE_PAGE);
    const fields = zodFieldPaths();
    expect(fields.length).toBeGreaterThan(60);
    for (const field of fields) {
      const written = field
        .split("<*>")
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("<[a-z]+>");
      expect({ field, documented: new RegExp(`\\| \`${written}\` +\\|`).test(page) }).toEqual({ field, documented: true });
    }
  });

  it("gives every field a description and a default (a value, the behaviour in words, or required)", () => {
    const rows = referenceRows(schema);
    expect(rows.map((row) => row.field)).toContain("backend.useLockfile");
    for (const row of rows) {
      expect({ field: row.field, described: row.description.length > 10 }).toEqual({ field: row.field, described: true });
      expect({ field: row.field, default: row.default }).not.toEqual({ field: row.field, default: "none" });
    }
    expect(rows.find((row) => row.field === "flowLogs.retentionDays")).toMatchObject({ default: "7" });
    expect(rows.find((row) => row.field === "vpcs[].region")).toMatchObject({ default: "the lab's region" });
    expect(rows.find((row) => row.field === "vpcs[].name")).toMatchObject({ default: "required" });
  });
});

describe("a configuration checked against lab.schema.json", () => {
  const errorsOf = (document: unknown) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

  it.each([
    ["the default lab", {}],
    ["a file that names the schema", { $schema: "./lab.schema.json", name: "net-lab" }],
    ["the configuration page's example", JSON.parse(/```json\n([\s\S]*?)\n```/.exec(read(REFERENCE_PAGE))![1]!) as Record<string, unknown>],
    [
      "a lab of every feature",
      {
        accounts: { shared: { roleArn: "arn:aws:iam::210987654321:role/vpc-lab-terraform" } },
        vpcs: [
          vpcConfig("vpc1", 1, { instance: { type: "t4g.micro" } }),
          vpcConfig("vpc2", 2, { region: "eu-west-1", account: "shared", instance: false }),
        ],
        flowLogs: {
          vpcs: ["vpc1"],
          retentionDays: 14,
          logFormat: "${srcaddr} ${dstaddr} ${dstport} ${protocol} ${packets} ${bytes} ${action}",
        },
        s3: { endpointVpcs: ["vpc1"], endpointPolicy: "deny-all", adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"] },
        backend: { type: "s3", bucket: "my-state-bucket" },
        environments: { dev: {}, prod: { region: "eu-west-1", backend: { key: "prod/net.tfstate" }, s3: { forceDestroy: true } } },
        tags: { "cost center": "net", __proto__: "x" },
      },
    ],
  ])("accepts %s, as the validator does", (_case, document) => {
    expect(errorsOf(document)).toEqual([]);
    expect(() => parseLabConfigs(document, "t")).not.toThrow();
  });

  it.each([
    ["the top level", { nope: 1 }],
    ["a VPC", { vpcs: [vpcConfig("vpc1", 1, { nope: 1 })] }],
    ["an instance", { vpcs: [vpcConfig("vpc1", 1, { instance: { nope: 1 } })] }],
    ["an import", { vpcs: [vpcConfig("vpc1", 1, { import: { nope: "vpc-0123456789abcdef0" } })] }],
    ["flowLogs", { flowLogs: { nope: 1 } }],
    ["s3", { s3: { nope: 1 } }],
    ["the backend", { backend: { type: "s3", bucket: "my-state-bucket", nope: 1 } }],
    ["an account", { accounts: { shared: { roleArn: "arn:aws:iam::210987654321:role/x", nope: 1 } } }],
    ["a region's offline values", { offlineValues: { regions: { "eu-west-1": { nope: 1 } } } }],
    ["an environment", { environments: { dev: { nope: 1 } } }],
    ["an environment's backend", { environments: { dev: { backend: { type: "s3", bucket: "my-state-bucket", nope: 1 } } } }],
    ["analysis", { analysis: { nope: 1 } }],
  ])("refuses an unknown field in %s, as the validator does", (_case, document) => {
    expect(errorsOf(document).join("\n")).toMatch(
      /must NOT have additional properties|must match exactly one schema|must match a schema in anyOf/,
    );
    expect(() => parseLabConfigs(document, "t")).toThrow(/unknown field/);
  });

  it.each([
    ["a VPC name with an underscore", { vpcs: [vpcConfig("vpc_1", 1)] }],
    ["a region code", { region: "europe" }],
    ["a retention period CloudWatch does not take", { flowLogs: { retentionDays: 8 } }],
    ["an account name", { accounts: { Shared: { roleArn: "arn:aws:iam::210987654321:role/x" } } }],
    ["an environment name", { environments: { Prod: {} } }],
    ["a lab name too long", { name: "a".repeat(25) }],
  ])("refuses %s that the validator refuses too", (_case, document) => {
    expect(errorsOf(document)).not.toEqual([]);
    expect(() => parseLabConfigs(document, "t")).toThrow();
  });
});
