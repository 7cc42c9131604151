import type { TerraformJson } from "../../src/analysis/terraform-json";
import { AddressMoves, movesOf } from "../../src/diff/address-moves";
import { dataAtRisk } from "../../src/diff/data-loss";
import { diffResources } from "../../src/diff/resource-diff";

const policyDocument = (bucket: string, action = "s3:GetObject") => ({
  statement: [{ actions: [action], resources: [`\${aws_s3_bucket.${bucket}.arn}/*`] }],
});
const endpoint = (document: string, vpc = "vpc1") => ({
  vpc_id: `\${aws_vpc.${vpc}.id}`,
  policy: `\${data.aws_iam_policy_document.${document}.json}`,
});

/** A base and a new stack made of the given blocks. */
function diff(base: TerraformJson, head: TerraformJson) {
  const moves = new AddressMoves(movesOf(head));
  return diffResources(base, head, moves);
}

describe("diffResources (read as terraform plan reads a change)", () => {
  it.each<[string, TerraformJson, TerraformJson, Partial<ReturnType<typeof diff>>]>([
    [
      "a reference to a moved address is the same reference: a rename alone changes nothing else",
      { resource: { aws_vpc: { vpc2: { cidr_block: "10.2.0.0/16" } }, aws_subnet: { vpc2: { vpc_id: "${aws_vpc.vpc2.id}" } } } },
      {
        resource: { aws_vpc: { app: { cidr_block: "10.2.0.0/16" } }, aws_subnet: { app: { vpc_id: "${aws_vpc.app.id}" } } },
        moved: [
          { from: "aws_vpc.vpc2", to: "aws_vpc.app" },
          { from: "aws_subnet.vpc2", to: "aws_subnet.app" },
        ],
      },
      {
        moved: [
          { from: "aws_subnet.vpc2", to: "aws_subnet.app" },
          { from: "aws_vpc.vpc2", to: "aws_vpc.app" },
        ],
        changed: [],
        added: [],
        removed: [],
      },
    ],
    [
      "a chain of moves (a -> b, b -> c) carries a to c",
      { resource: { aws_vpc: { a: { cidr_block: "10.2.0.0/16" } } } },
      {
        resource: { aws_vpc: { c: { cidr_block: "10.2.0.0/16" } } },
        moved: [
          { from: "aws_vpc.a", to: "aws_vpc.b" },
          { from: "aws_vpc.b", to: "aws_vpc.c" },
        ],
      },
      { moved: [{ from: "aws_vpc.a", to: "aws_vpc.c" }], added: [], removed: [] },
    ],
    [
      "a data source renamed with the same arguments changes nothing; data sources are never listed",
      { resource: { aws_vpc_endpoint: { e: endpoint("old") } }, data: { aws_iam_policy_document: { old: policyDocument("lab") } } },
      { resource: { aws_vpc_endpoint: { e: endpoint("new") } }, data: { aws_iam_policy_document: { new: policyDocument("lab") } } },
      { changed: [], added: [], removed: [] },
    ],
    [
      "a change inside a data source changes the attribute that reads it",
      { resource: { aws_vpc_endpoint: { e: endpoint("doc") } }, data: { aws_iam_policy_document: { doc: policyDocument("lab") } } },
      {
        resource: { aws_vpc_endpoint: { e: endpoint("doc") } },
        data: { aws_iam_policy_document: { doc: policyDocument("lab", "s3:PutObject") } },
      },
      { changed: [{ address: "aws_vpc_endpoint.e", attributes: ["policy"] }] },
    ],
    [
      "a data source that reads a moved resource reads the same thing",
      {
        resource: { aws_s3_bucket: { old: { bucket_prefix: "lab-" } }, aws_vpc_endpoint: { e: endpoint("doc") } },
        data: { aws_iam_policy_document: { doc: policyDocument("old") } },
      },
      {
        resource: { aws_s3_bucket: { lab: { bucket_prefix: "lab-" } }, aws_vpc_endpoint: { e: endpoint("doc") } },
        data: { aws_iam_policy_document: { doc: policyDocument("lab") } },
        moved: [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.lab" }],
      },
      { changed: [], moved: [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.lab" }] },
    ],
    [
      "references inside a longer string and nested blocks are followed; an escaped $${...} is text",
      { resource: { aws_flow_log: { f: { log_format: "$${srcaddr}", tags: { Name: "x-${aws_vpc.vpc2.id}" } } } } },
      {
        resource: { aws_flow_log: { f: { log_format: "$${srcaddr}", tags: { Name: "x-${aws_vpc.app.id}" } } } },
        moved: [{ from: "aws_vpc.vpc2", to: "aws_vpc.app" }],
      },
      { changed: [] },
    ],
    [
      "only the changed top-level attributes are named; metadata, depends_on and lifecycle are not changes",
      {
        resource: {
          aws_instance: { i: { "//": { metadata: { path: "a" } }, instance_type: "t3.micro", ami: "ami-1", depends_on: ["x"] } },
        },
      },
      {
        resource: {
          aws_instance: {
            i: { "//": { metadata: { path: "b" } }, instance_type: "t3.small", ami: "ami-2", lifecycle: { ignore_changes: ["ami"] } },
          },
        },
      },
      { changed: [{ address: "aws_instance.i", attributes: ["instance_type"] }] },
    ],
    [
      "a resource adopted by a new import block is imported, not added",
      { resource: {} },
      {
        resource: { aws_vpc: { a: { cidr_block: "10.1.0.0/16" } }, aws_subnet: { s: { vpc_id: "${aws_vpc.a.id}" } } },
        import: [{ id: "vpc-0123456789abcdef0", to: "aws_vpc.a" }],
      },
      { imported: [{ address: "aws_vpc.a", id: "vpc-0123456789abcdef0" }], added: ["aws_subnet.s"] },
    ],
    [
      "a changed argument that Terraform cannot change in place replaces the resource, and what reads it in such an argument",
      {
        resource: {
          aws_subnet: { s: { availability_zone: "us-east-1a", cidr_block: "10.1.0.0/24" } },
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}", instance_type: "t3.micro" } },
          aws_route_table_association: { a: { subnet_id: "${aws_subnet.s.id}", route_table_id: "${aws_route_table.r.id}" } },
          aws_route_table: { r: { vpc_id: "vpc-1" } },
        },
      },
      {
        resource: {
          aws_subnet: { s: { availability_zone: "us-east-1b", cidr_block: "10.1.0.0/24" } },
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}", instance_type: "t3.micro" } },
          aws_route_table_association: { a: { subnet_id: "${aws_subnet.s.id}", route_table_id: "${aws_route_table.r.id}" } },
          aws_route_table: { r: { vpc_id: "vpc-1" } },
        },
      },
      {
        changed: [
          {
            address: "aws_instance.i",
            attributes: ["subnet_id"],
            replaced: true,
            because: "subnet_id reads aws_subnet.s, which is replaced",
          },
          {
            address: "aws_route_table_association.a",
            attributes: ["subnet_id"],
            replaced: true,
            because: "subnet_id reads aws_subnet.s, which is replaced",
          },
          {
            address: "aws_subnet.s",
            attributes: ["availability_zone"],
            replaced: true,
            because: "availability_zone changed, which Terraform cannot change in place",
          },
        ],
      },
    ],
    [
      "an argument in lifecycle.ignore_changes that reads a replaced resource replaces nothing",
      { resource: { aws_subnet: { s: { availability_zone: "us-east-1a" } }, aws_instance: { i: { subnet_id: "${aws_subnet.s.id}" } } } },
      {
        resource: {
          aws_subnet: { s: { availability_zone: "us-east-1b" } },
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}", lifecycle: { ignore_changes: ["subnet_id"] } } },
        },
      },
      { changed: [expect.objectContaining({ address: "aws_subnet.s", replaced: true })] },
    ],
    [
      "a change Terraform makes in place replaces nothing (an instance type, a route table's tags)",
      {
        resource: {
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}", instance_type: "t3.micro" } },
          aws_subnet: { s: { tags: { a: "1" } } },
        },
      },
      {
        resource: {
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}", instance_type: "t3.small" } },
          aws_subnet: { s: { tags: { a: "2" } } },
        },
      },
      {
        changed: [
          { address: "aws_instance.i", attributes: ["instance_type"] },
          { address: "aws_subnet.s", attributes: ["tags"] },
        ],
      },
    ],
    [
      "an import block the base already had adopts nothing new",
      { resource: { aws_vpc: { a: { cidr_block: "10.1.0.0/16" } } }, import: [{ id: "vpc-0123456789abcdef0", to: "aws_vpc.a" }] },
      { resource: { aws_vpc: { a: { cidr_block: "10.1.0.0/16" } } }, import: [{ id: "vpc-0123456789abcdef0", to: "aws_vpc.a" }] },
      { imported: [], added: [], changed: [] },
    ],
  ])("%s", (_name, base, head, expected) => {
    expect(diff(base, head)).toMatchObject(expected);
  });
});

