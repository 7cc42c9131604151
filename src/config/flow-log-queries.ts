import { insightsFieldName, insightsParseCommand } from "./flow-log-format";

/** Keys of the saved queries; each is also the query's Terraform name (`aws_cloudwatch_query_definition.<key>`). */
export type SavedQueryKey = "top_byte_transfers" | "rejected_traffic" | "peered_vpc_traffic";

/** What a saved query needs to know about the lab to be written. */
export interface SavedQueryContext {
  /** IPv4 blocks of the lab's VPCs (the peered-traffic query keeps flows between them). */
  readonly labCidrs: readonly string[];
}

/** A saved Logs Insights query over the lab's flow logs. */
export interface SavedQuery {
  readonly key: SavedQueryKey;
  /** Title shown in the CloudWatch console, inside the stack's folder. */
  readonly title: string;
  /** The flow log fields it reads (a custom log format must include them). */
  readonly fields: readonly string[];
  /** The query after any `parse` command, written with Logs Insights field names. */
  body(context: SavedQueryContext): string;
}

const f = insightsFieldName;

/** A Logs Insights condition: the address lies in one of the blocks. */
function inAnyBlock(field: string, cidrs: readonly string[]): string {
  return `(${cidrs.map((cidr) => `isIpv4InSubnet(${field}, "${cidr}")`).join(" or ")})`;
}

/** The saved queries, in the order the console lists them. */
export const SAVED_QUERIES: readonly SavedQuery[] = [
  {
    key: "top_byte_transfers",
    title: "Top 10 byte transfers by source and destination IP",
    fields: ["srcaddr", "dstaddr", "bytes"],
    body: () =>
      [
        `stats sum(${f("bytes")}) as bytesTransferred by ${f("srcaddr")}, ${f("dstaddr")}`,
        "| sort bytesTransferred desc",
        "| limit 10",
      ].join("\n"),
  },
  {
    key: "rejected_traffic",
    title: "Rejected traffic by source, destination and port",
    fields: ["action", "srcaddr", "dstaddr", "dstport", "protocol"],
    body: () =>
      [
        `filter ${f("action")} = "REJECT"`,
        `| stats count(*) as rejectedFlows by ${f("srcaddr")}, ${f("dstaddr")}, ${f("dstport")}, ${f("protocol")}`,
        "| sort rejectedFlows desc",
        "| limit 100",
      ].join("\n"),
  },
  {
    key: "peered_vpc_traffic",
    title: "Traffic between the peered VPCs",
    fields: ["srcaddr", "dstaddr", "protocol", "action", "packets", "bytes"],
    body: ({ labCidrs }) =>
      [
        `filter ${inAnyBlock(f("srcaddr"), labCidrs)} and ${inAnyBlock(f("dstaddr"), labCidrs)}`,
        `| stats sum(${f("packets")}) as packetCount, sum(${f("bytes")}) as byteCount by ${f("srcaddr")}, ${f("dstaddr")}, ${f("protocol")}, ${f("action")}`,
        "| sort byteCount desc",
      ].join("\n"),
  },
];

/** Each field the saved queries read, with the titles of the queries that read it. */
export const SAVED_QUERY_FIELDS: ReadonlyMap<string, readonly string[]> = SAVED_QUERIES.reduce((readers, query) => {
  for (const name of query.fields) readers.set(name, [...(readers.get(name) ?? []), query.title]);
  return readers;
}, new Map<string, string[]>());

/**
 * A saved query's full text for flow logs written in `fields` order: the body alone for the
 * default format (Logs Insights discovers its fields), else a `parse` of `@message` first.
 */
export function savedQueryString(query: SavedQuery, fields: readonly string[], context: SavedQueryContext): string {
  const parse = insightsParseCommand(fields);
  const body = query.body(context);
  return parse === undefined ? body : `${parse}\n| ${body}`;
}
