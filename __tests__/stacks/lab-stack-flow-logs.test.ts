import { resource, resourcesOf, synthLab, vpcConfig } from "../../test-support/synth-lab";

const vpc = vpcConfig;

describe("LabStack flow logs (chapter 2)", () => {
  describe("with the default lab", () => {
    const { json } = synthLab();

    it("logs every VPC into its own group through one role, one policy and three saved queries", () => {
      expect(Object.keys(resourcesOf(json, "aws_flow_log")).sort()).toEqual(["vpc1", "vpc2"]);
      expect(Object.keys(resourcesOf(json, "aws_cloudwatch_log_group")).sort()).toEqual(["vpc1_flow_logs", "vpc2_flow_logs"]);
      expect(resource(json, "aws_iam_role", "flow_logs").name_prefix).toBe("vpc-lab-flow-logs-");
      expect(resource(json, "aws_iam_role_policy", "flow_logs").role).toBe("${aws_iam_role.flow_logs.id}");
      expect(Object.keys(json.data?.aws_iam_policy_document ?? {})).toEqual(
        expect.arrayContaining(["flow_logs_trust", "flow_logs_permissions"]),
      );
      expect(Object.keys(resourcesOf(json, "aws_cloudwatch_query_definition")).sort()).toEqual([
        "peered_vpc_traffic",
        "rejected_traffic",
        "top_byte_transfers",
      ]);
    });

    it("outputs the group names, flow log ids, query names and the Logs Insights console link", () => {
      expect(json.output?.flow_log_group_names?.value).toEqual({
        vpc1: "${aws_cloudwatch_log_group.vpc1_flow_logs.name}",
        vpc2: "${aws_cloudwatch_log_group.vpc2_flow_logs.name}",
      });
      expect(json.output?.flow_log_ids?.value).toEqual({ vpc1: "${aws_flow_log.vpc1.id}", vpc2: "${aws_flow_log.vpc2.id}" });
      expect(json.output?.flow_log_query_names?.value).toEqual({
        top_byte_transfers: "vpc-lab/Top 10 byte transfers by source and destination IP",
        rejected_traffic: "vpc-lab/Rejected traffic by source, destination and port",
        peered_vpc_traffic: "vpc-lab/Traffic between the peered VPCs",
      });
      expect(json.output?.logs_insights_url?.value).toBe(
        "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights",
      );
    });
  });

  it('covers every VPC with "all"', () => {
    const { json } = synthLab({ vpcs: [vpc("vpc1", 1), vpc("vpc2", 2), vpc("vpc3", 3)], flowLogs: { vpcs: "all" } });
    expect(Object.keys(resourcesOf(json, "aws_flow_log")).sort()).toEqual(["vpc1", "vpc2", "vpc3"]);
  });

  it("logs only the VPCs listed, as the lab did with vpc1, while the peered-traffic query still knows every block", () => {
    const { json } = synthLab({ flowLogs: { vpcs: ["vpc1"] } });
    expect(Object.keys(resourcesOf(json, "aws_flow_log"))).toEqual(["vpc1"]);
    expect(Object.keys(resourcesOf(json, "aws_cloudwatch_log_group"))).toEqual(["vpc1_flow_logs"]);
    const peered = resource(json, "aws_cloudwatch_query_definition", "peered_vpc_traffic");
    expect(peered.log_group_names).toEqual(["${aws_cloudwatch_log_group.vpc1_flow_logs.name}"]);
    expect(peered.query_string).toContain('isIpv4InSubnet(dstAddr, "10.2.0.0/16")');
  });

  it("passes the configured traffic type, interval and retention through", () => {
    const { json } = synthLab({ flowLogs: { trafficType: "REJECT", maxAggregationInterval: 600, retentionDays: 14 } });
    expect(resource(json, "aws_flow_log", "vpc2")).toMatchObject({ traffic_type: "REJECT", max_aggregation_interval: 600 });
    expect(resource(json, "aws_cloudwatch_log_group", "vpc2_flow_logs").retention_in_days).toBe(14);
  });

  it("builds no flow log, group, role, query or output with flowLogs: false", () => {
    const { json } = synthLab({ flowLogs: false });
    for (const type of ["aws_flow_log", "aws_cloudwatch_log_group", "aws_cloudwatch_query_definition"]) {
      expect(resourcesOf(json, type)).toEqual({});
    }
    expect(resourcesOf(json, "aws_iam_role").flow_logs).toBeUndefined();
    expect(json.data?.aws_iam_policy_document?.flow_logs_trust).toBeUndefined();
    expect(Object.keys(json.output ?? {}).filter((name) => name.startsWith("flow_log") || name === "logs_insights_url")).toEqual([]);
  });
});
