import { App } from "cdktf";
import { hclBlockPaths, interpolationOnly, renderHcl } from "../../src/synth/render-hcl";
import { LabStack } from "../../src/stacks/lab-stack";
import { labConfig, vpcConfig } from "../../test-support/synth-lab";

/** The HCL of one resource whose body is `body` (no nested blocks unless listed in `blocks`). */
function resourceHcl(body: Record<string, unknown>, blocks: string[] = []): string {
  return renderHcl({ resource: { aws_x: { y: body } } }, new Set(blocks.map((path) => `resource.aws_x.y.${path}`)));
}

describe("renderHcl", () => {
  it("writes an interpolation-only string as the bare expression, the way terraform fmt rewrites it", () => {
    expect(resourceHcl({ vpc_id: "${aws_vpc.vpc1.id}", zone: "${element(sort(data.x.y.locations), 0)}" })).toBe(
      'resource "aws_x" "y" {\n  vpc_id = aws_vpc.vpc1.id\n  zone   = element(sort(data.x.y.locations), 0)\n}\n',
    );
  });

  it("keeps a string that mixes text and interpolations as a template, escaping only the text around them", () => {
    const hcl = resourceHcl({
      arn: 'arn:${data.aws_partition.current.partition}:s3:::"b"\\${aws_s3_bucket.lab.id}/*',
      tags: '${jsondecode("{\\"Name\\":\\"a\\"}")}',
      query: 'filter action = "REJECT"\n| limit 100',
      format: "$${srcaddr} %%{x} 100%",
    });
    expect(hcl).toContain('  arn    = "arn:${data.aws_partition.current.partition}:s3:::\\"b\\"\\\\${aws_s3_bucket.lab.id}/*"\n');
    // The interpolation's own quoted string (and its escapes) is native syntax in both forms: copied as it is.
    expect(hcl).toContain('  tags   = jsondecode("{\\"Name\\":\\"a\\"}")\n');
    expect(hcl).toContain('  query  = "filter action = \\"REJECT\\"\\n| limit 100"\n');
    expect(hcl).toContain('  format = "$${srcaddr} %%{x} 100%"\n');
  });

  it("is not fooled by a closing brace inside an interpolation's string: that template is not interpolation-only", () => {
    expect(interpolationOnly('${format("}%s", x)}')).toBe('format("}%s", x)');
    expect(interpolationOnly("${a}-${b}")).toBeUndefined();
    expect(interpolationOnly("${~ a}")).toBeUndefined();
  });

  it("writes meta-argument references bare: depends_on, provider, lifecycle.ignore_changes, moved and import", () => {
    const hcl = renderHcl(
      {
        resource: {
          aws_eip: {
            vpc1: { depends_on: ["aws_internet_gateway.vpc1"], provider: "aws.shared_eu-west-1", lifecycle: { ignore_changes: ["ami"] } },
          },
        },
        moved: [{ from: "aws_vpc.vpc2", to: "aws_vpc.app" }],
        import: [{ id: "vpc-0123", to: "aws_vpc.vpc1", provider: "aws.eu" }],
      },
      new Set(),
    );
    expect(hcl).toContain(
      "  depends_on = [aws_internet_gateway.vpc1]\n  provider   = aws.shared_eu-west-1\n  lifecycle {\n    ignore_changes = [ami]\n  }\n",
    );
    expect(hcl).toContain("moved {\n  from = aws_vpc.vpc2\n  to   = aws_vpc.app\n}\n");
    expect(hcl).toContain('import {\n  id       = "vpc-0123"\n  to       = aws_vpc.vpc1\n  provider = aws.eu\n}\n');
  });

  it("writes the terraform block's attributes by name, its backend as a labelled block and the cloud block's workspaces as a block", () => {
    const hcl = renderHcl(
      {
        terraform: {
          backend: { s3: { bucket: "b", use_lockfile: true } },
          cloud: { organization: "acme", workspaces: { tags: ["vpc-lab"] } },
          required_providers: { aws: { source: "aws", version: "5.100.0" } },
          required_version: ">= 1.11.0",
        },
      },
      new Set(),
    );
    expect(hcl).toBe(
      [
        "terraform {",
        '  backend "s3" {',
        '    bucket       = "b"',
        "    use_lockfile = true",
        "  }",
        "  cloud {",
        '    organization = "acme"',
        "    workspaces {",
        '      tags = ["vpc-lab"]',
        "    }",
        "  }",
        "  required_providers {",
        "    aws = {",
        '      source  = "aws"',
        '      version = "5.100.0"',
        "    }",
        "  }",
        '  required_version = ">= 1.11.0"',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("aligns = only over runs of one-line attributes, breaks the run at a multi-line value, and quotes keys that are no identifiers", () => {
    expect(resourceHcl({ a: 1, long_name: true, tags: { Name: "x", "aws:cost": "y", for: "z" }, b: [{ k: "v" }], c: null })).toBe(
      [
        'resource "aws_x" "y" {',
        "  a         = 1",
        "  long_name = true",
        "  tags = {",
        '    Name       = "x"',
        '    "aws:cost" = "y"',
        '    "for"      = "z"',
        "  }",
        "  b = [",
        "    {",
        '      k = "v"',
        "    },",
        "  ]",
        "  c = null",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("writes nested blocks as blocks where the provider bindings say so, one per list entry, and empty ones as {}", () => {
    expect(resourceHcl({ rule: [{ id: "a", filter: [{}] }, { id: "b" }] }, ["rule", "rule.filter"])).toBe(
      'resource "aws_x" "y" {\n  rule {\n    id = "a"\n    filter {\n    }\n  }\n  rule {\n    id = "b"\n  }\n}\n',
    );
  });

  it("writes a variable's type constraint as a type expression, and its default as a value", () => {
    expect(renderHcl({ variable: { cidrs: { type: "list(string)", default: ["10.0.0.0/16"] } } }, new Set())).toBe(
      'variable "cidrs" {\n  type    = list(string)\n  default = ["10.0.0.0/16"]\n}\n',
    );
  });

  it("refuses what it does not write (dynamic blocks) instead of writing something else", () => {
    expect(() => resourceHcl({ dynamic: { ingress: {} } })).toThrow(/does not write "dynamic" blocks .*synthesize JSON instead/);
  });
});

describe("hclBlockPaths", () => {
  it("reads the nested blocks of the lab's resources, data sources and providers from the provider bindings", () => {
    const app = new App({ stackTraces: false });
    const stack = new LabStack(app, "lab", { config: labConfig({ vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2)] }) });
    const paths = hclBlockPaths(stack);
    expect(paths).toContain("resource.aws_instance.vpc1.metadata_options");
    expect(paths).toContain("resource.aws_s3_bucket_lifecycle_configuration.lab.rule.filter");
    expect(paths).toContain("data.aws_iam_policy_document.bucket_policy.statement.condition");
    expect(paths).toContain("provider.aws.default_tags");
    // Maps and lists of values are attributes.
    expect(paths).not.toContain("resource.aws_instance.vpc1.tags");
    expect(paths).not.toContain("resource.aws_instance.vpc1.vpc_security_group_ids");
  });
});