describe("dataAtRisk", () => {
  const dataLoss = (base: TerraformJson, head: TerraformJson) => dataAtRisk(diff(base, head), base, head);

  it.each<[string, TerraformJson, TerraformJson, unknown[]]>([
    [
      "a bucket whose name changes is replaced, and its objects lost",
      { resource: { aws_s3_bucket: { lab: { bucket: "lab-one" } } } },
      { resource: { aws_s3_bucket: { lab: { bucket: "lab-two" } } } },
      [{ address: "aws_s3_bucket.lab", change: "replaced", attributes: ["bucket"] }],
    ],
    [
      "an instance replaced because its subnet is loses its root volume",
      {
        resource: {
          aws_subnet: { s: { availability_zone: "us-east-1a" } },
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}" } },
        },
      },
      {
        resource: {
          aws_subnet: { s: { availability_zone: "us-east-1b" } },
          aws_instance: { i: { subnet_id: "${aws_subnet.s.id}" } },
        },
      },
      [
        {
          address: "aws_instance.i",
          change: "replaced",
          attributes: ["subnet_id"],
          reason: expect.stringMatching(
            /^Replaced \(subnet_id reads aws_subnet\.s, which is replaced\): destroying it loses its root volume/,
          ),
        },
      ],
    ],
    [
      "a shorter log retention deletes the older events",
      { resource: { aws_cloudwatch_log_group: { g: { name: "/g", retention_in_days: 30 } } } },
      { resource: { aws_cloudwatch_log_group: { g: { name: "/g", retention_in_days: 7 } } } },
      [{ address: "aws_cloudwatch_log_group.g", change: "retention", attributes: ["retention_in_days"] }],
    ],
    [
      "a longer log retention loses nothing",
      { resource: { aws_cloudwatch_log_group: { g: { name: "/g", retention_in_days: 7 } } } },
      { resource: { aws_cloudwatch_log_group: { g: { name: "/g", retention_in_days: 30 } } } },
      [],
    ],
    [
      "a log group with skip_destroy survives its removal",
      { resource: { aws_cloudwatch_log_group: { g: { name: "/g", skip_destroy: true } } } },
      { resource: {} },
      [],
    ],
    [
      "a removed instance loses its root volume, unless delete_on_termination is false",
      { resource: { aws_instance: { a: { instance_type: "t3.micro" }, b: { root_block_device: { delete_on_termination: false } } } } },
      { resource: {} },
      [{ address: "aws_instance.a", change: "removed" }],
    ],
    [
      "a moved bucket loses nothing; removed configuration (a route, a policy) is not data",
      { resource: { aws_s3_bucket: { old: { bucket_prefix: "lab-" } }, aws_route: { r: {} }, aws_s3_bucket_policy: { p: {} } } },
      { resource: { aws_s3_bucket: { lab: { bucket_prefix: "lab-" } } }, moved: [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.lab" }] },
      [],
    ],
  ])("%s", (_name, base, head, expected) => {
    expect(dataLoss(base, head)).toEqual(expected.map((e) => expect.objectContaining(e as object)));
  });
});
