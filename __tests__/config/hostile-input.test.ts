/**
 * Inputs a new user (or a fuzzer) gives: each gets one clean, bounded, escaped report, or a synth.
 * Every case here failed on the main branch before the hardening issue (#8).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigError } from "../../src/config";
import { loadLabConfig, parseLabConfig } from "../../src/config";
import { escapeForTerminal } from "../../src/config/terminal-text";
import { configErrorOf as rejection } from "../../test-support/config-issues";
import { synthLab, vpcConfig } from "../../test-support/synth-lab";

const scratch = mkdtempSync(join(tmpdir(), "lab-hostile-"));

function fromFile(bytes: Buffer | string): ConfigError {
  const file = join(scratch, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, bytes);
  return rejection(() => loadLabConfig({ LAB_CONFIG: file }));
}

/** True when a report holds no character that a terminal would obey rather than show. */
function isSafeToPrint(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  return !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/.test(text);
}

describe("names that once collided as construct IDs", () => {
  it.each([
    ["app, db and app-db, all peered", ["app", "db", "app-db"]],
    ["a VPC named a-instance beside a", ["a", "a-instance"]],
    ["VPCs named like the stack's own constructs and outputs", ["environment", "backend", "flow-logs", "lab-bucket", "instances"]],
  ])("synthesizes %s, with one VPC resource per name", (_title, names) => {
    const { json } = synthLab({ vpcs: names.map((name, i) => vpcConfig(name, i + 1)) });
    expect(Object.keys(json.resource.aws_vpc ?? {}).sort()).toEqual([...names].sort());
    expect(Object.keys(json.resource.aws_vpc_peering_connection ?? {})).toHaveLength((names.length * (names.length - 1)) / 2);
  });

  it("synthesizes the peerings a -> b-c and a-b -> c side by side", () => {
    const { json } = synthLab({
      vpcs: ["a", "b-c", "a-b", "c"].map((name, i) => vpcConfig(name, i + 1)),
      peerings: [
        { requester: "a", accepter: "b-c" },
        { requester: "a-b", accepter: "c" },
      ],
    });
    expect(Object.keys(json.resource.aws_vpc_peering_connection ?? {}).sort()).toEqual(["a-b_c", "a_b-c"]);
  });
});

