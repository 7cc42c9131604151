import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_FLOW_LOG_FORMAT, FLOW_LOG_AGGREGATION_INTERVALS, LOG_RETENTION_DAYS, parseLogFormat } from "../aws/flow-log-fields";
import { logFormatProblems } from "../config/flow-log-format";
import type { SavedQueryKey } from "../config/flow-log-queries";
import { SAVED_QUERIES, SAVED_QUERY_FIELDS, savedQueryString } from "../config/flow-log-queries";
import type { LabEnvironment } from "./lab-environment";
import type { LabVpc } from "./lab-vpc";
import { pinAddress } from "./terraform-address";

/** Which packets a flow log records: the ones security groups and NACLs accepted, refused, or both. */
export type FlowLogTrafficType = "ALL" | "ACCEPT" | "REJECT";

/** Properties of {@link VpcFlowLogs}. */
export interface VpcFlowLogsProps {
  /** The VPCs that get a flow log, each into a log group of its own. At least one. */
  readonly vpcs: readonly LabVpc[];
  /** Account, partition and region for the role's trust conditions. */
  readonly environment: LabEnvironment;
  /** Stack name: it names the log groups (`/<name>/vpc-flow-logs/<vpc>`), the role and the queries' folder. */
  readonly projectName: string;
  /**
   * Every VPC of the lab: the "traffic between the peered VPCs" query keeps flows whose source and
   * destination both lie in one of their blocks (a flow from an unlogged VPC still shows up in the
   * logged peer's log).
   * @default the VPCs in `vpcs`
   */
  readonly labVpcs?: readonly LabVpc[];
  /** @default "ALL" */
  readonly trafficType?: FlowLogTrafficType;
  /** Days CloudWatch keeps the records; one of the periods CloudWatch Logs accepts. @default 7 */
  readonly retentionDays?: number;
  /** Seconds over which packets are aggregated into one record: 60 or 600. @default 60 */
  readonly maxAggregationInterval?: number;
  /**
   * Record format as AWS writes it, with `${field}` tokens (unescaped: the construct escapes them
   * for Terraform). Must include the fields the saved queries read.
   * @default the AWS default format ({@link DEFAULT_FLOW_LOG_FORMAT})
   */
  readonly logFormat?: string;
}

/**
 * VPC flow logs into CloudWatch Logs (chapter 2): per VPC a log group and a flow log; for the
 * stack one IAM role that VPC Flow Logs assumes to write, and three saved Logs Insights queries.
 *
 * One role serves every VPC: a single trust policy and a single permissions policy that lists
 * each group keep IAM small and easy to review. A role per VPC would isolate the groups from one
 * another, which the lab does not need (all groups hold the same lab's traffic).
 *
 * Addresses: `aws_cloudwatch_log_group.<vpc>_flow_logs`, `aws_flow_log.<vpc>`,
 * `aws_iam_role.flow_logs`, `aws_iam_role_policy.flow_logs`,
 * `data.aws_iam_policy_document.flow_logs_trust`, `data.aws_iam_policy_document.flow_logs_permissions`,
 * `aws_cloudwatch_query_definition.{top_byte_transfers,rejected_traffic,peered_vpc_traffic}`.
 */
export class VpcFlowLogs extends Construct {
  /** Log groups by VPC name. */
  public readonly logGroups: ReadonlyMap<string, CloudwatchLogGroup>;
  /** Flow logs by VPC name. */
  public readonly flowLogs: ReadonlyMap<string, FlowLog>;
  /** The role VPC Flow Logs assumes to deliver records (the lab's own account's, when it has flow logs). */
  public readonly role: IamRole;
  /** The role per account: `""` for the account Terraform runs in, else the name in `accounts`. */
  public readonly roles: ReadonlyMap<string, IamRole>;
  /** Saved Logs Insights queries by key. */
  public readonly queries: ReadonlyMap<SavedQueryKey, CloudwatchQueryDefinition>;
  /** The record format in effect, as AWS writes it (unescaped `${field}` tokens). */
  public readonly logFormat: string;
  /** The record's fields, in order. */
  public readonly fields: readonly string[];
  /** Saved query names (`<stack>/<title>`: the console files them in a folder per stack) by key. */
  public readonly queryNames: Readonly<Record<SavedQueryKey, string>>;

