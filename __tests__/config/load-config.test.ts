import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LAB_CONFIG, loadLabConfig, parseLabConfig } from "../../src/config";
import { configErrorFor as errorFor } from "../../test-support/config-issues";
import { vpcConfig } from "../../test-support/synth-lab";

const vpc = vpcConfig;

describe("parseLabConfig", () => {
  it("returns the lab itself when nothing is overridden", () => {
    const config = parseLabConfig({}, "default");
    expect(config.name).toBe("vpc-lab");
    expect(config.region).toBe("us-east-1");
    expect(config.vpcs.map((v) => [v.name, v.cidr, v.publicSubnetCidr, v.instance])).toEqual([
      ["vpc1", "10.1.0.0/16", "10.1.0.0/24", { type: "t3.micro" }],
      ["vpc2", "10.2.0.0/16", "10.2.0.0/24", { type: "t3.micro" }],
    ]);
    expect(config.peerings).toEqual([{ requester: "vpc1", accepter: "vpc2" }]);
    expect(config.offline).toBe(false);
    expect(config.sshCidrs).toEqual([]);
  });

  it("replaces top-level fields of the default and keeps the others", () => {
    const config = parseLabConfig({ name: "my-lab", tags: { Owner: "me" } }, "test");
    expect(config.name).toBe("my-lab");
    expect(config.tags).toEqual({ Owner: "me" });
    expect(config.vpcs).toHaveLength(DEFAULT_LAB_CONFIG.vpcs.length);
  });

  it("peers every pair, requester first in name order, when vpcs is given without peerings", () => {
    const config = parseLabConfig({ vpcs: [vpc("c", 3), vpc("a", 1), vpc("b", 2)] }, "test");
    expect(config.peerings).toEqual([
      { requester: "a", accepter: "b" },
      { requester: "a", accepter: "c" },
      { requester: "b", accepter: "c" },
    ]);
  });

  it("gives a VPC a t3.micro instance unless told otherwise, and none with instance: false", () => {
    const config = parseLabConfig(
      { vpcs: [vpc("a", 1), vpc("b", 2, { instance: false }), vpc("c", 3, { instance: { type: "t4g.small" } })] },
      "test",
    );
    expect(config.vpcs.map((v) => v.instance)).toEqual([{ type: "t3.micro" }, false, { type: "t4g.small" }]);
  });

  it("accepts the account root and AWS's tag characters", () => {
    const config = parseLabConfig(
      { s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:root"] }, tags: { "cost-center": "lab 42/a+b@c" } },
      "test",
    );
    expect(config.s3 && config.s3.adminPrincipalArns).toEqual(["arn:aws:iam::123456789012:root"]);
  });

  it("allows SSH from 0.0.0.0/0 only when stated outright", () => {
    expect(parseLabConfig({ sshCidrs: ["0.0.0.0/0"], allowSshFromAnywhere: true }, "test").sshCidrs).toEqual(["0.0.0.0/0"]);
  });

  // Each row: a bad override, the dotted path the report must name, and a phrase of the problem.
  const badInputs: [string, unknown, string, RegExp][] = [
    ["an unknown top-level key", { nmae: "x" }, "nmae", /unknown field/],
    ["an unknown key inside a VPC", { vpcs: [vpc("a", 1, { cidrr: "x" })] }, "vpcs[0].cidrr", /known fields here: name, cidr/],
    ["CIDR syntax", { vpcs: [vpc("a", 1, { cidr: "10.1.0.0" })] }, "vpcs[0].cidr", /IPv4 CIDR block/],
    [
      "a host address instead of a network",
      { vpcs: [vpc("a", 1, { cidr: "10.1.0.5/16" })] },
      "vpcs[0].cidr",
      /host bits[\s\S]*use 10\.1\.0\.0\/16/,
    ],
    [
      "a VPC prefix wider than /16",
      { vpcs: [vpc("a", 1, { cidr: "10.0.0.0/8", publicSubnetCidr: "10.0.0.0/24" })] },
      "vpcs[0].cidr",
      /between \/16 and \/28/,
    ],
    [
      "a VPC prefix narrower than /28",
      { vpcs: [vpc("a", 1, { cidr: "10.1.0.0/29", publicSubnetCidr: "10.1.0.0/29" })] },
      "vpcs[0].cidr",
      /between \/16 and \/28/,
    ],
    [
      "a subnet outside its VPC",
      { vpcs: [vpc("a", 1, { publicSubnetCidr: "10.9.0.0/24" })] },
      "vpcs[0].publicSubnetCidr",
      /inside the VPC's 10\.1\.0\.0\/16/,
    ],
    [
      "overlapping VPC CIDRs",
      { vpcs: [vpc("a", 1), { name: "b", cidr: "10.1.128.0/17", publicSubnetCidr: "10.1.128.0/24" }] },
      "vpcs[1].cidr",
      /does not overlap vpcs\[0\]\.cidr/,
    ],
    ["duplicate VPC names", { vpcs: [vpc("a", 1), vpc("a", 2)] }, "vpcs[1].name", /unique VPC name/],
    ["a VPC name unusable in a Terraform address", { vpcs: [vpc("VPC_1", 1)] }, "vpcs[0].name", /lowercase letters/],
    ["a VPC name that is too long", { vpcs: [vpc("a-very-long-vpc-name", 1)] }, "vpcs[0].name", /1-16/],
    ["peering a VPC with itself", { peerings: [{ requester: "vpc1", accepter: "vpc1" }] }, "peerings[0]", /peered with itself/],
    ["peering an unknown VPC", { peerings: [{ requester: "vpc1", accepter: "vpc9" }] }, "peerings[0].accepter", /use one of: vpc1, vpc2/],
    [
      "the same pair peered twice",
      {
        peerings: [
          { requester: "vpc1", accepter: "vpc2" },
          { requester: "vpc2", accepter: "vpc1" },
        ],
      },
      "peerings[1]",
      /each pair of VPCs once/,
    ],
    ["a malformed region", { region: "US East" }, "region", /us-east-1/],
    ["a malformed instance type", { vpcs: [vpc("a", 1, { instance: { type: "micro" } })] }, "vpcs[0].instance.type", /t3\.micro/],
    ["a malformed AMI id", { vpcs: [vpc("a", 1, { instance: { amiId: "ubuntu" } })] }, "vpcs[0].instance.amiId", /ami-/],
    ["a stack name too long for IAM name_prefix", { name: "a".repeat(25) }, "name", /at most 24 characters[\s\S]*name_prefix \(38/],
    ["a stack name with capitals", { name: "MyLab" }, "name", /lowercase/],
    ["SSH open to the internet without saying so", { sshCidrs: ["0.0.0.0/0"] }, "sshCidrs[0]", /allowSshFromAnywhere/],
    ["a malformed SSH CIDR", { sshCidrs: ["my laptop"] }, "sshCidrs[0]", /IPv4 CIDR/],
    [
      "an offline Terraform principal given as an assumed-role session ARN",
      { offlineValues: { terraformPrincipalArn: "arn:aws:sts::123456789012:assumed-role/terraform/session" } },
      "offlineValues.terraformPrincipalArn",
      /IAM role or user ARN[\s\S]*not an assumed-role session ARN/,
    ],
    ["a tag key in AWS's reserved prefix", { tags: { "aws:owner": "me" } }, "tags.aws:owner", /may not start with "aws:"/],
    ["a tag with a character AWS rejects", { tags: { Owner: "me, myself" } }, "tags.Owner", /letters, digits, spaces/],
    ["the same SSH source twice", { sshCidrs: ["203.0.113.7/32", "203.0.113.7/32"] }, "sshCidrs[1]", /each block once/],
    ["a wrong type", { offline: "yes" }, "offline", /expected true or false, but the value is a string/],
    ["no VPC at all", { vpcs: [] }, "vpcs", /at least 1/],
    ["a bucket name of 2 characters", { s3: { bucketName: "ab" } }, "s3.bucketName", /3-63 characters[\s\S]*received: "ab"/],
    ["a bucket name of 64 characters", { s3: { bucketName: "a".repeat(64) } }, "s3.bucketName", /3-63 characters[\s\S]*shorten it by 1/],
    [
      "a bucket name with capitals and _",
      { s3: { bucketName: "Lab_Bucket" } },
      "s3.bucketName",
      /lowercase letters, digits[\s\S]*"lab-bucket"/,
    ],
    ["a bucket name ending in a hyphen", { s3: { bucketName: "lab-bucket-" } }, "s3.bucketName", /starts and ends with a lowercase letter/],
    [
      "a bucket name starting with a dot",
      { s3: { bucketName: ".lab-bucket" } },
      "s3.bucketName",
      /starts and ends with a lowercase letter/,
    ],
    ["a bucket name with two adjacent dots", { s3: { bucketName: "lab..bucket" } }, "s3.bucketName", /adjacent dots[\s\S]*"lab\.bucket"/],
    ["a bucket name shaped like an IP address", { s3: { bucketName: "10.1.0.5" } }, "s3.bucketName", /IP address/],
    ["a bucket name with the xn-- prefix", { s3: { bucketName: "xn--lab" } }, "s3.bucketName", /"xn--"/],
    ["a bucket name with the sthree- prefix", { s3: { bucketName: "sthree-lab" } }, "s3.bucketName", /"sthree-"/],
    ["a bucket name with the -s3alias suffix", { s3: { bucketName: "lab-s3alias" } }, "s3.bucketName", /"-s3alias"/],
    ["a bucket name with the --ol-s3 suffix", { s3: { bucketName: "lab--ol-s3" } }, "s3.bucketName", /"--ol-s3"/],
    ["a stack name that makes a reserved bucket_prefix", { name: "sthree-lab" }, "name", /"sthree-"[\s\S]*set s3\.bucketName/],
    [
      "an S3 endpoint in an unknown VPC",
      { s3: { endpointVpcs: ["vpc1", "vpc9"] } },
      "s3.endpointVpcs[1]",
      /use one of: vpc1, vpc2, or "all"/,
    ],
    ["an empty list of endpoint VPCs", { s3: { endpointVpcs: [] } }, "s3.endpointVpcs", /at least 1/],
    [
      "an unknown endpoint policy mode",
      { s3: { endpointPolicy: "allow-all" } },
      "s3.endpointPolicy",
      /"bucket-only", "full-access", "deny-all"/,
    ],
    [
      "an assumed-role session ARN as an admin",
      { s3: { adminPrincipalArns: ["arn:aws:sts::123456789012:assumed-role/Admin/alice"] } },
      "s3.adminPrincipalArns[0]",
      /IAM role or user ARN[\s\S]*not an assumed-role session ARN/,
    ],
    [
      "an IAM group ARN as an admin",
      { s3: { adminPrincipalArns: ["arn:aws:iam::123456789012:group/Admins"] } },
      "s3.adminPrincipalArns[0]",
      /IAM role or user ARN/,
    ],
    ["a name instead of an admin ARN", { s3: { adminPrincipalArns: ["Admin"] } }, "s3.adminPrincipalArns[0]", /IAM role or user ARN/],
    ["an unknown field in s3", { s3: { bucket: "lab" } }, "s3.bucket", /known fields here: bucketName, forceDestroy/],
    ["a flow log on an unknown VPC", { flowLogs: { vpcs: ["vpc9"] } }, "flowLogs.vpcs[0]", /use one of: vpc1, vpc2, or "all"/],
    ["a flow log traffic type AWS does not have", { flowLogs: { trafficType: "DENY" } }, "flowLogs.trafficType", /"ACCEPT", "REJECT"/],
    [
      "a retention CloudWatch Logs does not accept",
      { flowLogs: { retentionDays: 10 } },
      "flowLogs.retentionDays",
      /retention period[\s\S]*received: 10[\s\S]*7, 14, 30/,
    ],
    [
      "an aggregation interval other than 60 or 600",
      { flowLogs: { maxAggregationInterval: 300 } },
      "flowLogs.maxAggregationInterval",
      /60 or 600/,
    ],
    [
      "an unknown ${field} in the flow log format",
      { flowLogs: { logFormat: "${srcaddr} ${dstaddr} ${srcport} ${dst-port} ${protocol} ${packets} ${bytes} ${action}" } },
      "flowLogs.logFormat",
      /\$\{dst-port\} is not one[\s\S]*fix: write \$\{dstport\} instead of \$\{dst-port\}/,
    ],
    [
      "a flow log format without the fields the saved queries read",
      { flowLogs: { logFormat: "${srcaddr} ${dstaddr} ${bytes}" } },
      "flowLogs.logFormat",
      /\$\{action\}, \$\{dstport\}, \$\{protocol\}, \$\{packets\} are missing \(Rejected traffic by source, destination and port: \$\{action\} \$\{dstport\} \$\{protocol\}; Traffic between the peered VPCs: \$\{action\} \$\{protocol\} \$\{packets\}\)/,
    ],
  ];

  it.each(badInputs)("rejects %s, naming the field", (_what, overrides, path, problem) => {
    const error = errorFor(overrides);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toMatch(problem);
    expect(error.message).toContain("test.json");
  });

  it("reports every problem at once, cross-field ones included, even beside a type error", () => {
    const error = errorFor({
      region: 42,
      vpcs: [vpc("a", 1, { cidr: 7 }), vpc("b", 2), vpc("b", 2)],
      peerings: [{ requester: "a", accepter: "zz" }],
    });
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["region", "vpcs[0].cidr", "vpcs[2].name", "vpcs[2].cidr", "peerings[0].accepter"]));
    expect(error.message).toMatch(/^Invalid lab configuration in test\.json: \d+ problems/);
  });

  it("reports flow log problems in the same report as the rest of the configuration", () => {
    const error = errorFor({
      region: 42,
      peerings: [{ requester: "vpc1", accepter: "zz" }],
      flowLogs: { vpcs: ["vpc9"], retentionDays: 10, logFormat: "${srcaddr} ${colour}" },
    });
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["region", "peerings[0].accepter", "flowLogs.vpcs[0]", "flowLogs.retentionDays", "flowLogs.logFormat"]),
    );
    expect(error.issues.find((issue) => issue.path === "flowLogs.logFormat")?.received).toBe('"${srcaddr} ${colour}"');
  });

  it("accepts flow logs on named VPCs with a custom format that the saved queries can read", () => {
    const logFormat = "${srcaddr} ${dstaddr} ${dstport} ${protocol} ${packets} ${bytes} ${action} ${vpc-id}";
    const config = parseLabConfig({ flowLogs: { vpcs: ["vpc1"], logFormat } }, "test");
    expect(config.flowLogs).toEqual({ vpcs: ["vpc1"], trafficType: "ALL", retentionDays: 7, maxAggregationInterval: 60, logFormat });
  });

  it("renders each problem with the value received and a fix", () => {
    const [issue] = errorFor({ vpcs: [vpc("a", 1, { cidr: "10.1.0.5/16" })] }).issues;
    expect(issue).toEqual({
      path: "vpcs[0].cidr",
      received: '"10.1.0.5/16"',
      problem: expect.stringContaining("network address"),
      fix: "use 10.1.0.0/16",
    });
  });
});

describe("loadLabConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "lab-config-"));

  it("uses the embedded default when LAB_CONFIG is unset", () => {
    expect(loadLabConfig({}).name).toBe("vpc-lab");
  });

  it("reads the file named by LAB_CONFIG", () => {
    const file = join(dir, "ok.json");
    writeFileSync(file, JSON.stringify({ name: "from-file" }));
    expect(loadLabConfig({ LAB_CONFIG: file }).name).toBe("from-file");
  });

  it("names the file when it holds malformed JSON", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, '{ "name": "x", }');
    expect(() => loadLabConfig({ LAB_CONFIG: file })).toThrow(new RegExp(`${file.replace(/[.]/g, "\\.")}[\\s\\S]*expected JSON`));
  });

  it("names the file when it cannot be read", () => {
    expect(() => loadLabConfig({ LAB_CONFIG: join(dir, "missing.json") })).toThrow(/missing\.json[\s\S]*cannot read the file \(ENOENT\)/);
  });

  it("rejects a document that is not an object", () => {
    const file = join(dir, "array.json");
    writeFileSync(file, "[1, 2]");
    expect(() => loadLabConfig({ LAB_CONFIG: file })).toThrow(/expected a JSON object/);
  });
});
