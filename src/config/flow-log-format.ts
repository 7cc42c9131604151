/**
 * What a VPC flow log format is made of: the fields AWS offers, the default format, how a custom
 * format string is read and checked, and how CloudWatch Logs Insights gets its fields back out of
 * a record. Pure functions only: the schema uses them to validate, the construct to build.
 *
 * Reference: "Flow log records" in the Amazon VPC User Guide
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

const KNOWN_FIELDS = new Set(FLOW_LOG_FIELDS.map((f) => f.name));

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

/**
 * The names Logs Insights discovers by itself in default-format records (note `startTime` and
 * `endTime`). Parsed custom formats use the same names, so that a query reads the same either way.
 */
const DISCOVERED_NAMES: Readonly<Record<string, string>> = {
  "account-id": "accountId",
  "interface-id": "interfaceId",
  srcaddr: "srcAddr",
  dstaddr: "dstAddr",
  srcport: "srcPort",
  dstport: "dstPort",
  start: "startTime",
  end: "endTime",
  "log-status": "logStatus",
  "pkt-srcaddr": "pktSrcAddr",
  "pkt-dstaddr": "pktDstAddr",
};

/** The Logs Insights name of a flow log field: `srcaddr` -> `srcAddr`, `tcp-flags` -> `tcpFlags`. */
export function insightsFieldName(name: string): string {
  return DISCOVERED_NAMES[name] ?? name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * The Logs Insights command that extracts the fields of a custom format from `@message`, or
 * undefined for the default format, whose fields Logs Insights discovers by itself.
 * Flow log records are the field values separated by single spaces, so a glob pattern with one
 * `*` per field reads them back.
 */
export function insightsParseCommand(fields: readonly string[]): string | undefined {
  if (isDefaultFormat(fields)) return undefined;
  return `parse @message "${fields.map(() => "*").join(" ")}" as ${fields.map(insightsFieldName).join(", ")}`;
}

/** A problem with a format string, phrased for the configuration error report. */
export interface LogFormatProblem {
  readonly problem: string;
  readonly fix: string;
}

/**
 * Everything wrong with a custom format string. `requiredFields` maps each field that something
 * reads (the saved queries) to the names of its readers, so that a missing field says who needs it.
 */
export function logFormatProblems(format: string, requiredFields: ReadonlyMap<string, readonly string[]> = new Map()): LogFormatProblem[] {
  const { fields, strayText } = parseLogFormat(format);
  const problems: LogFormatProblem[] = [];
  if (strayText.length > 0) {
    problems.push({
      problem: `expected only \${field} tokens separated by spaces, but found ${strayText.map((word) => JSON.stringify(word)).join(", ")}`,
      fix: 'write each field as ${name}, separated by single spaces, e.g. "${srcaddr} ${dstaddr} ${bytes}"',
    });
  }
  if (fields.length === 0 && strayText.length === 0) {
    problems.push({ problem: "expected at least one ${field}", fix: "list fields, or leave logFormat out for the default format" });
  }
  const unknown = fields.filter((name) => !KNOWN_FIELDS.has(name));
  if (unknown.length > 0) {
    const hints = unknown.map((name) => {
      const guess = closestField(name);
      return guess ? `write \${${guess}} instead of \${${name}}` : `remove \${${name}}`;
    });
    problems.push({
      problem: `expected VPC flow log fields, but ${unknown.map((name) => `\${${name}}`).join(", ")} ${unknown.length === 1 ? "is not one" : "are not"}`,
      fix: `${hints.join("; ")} (fields are listed at https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)`,
    });
  }
  const duplicates = [...new Set(fields.filter((name, index) => fields.indexOf(name) !== index))];
  if (duplicates.length > 0) {
    problems.push({
      problem: `expected each field once, but ${duplicates.map((name) => `\${${name}}`).join(", ")} appears more than once`,
      fix: "remove the repeated fields",
    });
  }
  const present = new Set(fields);
  const missing = [...requiredFields].filter(([name]) => !present.has(name));
  if (missing.length > 0 && fields.length > 0) {
    const readers = [...new Set(missing.flatMap(([, names]) => names))].map(
      (reader) => `${reader}: ${formatOf(missing.filter(([, names]) => names.includes(reader)).map(([name]) => name))}`,
    );
    problems.push({
      problem: `expected every field the saved queries read, but ${missing.map(([name]) => `\${${name}}`).join(", ")} ${
        missing.length === 1 ? "is" : "are"
      } missing (${readers.join("; ")})`,
      fix: `add ${formatOf(missing.map(([name]) => name))} to logFormat, or leave logFormat out for the default format`,
    });
  }
  return problems;
}

/** A known field that a misspelt one was probably meant to be: same letters without hyphens, or one edit away. */
function closestField(name: string): string | undefined {
  const bare = (text: string) => text.toLowerCase().replace(/[-_]/g, "");
  return (
    FLOW_LOG_FIELDS.find((known) => bare(known.name) === bare(name))?.name ??
    FLOW_LOG_FIELDS.find((known) => editDistance(known.name, name.toLowerCase()) <= 1)?.name
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