  public constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const { environment, projectName } = props;
    // Name order, not configuration order: lists built from the VPCs (policy resources, the
    // queries' groups and blocks) then stay the same when `vpcs` is reordered.
    const vpcs = byName(props.vpcs);
    const trafficType = props.trafficType ?? "ALL";
    const retentionDays = props.retentionDays ?? 7;
    const maxAggregationInterval = props.maxAggregationInterval ?? 60;
    this.logFormat = props.logFormat ?? DEFAULT_FLOW_LOG_FORMAT;
    this.fields = parseLogFormat(this.logFormat).fields;
    checkInvariants(vpcs, retentionDays, maxAggregationInterval, this.logFormat);

    const logGroups = new Map<string, CloudwatchLogGroup>();
    for (const vpc of vpcs) {
      // Sibling IDs join a VPC name with "_", which names cannot contain: no two can meet.
      logGroups.set(
        vpc.name,
        pinAddress(
          new CloudwatchLogGroup(this, `${vpc.name}_log-group`, {
            // The group name cannot change in place: it keeps the VPC's first name across renames.
            name: `/${projectName}/vpc-flow-logs/${vpc.physicalName}`,
            retentionInDays: retentionDays,
            // A flow log delivers only to a log group of its own region (and account).
            provider: vpc.provider,
          }),
          `${vpc.name}_flow_logs`,
        ),
      );
    }
    this.logGroups = logGroups;

    // One role per account (IAM is global, but an account's role serves only its own flow logs),
    // made through a provider of that account; the lab's own account first, with today's names.
    const accounts = new Map<string, LabVpc[]>();
    for (const vpc of vpcs) {
      const key = vpc.accountName ?? "";
      accounts.set(key, [...(accounts.get(key) ?? []), vpc]);
    }
    const roles = new Map<string, IamRole>();
    const rolePolicies = new Map<string, IamRolePolicy>();
    for (const key of [...accounts.keys()].sort()) {
      const members = accounts.get(key)!;
      const home = key === "";
      const own = (vpc: LabVpc) => vpc.environment ?? environment;
      const accountEnvironment = home ? environment : own(members[0]!);
      const provider = home ? undefined : accountEnvironment.resourceProvider;
      const idOf = (base: string) => (home ? base : `${key}_${base}`);
      const addressOf = (base: string) => (home ? base : `${base}-${key}`);
      const account = accountEnvironment.accountId;
      // The role's trust names each region the account's flow logs deliver from.
      const regions = new Map<string, LabEnvironment>();
      for (const vpc of members) if (!regions.has(own(vpc).region)) regions.set(own(vpc).region, own(vpc));
      const sourceArns = [...regions.keys()]
        .sort()
        .map((region) => regions.get(region)!)
        .map((context) => `arn:${context.partition}:ec2:${context.regionName}:${account}:vpc-flow-log/*`);
      const trust = pinAddress(
        new DataAwsIamPolicyDocument(this, idOf("trust"), {
          statement: [
            {
              sid: "VpcFlowLogsAssumeRole",
              effect: "Allow",
              actions: ["sts:AssumeRole"],
              principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
              // Confused-deputy guard: the service may assume the role only for this account's flow logs.
              condition: [
                { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
                { test: "ArnLike", variable: "aws:SourceArn", values: sourceArns },
              ],
            },
          ],
          provider,
        }),
        addressOf("flow_logs_trust"),
      );
      const permissions = pinAddress(
        new DataAwsIamPolicyDocument(this, idOf("permissions"), {
          statement: [
            {
              sid: "DeliverToLabFlowLogGroups",
              effect: "Allow",
              // No logs:CreateLogGroup (Terraform creates the groups) and no logs:DescribeLogGroups
              // (it cannot be scoped to a group, and delivery does not need it).
              actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              // Stream-level calls are authorised against "<group arn>:*"; the provider's `arn`
              // has that suffix removed, so it is added back (without it, delivery fails with an
              // access error).
              resources: members.map((vpc) => `${logGroups.get(vpc.name)!.arn}:*`),
            },
          ],
          provider,
        }),
        addressOf("flow_logs_permissions"),
      );

      const role = pinAddress(
        new IamRole(this, idOf("role"), {
          namePrefix: `${projectName}-flow-logs-`,
          description: `VPC Flow Logs delivery into the ${projectName} lab's log groups`,
          assumeRolePolicy: trust.json,
          provider,
        }),
        addressOf("flow_logs"),
      );
      roles.set(key, role);
      rolePolicies.set(
        key,
        pinAddress(
          new IamRolePolicy(this, idOf("role-policy"), {
            name: "deliver-to-lab-log-groups",
            role: role.id,
            policy: permissions.json,
            provider,
          }),
          addressOf("flow_logs"),
        ),
      );
    }
    this.roles = roles;
    this.role = roles.get("") ?? roles.values().next().value!;

    const flowLogs = new Map<string, FlowLog>();
    for (const vpc of vpcs) {
      const key = vpc.accountName ?? "";
      const flowLog = new FlowLog(this, `${vpc.name}_flow-log`, {
        vpcId: vpc.vpcId,
        trafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroups.get(vpc.name)!.arn,
        iamRoleArn: roles.get(key)!.arn,
        maxAggregationInterval,
        // `${field}` is Terraform's interpolation syntax: rawString writes it as `$${field}`.
        logFormat: Fn.rawString(this.logFormat),
        tags: { Name: `${projectName}-${vpc.physicalName}` },
        // Deliveries start at once; with the policy attached first, the first ones do not fail.
        dependsOn: [rolePolicies.get(key)!],
        provider: vpc.provider,
      });
      flowLogs.set(vpc.name, pinAddress(flowLog, vpc.name));
    }
    this.flowLogs = flowLogs;

    const labCidrs = [...new Set(byName(props.labVpcs ?? vpcs).map((vpc) => vpc.cidr))];
    // Saved queries are regional: each (region, account) with flow logs gets its own, over its groups.
    const contexts = new Map<string, LabVpc[]>();
    for (const vpc of vpcs) {
      const key = vpc.environment?.alias ?? "";
      contexts.set(key, [...(contexts.get(key) ?? []), vpc]);
    }
    const queries = new Map<SavedQueryKey, CloudwatchQueryDefinition>();
    const queryNames: Partial<Record<SavedQueryKey, string>> = {};
    for (const key of [...contexts.keys()].sort()) {
      const members = contexts.get(key)!;
      const home = key === "";
      for (const query of SAVED_QUERIES) {
        // A "/" makes the console file the query in a folder named after the stack.
        const name = `${projectName}/${query.title}`;
        const definition = pinAddress(
          new CloudwatchQueryDefinition(this, home ? `query-${query.key}` : `${key}_query-${query.key}`, {
            name,
            queryString: savedQueryString(query, this.fields, { labCidrs }),
            logGroupNames: members.map((vpc) => logGroups.get(vpc.name)!.name),
            provider: members[0]!.provider,
          }),
          home ? query.key : `${query.key}-${key}`,
        );
        if (!queries.has(query.key)) {
          queryNames[query.key] = name;
          queries.set(query.key, definition);
        }
      }
    }
    this.queries = queries;
    this.queryNames = queryNames as Record<SavedQueryKey, string>;
  }