describe("reports that stay bounded", () => {
  it("reports each of 40 VPCs on one block once, not every pair", () => {
    const error = rejection(() => parseLabConfig({ vpcs: Array.from({ length: 40 }, (_, i) => ({ ...vpcConfig(`v${i}`, 1) })) }, "t"));
    const overlaps = error.issues.filter((issue) => /does not overlap/.test(issue.problem));
    expect(overlaps).toHaveLength(39);
    expect(overlaps[1]!.problem).toMatch(/or 1 other earlier VPC/);
  });

  it("lists at most 50 problems and counts the rest", () => {
    const error = rejection(() => parseLabConfig({ vpcs: Array.from({ length: 120 }, (_, i) => vpcConfig(`v${i}`, 1)) }, "t"));
    expect(error.issues.length).toBeGreaterThan(50);
    expect(error.message.match(/^ {2}- /gm)).toHaveLength(50);
    expect(error.message).toMatch(new RegExp(`\\.\\.\\. and ${error.issues.length - 50} more problems`));
  });

  it.each([2_000, 20_000])("refuses %i copies of one VPC at once, with AWS's quota as the reason", (count) => {
    const vpc = vpcConfig("same", 1);
    const error = rejection(() => parseLabConfig({ vpcs: Array.from({ length: count }, () => vpc) }, "t"));
    expect(error.issues).toEqual([
      expect.objectContaining({ path: "vpcs", problem: expect.stringMatching(/at most 200 entries: AWS's default quota/) }),
    ]);
  });

  it("accepts a 70-VPC full mesh", () => {
    const vpcs = Array.from({ length: 70 }, (_, i) => ({ name: `v${i}`, cidr: `10.${i}.0.0/16`, publicSubnetCidr: `10.${i}.0.0/24` }));
    expect(parseLabConfig({ vpcs }, "t").peerings).toHaveLength((70 * 69) / 2);
  });

  it("cuts a 1 MB value to a short excerpt that states its real length", () => {
    const error = rejection(() => parseLabConfig({ name: "x".repeat(1_000_000) }, "t"));
    expect(error.message.length).toBeLessThan(2_000);
    expect(error.message).toMatch(/1,000,000 characters/);
  });

  it("refuses a document nested 10,000 levels deep with a clean report", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const error = rejection(() => parseLabConfig({ tags: deep }, "t"));
    expect(error.issues[0]).toMatchObject({ problem: expect.stringMatching(/at most 12 levels of nesting/) });
  });

  it("refuses a document nested 10,000 levels deep read from a file", () => {
    const error = fromFile(`{"tags":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    expect(error.message).toMatch(/levels of nesting/);
  });

  it.each([10_000, 1_000_000])("gives the (document) report for a document of %i nested lists, read from a file", (depth) => {
    const error = fromFile(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(error.issues).toEqual([expect.objectContaining({ path: "", problem: "expected a JSON object" })]);
    expect(error.message).toMatch(/^ {2}- \(document\): expected a JSON object\n {6}received: \[\[\[\[.*characters/m);
  });

  it("gives the (document) report for 10,000 nested lists passed in code", () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const error = rejection(() => parseLabConfig(deep, "t"));
    expect(error.issues).toEqual([expect.objectContaining({ path: "", problem: "expected a JSON object" })]);
  });

  it.each([
    ["vpcs", `{"vpcs":${"[".repeat(10_000)}${"]".repeat(10_000)}}`],
    ["s3", `{"s3":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`],
    ["environments", `{"environments":{"dev":${'{"s3":'.repeat(10_000)}1${"}".repeat(10_000)}}}`],
  ])("names the field %s when the nesting is inside it", (field, text) => {
    const error = fromFile(text);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path.startsWith(field)).toBe(true);
    expect(error.issues[0]!.problem).toMatch(/at most 12 levels of nesting/);
  });
});

describe("input that must not drive the terminal", () => {
  it.each([
    ["an ANSI escape in a VPC name", { vpcs: [vpcConfig("\u001b[31mred", 1)] }],
    ["a bidi override in a VPC name", { vpcs: [vpcConfig("vpc\u202e1", 1)] }],
    ["a C1 control (one-byte CSI) in an unknown key", { ["\u009b31m"]: 1 }],
    ["control characters in a tag key", { tags: { "a\u0007\u0008": "x" } }],
    ["an escape in a peering name", { peerings: [{ requester: "vpc1", accepter: "\u001b]0;owned\u0007" }] }],
  ])("escapes %s", (_title, overrides) => {
    const error = rejection(() => parseLabConfig(overrides, "t"));
    expect(isSafeToPrint(error.message)).toBe(true);
    expect(error.message).toMatch(/\\u00(1b|9b|07)|\\u202e/);
  });

  it("escapes the snippet of a JSON syntax error", () => {
    const error = fromFile('{"name": \u001b[2J}');
    expect(isSafeToPrint(error.message)).toBe(true);
    expect(error.message).toContain("\\u001b");
  });

  it("escapes every unsafe character and nothing else", () => {
    expect(escapeForTerminal("ok \u001b[0m \u202e \u0085 é")).toBe("ok \\u001b[0m \\u202e \\u0085 é");
  });
});

describe("encodings", () => {
  it("accepts a UTF-8 file with a byte order mark", () => {
    const file = join(scratch, "bom.json");
    writeFileSync(file, `\ufeff${JSON.stringify({ name: "bom-lab" })}`);
    expect(loadLabConfig({ LAB_CONFIG: file }).name).toBe("bom-lab");
  });

  it.each([
    ["UTF-16 little-endian", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name":"x"}', "utf16le")]), /UTF-16/],
    ["UTF-16 big-endian", Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]), /UTF-16/],
    ["UTF-16 without a byte order mark", Buffer.from('{"name":"x"}', "utf16le"), /NUL bytes/],
    ["Latin-1", Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), /another encoding/],
  ])("names %s instead of printing its bytes", (_title, bytes, expected) => {
    const error = fromFile(bytes);
    expect(error.message).toMatch(expected);
    expect(error.message).toMatch(/save the file as UTF-8/);
    expect(error.message).not.toContain("\u0000");
  });
});

describe("accepted before, wrong all the same", () => {
  it.each([
    ["two halves of IPv4", { sshCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, "sshCidrs", /together these blocks cover all of IPv4/],
    ["a /4", { sshCidrs: ["16.0.0.0/4"] }, "sshCidrs[0]", /a \/4 opens SSH to 268,435,456 addresses/],
    ["0.0.0.0/0", { sshCidrs: ["0.0.0.0/0"] }, "sshCidrs[0]", /0\.0\.0\.0\/0 opens SSH to the whole internet/],
    [
      "a zone of another region",
      { region: "eu-west-1", vpcs: [vpcConfig("vpc1", 1, { availabilityZone: "us-east-1a" })] },
      "vpcs[0].availabilityZone",
      /a zone of the lab's region eu-west-1/,
    ],
    ["a tag key of 129 characters", { tags: { ["k".repeat(129)]: "v" } }, `tags.${"k".repeat(129)}`, /1-128 characters/],
    ["a tag value of 257 characters", { tags: { k: "v".repeat(257) } }, "tags.k", /at most 256/],
    ["a tag key AWS reserves, in capitals", { tags: { "AWS:x": "v" } }, "tags.AWS:x", /may not start with "aws:"/],
  ])("rejects %s, naming the field", (_title, overrides, path, problem) => {
    const error = rejection(() => parseLabConfig(overrides, "t"));
    expect(error.issues).toContainEqual(expect.objectContaining({ path, problem: expect.stringMatching(problem) }));
  });

  it("accepts broad SSH sources when allowSshFromAnywhere says so", () => {
    expect(parseLabConfig({ sshCidrs: ["0.0.0.0/1", "128.0.0.0/1"], allowSshFromAnywhere: true }, "t").sshCidrs).toHaveLength(2);
  });

  it("accepts a /8 SSH source without confirmation", () => {
    expect(parseLabConfig({ sshCidrs: ["10.0.0.0/8"] }, "t").sshCidrs).toEqual(["10.0.0.0/8"]);
  });

  it("keeps a tag whose key is __proto__ (a legal AWS tag key) all the way to the provider's default tags", () => {
    const config = parseLabConfig(JSON.parse('{"tags": {"__proto__": "kept", "Owner": "me"}}'), "t");
    expect(Object.keys(config.tags)).toEqual(["Owner", "__proto__"]);
    const { text } = synthLab(JSON.parse('{"tags": {"__proto__": "kept"}}'));
    expect(text).toMatch(/jsondecode\(.*__proto__.*kept/);
  });
});

describe("expectations checked against the lab", () => {
  const withoutInstance = { vpcs: [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2, { instance: false })] };
  it.each([
    [
      "a ping from a VPC to itself",
      { expect: [{ protocol: "icmp", from: "vpc1", to: "vpc1", reachable: true }] },
      "expect[0]",
      /two different VPCs/,
    ],
    [
      "a target VPC without an instance",
      { ...withoutInstance, expect: [{ protocol: "icmp", from: "vpc1", to: "vpc2", reachable: false }] },
      "expect[0].to",
      /vpc2 has none/,
    ],
    [
      "Instance Connect to a VPC without an instance",
      { ...withoutInstance, expect: [{ protocol: "ssh", from: "instance-connect", to: "vpc2", reachable: true }] },
      "expect[0].to",
      /vpc2 has none/,
    ],
    [
      "an s3 path in a lab without a bucket",
      { s3: false, expect: [{ protocol: "s3", from: "vpc1", to: "s3", reachable: true }] },
      "expect[0].protocol",
      /"s3": false/,
    ],
    [
      "two opposite expectations for one path",
      {
        expect: [
          { protocol: "icmp", from: "vpc1", to: "vpc2", reachable: true },
          { protocol: "icmp", from: "vpc1", to: "vpc2", reachable: false },
        ],
      },
      "expect[1]",
      /expect\[0\] already states icmp vpc1 -> vpc2/,
    ],
  ])("rejects %s, naming expect[i]", (_title, overrides, path, problem) => {
    const error = rejection(() => parseLabConfig(overrides, "t"));
    expect(error.issues).toContainEqual(expect.objectContaining({ path, problem: expect.stringMatching(problem) }));
  });
});

describe("order-independent output", () => {
  it("gives byte-identical Terraform for the same lab with vpcs, peerings, SSH sources and tags reordered", () => {
    const vpcs = [vpcConfig("vpc1", 1), vpcConfig("vpc2", 2), vpcConfig("vpc3", 3)];
    const peerings = [
      { requester: "vpc1", accepter: "vpc2" },
      { requester: "vpc2", accepter: "vpc3" },
    ];
    const a = synthLab({ vpcs, peerings, sshCidrs: ["203.0.113.7/32", "198.51.100.0/24"], tags: { A: "1", B: "2" } }).text;
    const b = synthLab({
      vpcs: [...vpcs].reverse(),
      peerings: [...peerings].reverse(),
      sshCidrs: ["198.51.100.0/24", "203.0.113.7/32"],
      tags: { B: "2", A: "1" },
    }).text;
    expect(b).toBe(a);
  });
});
