/**
 * How a custom VPC flow log format is checked, and how CloudWatch Logs Insights gets its fields
 * back out of a record. Pure functions only: the schema uses them to validate, the construct to
 * build. The fields themselves are in src/aws/flow-log-fields.ts.
 */

import { FLOW_LOG_FIELDS, formatOf, isDefaultFormat, parseLogFormat } from "../aws/flow-log-fields";

// The fields and the format syntax are AWS's facts (src/aws); they stay importable from here.
export type { FlowLogField, ParsedLogFormat } from "../aws/flow-log-fields";
export {
  DEFAULT_FLOW_LOG_FIELDS,
  DEFAULT_FLOW_LOG_FORMAT,
  FLOW_LOG_FIELDS,
  formatOf,
  isDefaultFormat,
  parseLogFormat,
} from "../aws/flow-log-fields";

import { editDistance } from "./spelling";

const KNOWN_FIELDS = new Set(FLOW_LOG_FIELDS.map((f) => f.name));

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