  /** The role's ARN. */
  public get roleArn(): string {
    return this.role.arn;
  }

  /** Log group names by VPC name. */
  public get logGroupNames(): Record<string, string> {
    return Object.fromEntries([...this.logGroups].map(([vpc, group]) => [vpc, group.name]));
  }

  /** Flow log ids by VPC name. */
  public get flowLogIds(): Record<string, string> {
    return Object.fromEntries([...this.flowLogs].map(([vpc, flowLog]) => [vpc, flowLog.id]));
  }
}

function byName(vpcs: readonly LabVpc[]): LabVpc[] {
  // By physical name (a VPC's first name): a rename must not reorder the flow logs, or their
  // `moved` blocks would pair the wrong ones.
  return [...vpcs].sort((a, b) => a.physicalName.localeCompare(b.physicalName, "en"));
}

/** Construct invariants: the configuration is validated at the edge; these guard direct use. */
function checkInvariants(vpcs: readonly LabVpc[], retentionDays: number, maxAggregationInterval: number, logFormat: string): void {
  if (vpcs.length === 0) throw new Error("VpcFlowLogs: expected at least one VPC in `vpcs`");
  const names = vpcs.map((vpc) => vpc.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new Error(`VpcFlowLogs: VPC "${repeated}" is listed twice in \`vpcs\`; list each VPC once`);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retentionDays)) {
    throw new Error(
      `VpcFlowLogs: retentionDays ${retentionDays} is not a CloudWatch Logs retention period; use one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
  }
  if (!(FLOW_LOG_AGGREGATION_INTERVALS as readonly number[]).includes(maxAggregationInterval)) {
    throw new Error(`VpcFlowLogs: maxAggregationInterval ${maxAggregationInterval} is not supported; use 60 or 600`);
  }
  const problems = logFormatProblems(logFormat, SAVED_QUERY_FIELDS);
  if (problems.length > 0) {
    throw new Error(
      `VpcFlowLogs: logFormat ${JSON.stringify(logFormat)}: ${problems.map((p) => `${p.problem} (fix: ${p.fix})`).join("; ")}`,
    );
  }
}
