import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { LabEnvironment } from "../../src/constructs/lab-environment";
import { LabVpc } from "../../src/constructs/lab-vpc";
import type { VpcFlowLogsProps } from "../../src/constructs/vpc-flow-logs";
import { VpcFlowLogs } from "../../src/constructs/vpc-flow-logs";
import type { TerraformJson } from "../../test-support/synth-lab";
import { resource, resourcesOf } from "../../test-support/synth-lab";

interface Statement {
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

const OFFLINE_VALUES = {
  accountId: "111122223333",
  instanceConnectPrefixListId: "pl-0e4bcff02b13bef1e",
  amiIds: { x86_64: "ami-0123456789abcdef0", arm64: "ami-0fedcba9876543210" },
};

/**
 * Synthesizes VpcFlowLogs over VPCs named `logged` (of vpc1..vpc3, blocks 10.<n>.0.0/16) in a
 * stack named "lab".
 */
function synthFlowLogs(
  options: { logged?: string[]; offline?: boolean; labVpcs?: boolean } & Partial<Omit<VpcFlowLogsProps, "vpcs" | "labVpcs">> = {},
) {
  const { logged = ["vpc1", "vpc2"], offline = false, labVpcs = false, ...props } = options;
  const text = Testing.synthScope((scope: Construct) => {
    const environment = new LabEnvironment(scope, "environment", {
      projectName: "lab",
      region: "us-east-1",
      offline,
      offlineValues: OFFLINE_VALUES,
    });
    const all = [1, 2, 3].map(
      (n) =>
        new LabVpc(scope, `vpc${n}`, {
          name: `vpc${n}`,
          projectName: "lab",
          cidr: `10.${n}.0.0/16`,
          publicSubnetCidr: `10.${n}.0.0/24`,
          availabilityZone: "us-east-1a",
        }),
    );
    new VpcFlowLogs(scope, "flow-logs", {
      environment,
      projectName: "lab",
      ...props,
      vpcs: all.filter((vpc) => logged.includes(vpc.name)),
      ...(labVpcs ? { labVpcs: all } : {}),
    });
  });
  const json = JSON.parse(text) as TerraformJson;
  const document = (name: string) => (json.data?.aws_iam_policy_document?.[name] as { statement: Statement[] }).statement;
  return { text, json, trust: document("flow_logs_trust"), permissions: document("flow_logs_permissions") };
}

const queryKeys = ["top_byte_transfers", "rejected_traffic", "peered_vpc_traffic"];

describe("VpcFlowLogs", () => {
  describe("with the defaults, on two VPCs", () => {
    const { text, json, trust, permissions } = synthFlowLogs();

    it("creates one log group per VPC, named after the stack and the VPC, kept for 7 days", () => {
      expect(resourcesOf(json, "aws_cloudwatch_log_group")).toEqual({
        vpc1_flow_logs: expect.objectContaining({ name: "/lab/vpc-flow-logs/vpc1", retention_in_days: 7 }),
        vpc2_flow_logs: expect.objectContaining({ name: "/lab/vpc-flow-logs/vpc2", retention_in_days: 7 }),
      });
    });

    it("sends each VPC's flow log to its own group's ARN through the shared role", () => {
      for (const name of ["vpc1", "vpc2"]) {
        expect(text).toHaveResourceWithProperties(
          { tfResourceType: "aws_flow_log" },
          {
            vpc_id: `\${aws_vpc.${name}.id}`,
            traffic_type: "ALL",
            log_destination_type: "cloud-watch-logs",
            log_destination: `\${aws_cloudwatch_log_group.${name}_flow_logs.arn}`,
            iam_role_arn: "${aws_iam_role.flow_logs.arn}",
            max_aggregation_interval: 60,
          },
        );
      }
      expect(Object.keys(resourcesOf(json, "aws_flow_log")).sort()).toEqual(["vpc1", "vpc2"]);
    });

    it("creates the flow logs after the role's policy, so the first deliveries are allowed", () => {
      expect(resource(json, "aws_flow_log", "vpc1").depends_on).toEqual(["aws_iam_role_policy.flow_logs"]);
    });

    it("writes AWS's default format with its ${field} tokens escaped for Terraform", () => {
      expect(resource(json, "aws_flow_log", "vpc1").log_format).toBe(
        "$${version} $${account-id} $${interface-id} $${srcaddr} $${dstaddr} $${srcport} $${dstport} $${protocol} $${packets} $${bytes} $${start} $${end} $${action} $${log-status}",
      );
      expect(text).not.toMatch(/[^$]\$\{srcaddr\}/);
    });

    it("uses one role for the stack, named by prefix, whose trust and inline permissions are the two policy documents", () => {
      expect(resourcesOf(json, "aws_iam_role")).toEqual({
        flow_logs: expect.objectContaining({
          name_prefix: "lab-flow-logs-",
          assume_role_policy: "${data.aws_iam_policy_document.flow_logs_trust.json}",
        }),
      });
      expect(resourcesOf(json, "aws_iam_role_policy")).toEqual({
        flow_logs: expect.objectContaining({
          role: "${aws_iam_role.flow_logs.id}",
          policy: "${data.aws_iam_policy_document.flow_logs_permissions.json}",
        }),
      });
    });

    it("lets only VPC Flow Logs assume the role, and only for this account's flow logs in this region", () => {
      expect(trust).toEqual([
        expect.objectContaining({
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        }),
      ]);
      const account = "${data.aws_caller_identity.current.account_id}";
      expect(trust[0]!.condition).toEqual(
        expect.arrayContaining([
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: [`arn:\${data.aws_partition.current.partition}:ec2:\${data.aws_region.current.name}:${account}:vpc-flow-log/*`],
          },
        ]),
      );
      expect(trust[0]!.condition).toHaveLength(2);
    });

    it("grants only the three delivery actions, on the streams (':*') of the lab's log groups and nothing else", () => {
      const resources = permissions.flatMap((statement) => statement.resources ?? []);
      for (const arn of resources) expect(arn).toMatch(/^\$\{aws_cloudwatch_log_group\.(vpc1|vpc2)_flow_logs\.arn\}:\*$/);
      expect(resources.sort()).toEqual([
        "${aws_cloudwatch_log_group.vpc1_flow_logs.arn}:*",
        "${aws_cloudwatch_log_group.vpc2_flow_logs.arn}:*",
      ]);
      expect(permissions.flatMap((statement) => statement.actions ?? []).sort()).toEqual([
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
      ]);
      expect(text).not.toMatch(/logs:CreateLogGroup|logs:DescribeLogGroups|logs:\*/);
    });

    it("saves the three queries in the stack's folder, each over every flow-log group", () => {
      const queries = resourcesOf(json, "aws_cloudwatch_query_definition");
      expect(Object.keys(queries).sort()).toEqual([...queryKeys].sort());
      for (const query of Object.values(queries)) {
        expect(query.name).toMatch(/^lab\/\S/);
        expect(query.log_group_names).toEqual([
          "${aws_cloudwatch_log_group.vpc1_flow_logs.name}",
          "${aws_cloudwatch_log_group.vpc2_flow_logs.name}",
        ]);
      }
      expect(resource(json, "aws_cloudwatch_query_definition", "top_byte_transfers").name).toBe(
        "lab/Top 10 byte transfers by source and destination IP",
      );
    });

    // Default-format fields are read under the names Logs Insights discovers (srcAddr, dstPort, ...).
    it.each([
      ["top_byte_transfers", [/^stats sum\(bytes\) as bytesTransferred by srcAddr, dstAddr$/m, /sort bytesTransferred desc/, /limit 10$/]],
      ["rejected_traffic", [/^filter action = "REJECT"$/m, /by srcAddr, dstAddr, dstPort, protocol/]],
      [
        "peered_vpc_traffic",
        [
          /isIpv4InSubnet\(srcAddr, "10\.1\.0\.0\/16"\) or isIpv4InSubnet\(srcAddr, "10\.2\.0\.0\/16"\)/,
          /isIpv4InSubnet\(dstAddr, "10\.1\.0\.0\/16"\) or isIpv4InSubnet\(dstAddr, "10\.2\.0\.0\/16"\)/,
          /sum\(packets\).*sum\(bytes\).* by srcAddr, dstAddr, protocol, action/,
        ],
      ],
    ])("writes the %s query over the fields it aggregates", (key, patterns) => {
      const query = resource(json, "aws_cloudwatch_query_definition", key).query_string as string;
      for (const pattern of patterns) expect(query).toMatch(pattern);
      expect(query).not.toMatch(/parse @message/);
    });

    it("looks the account up from the caller identity when online", () => {
      expect(json.data?.aws_caller_identity).toBeDefined();
    });
  });

  it("takes the account id from offline values, so the trust policy needs no AWS call", () => {
    const { json, trust } = synthFlowLogs({ offline: true });
    expect(json.data?.aws_caller_identity).toBeUndefined();
    expect(trust[0]!.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
        expect.objectContaining({ values: [expect.stringMatching(/:ec2:.*:111122223333:vpc-flow-log\/\*$/)] }),
      ]),
    );
  });

  it("creates no flow log, group or permission for a VPC that is not listed", () => {
    const { json, permissions } = synthFlowLogs({ logged: ["vpc2"] });
    expect(Object.keys(resourcesOf(json, "aws_flow_log"))).toEqual(["vpc2"]);
    expect(Object.keys(resourcesOf(json, "aws_cloudwatch_log_group"))).toEqual(["vpc2_flow_logs"]);
    expect(permissions.flatMap((statement) => statement.resources)).toEqual(["${aws_cloudwatch_log_group.vpc2_flow_logs.arn}:*"]);
  });

  it("keeps the peered-traffic query on every lab VPC's block, logged or not, when given labVpcs", () => {
    const { json } = synthFlowLogs({ logged: ["vpc2"], labVpcs: true });
    const query = resource(json, "aws_cloudwatch_query_definition", "peered_vpc_traffic").query_string as string;
    for (const cidr of ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"]) expect(query).toContain(`isIpv4InSubnet(srcAddr, "${cidr}")`);
  });

  it("lists VPCs in name order whatever the order given, so reordering changes nothing", () => {
    const a = synthFlowLogs({ logged: ["vpc1", "vpc2", "vpc3"] }).json;
    const b = Testing.synthScope((scope: Construct) => {
      const environment = new LabEnvironment(scope, "environment", {
        projectName: "lab",
        region: "us-east-1",
        offlineValues: OFFLINE_VALUES,
      });
      const vpcs = [3, 1, 2].map(
        (n) =>
          new LabVpc(scope, `vpc${n}`, {
            name: `vpc${n}`,
            projectName: "lab",
            cidr: `10.${n}.0.0/16`,
            publicSubnetCidr: `10.${n}.0.0/24`,
            availabilityZone: "us-east-1a",
          }),
      );
      new VpcFlowLogs(scope, "flow-logs", { environment, projectName: "lab", vpcs });
    });
    const strip = (json: TerraformJson) => JSON.stringify({ resource: json.resource, data: json.data }).replace(/"path":"[^"]*"/g, "");
    expect(strip(JSON.parse(b) as TerraformJson)).toBe(strip(a));
  });

  describe("with REJECT only, a 600 s interval, 30 days and a custom format", () => {
    const logFormat =
      "${action} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${tcp-flags} ${flow-direction}";
    const { text, json } = synthFlowLogs({ trafficType: "REJECT", maxAggregationInterval: 600, retentionDays: 30, logFormat });

    it("records what security groups and network ACLs refused, per 10 minutes, kept 30 days", () => {
      expect(text).toHaveResourceWithProperties(
        { tfResourceType: "aws_flow_log" },
        { traffic_type: "REJECT", max_aggregation_interval: 600 },
      );
      expect(resource(json, "aws_cloudwatch_log_group", "vpc1_flow_logs").retention_in_days).toBe(30);
    });

    it("escapes every ${field} token of the format as $${field}", () => {
      expect(resource(json, "aws_flow_log", "vpc1").log_format).toBe(logFormat.replace(/\$\{/g, () => "$${"));
      expect(text).not.toMatch(/[^$]\$\{(action|srcaddr|tcp-flags)\}/);
    });

    it("starts every query with a parse of @message built from the format, in its field order", () => {
      const parse =
        'parse @message "* * * * * * * * * *" as action, srcAddr, dstAddr, srcPort, dstPort, protocol, packets, bytes, tcpFlags, flowDirection';
      for (const key of queryKeys) {
        const query = resource(json, "aws_cloudwatch_query_definition", key).query_string as string;
        expect(query.split("\n")[0]).toBe(parse);
        expect(query.split("\n")[1]).toMatch(/^\| (stats|filter) /);
      }
    });
  });

  it("refuses a VPC listed twice", () => {
    expect(() =>
      Testing.synthScope((scope: Construct) => {
        const environment = new LabEnvironment(scope, "environment", {
          projectName: "lab",
          region: "us-east-1",
          offlineValues: OFFLINE_VALUES,
        });
        const vpc1 = new LabVpc(scope, "vpc1", {
          name: "vpc1",
          projectName: "lab",
          cidr: "10.1.0.0/16",
          publicSubnetCidr: "10.1.0.0/24",
          availabilityZone: "us-east-1a",
        });
        new VpcFlowLogs(scope, "flow-logs", { environment, projectName: "lab", vpcs: [vpc1, vpc1] });
      }),
    ).toThrow(/"vpc1" is listed twice/);
  });

  it.each([
    ["no VPC", { logged: [] }, /at least one VPC/],
    ["a retention CloudWatch does not offer", { retentionDays: 10 }, /retentionDays 10[\s\S]*7, 14/],
    ["an interval other than 60 or 600", { maxAggregationInterval: 120 }, /60 or 600/],
    ["a format without the fields the queries read", { logFormat: "${srcaddr} ${dstaddr}" }, /\$\{bytes\}.* missing/],
  ])("refuses %s", (_what, options, message) => {
    expect(() => synthFlowLogs(options)).toThrow(message);
  });
});
