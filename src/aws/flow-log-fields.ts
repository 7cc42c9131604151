/**
 * What a VPC flow log record is made of: the fields AWS offers, the default format, and how a
 * format string is written. Reference: "Flow log records" in the Amazon VPC User Guide
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
 */

/** A flow log field with the flow log version that introduced it. */
export interface FlowLogField {
  /** The field as written inside `${...}`, e.g. `srcaddr`. */
  readonly name: string;
  /** The flow log record version that introduced it (2 is the default format's). */
  readonly version: number;
}

const field = (version: number, ...names: string[]): FlowLogField[] => names.map((name) => ({ name, version }));

/**
 * Every field a flow log format may name. Versions 6 and 9+ add none that this list knows of; a
 * field AWS adds later is reported as unknown until it is added here.
 */
export const FLOW_LOG_FIELDS: readonly FlowLogField[] = [
  ...field(
    2,
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
  ),
  ...field(3, "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr"),
  ...field(4, "region", "az-id", "sublocation-type", "sublocation-id"),
  ...field(5, "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path"),
  ...field(
    7,
    "ecs-cluster-arn",
    "ecs-cluster-name",
    "ecs-container-instance-arn",
    "ecs-container-instance-id",
    "ecs-container-id",
    "ecs-second-container-id",
    "ecs-service-name",
    "ecs-task-definition-arn",
    "ecs-task-arn",
    "ecs-task-id",
  ),
  ...field(8, "reject-reason"),
];

/** The fields of AWS's default format (version 2), in order. */
export const DEFAULT_FLOW_LOG_FIELDS: readonly string[] = FLOW_LOG_FIELDS.filter((f) => f.version === 2).map((f) => f.name);

/** Writes fields as a flow log format string: `${version} ${account-id} ...`. */
export function formatOf(fields: readonly string[]): string {
  return fields.map((name) => `\${${name}}`).join(" ");
}

/** AWS's default format, as AWS reports it for a flow log created without one. */
export const DEFAULT_FLOW_LOG_FORMAT = formatOf(DEFAULT_FLOW_LOG_FIELDS);

/** A format string taken apart. */
export interface ParsedLogFormat {
  /** Field names in order, known or not (`${srcaddr}` gives `srcaddr`). */
  readonly fields: readonly string[];
  /** Words that are not a `${field}` token at all. */
  readonly strayText: readonly string[];
}

/** Splits a format string into its `${field}` tokens (AWS separates them with spaces). */
export function parseLogFormat(format: string): ParsedLogFormat {
  const fields: string[] = [];
  const strayText: string[] = [];
  for (const word of format.trim().split(/\s+/).filter(Boolean)) {
    const token = /^\$\{([^{}\s]+)\}$/.exec(word);
    if (token) fields.push(token[1]!);
    else strayText.push(word);
  }
  return { fields, strayText };
}

/** True when the fields are exactly the default format's, in the same order. */
export function isDefaultFormat(fields: readonly string[]): boolean {
  return fields.length === DEFAULT_FLOW_LOG_FIELDS.length && fields.every((name, index) => name === DEFAULT_FLOW_LOG_FIELDS[index]);
}

/** The seconds over which a flow log may aggregate packets: the only two values AWS supports. */
export const FLOW_LOG_AGGREGATION_INTERVALS = [60, 600] as const;

/** The retention periods CloudWatch Logs accepts for a log group, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
