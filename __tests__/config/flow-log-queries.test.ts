import { DEFAULT_FLOW_LOG_FIELDS, insightsFieldName } from "../../src/config/flow-log-format";
import { SAVED_QUERIES, SAVED_QUERY_FIELDS, savedQueryString } from "../../src/config/flow-log-queries";

const context = { labCidrs: ["10.1.0.0/16", "10.2.0.0/16"] };

describe("the saved flow log queries", () => {
  it.each(SAVED_QUERIES.map((query) => [query.key, query]))("%s reads every field it declares", (_key, query) => {
    const text = query.body(context);
    for (const field of query.fields) expect(text).toMatch(new RegExp(`\\b${insightsFieldName(field)}\\b`));
  });

  it("only declares fields that the default format has", () => {
    for (const field of SAVED_QUERY_FIELDS.keys()) expect(DEFAULT_FLOW_LOG_FIELDS).toContain(field);
  });

  it("names, for each field, the titles of the queries that read it", () => {
    expect(SAVED_QUERY_FIELDS.get("bytes")).toEqual([
      "Top 10 byte transfers by source and destination IP",
      "Traffic between the peered VPCs",
    ]);
    expect(SAVED_QUERY_FIELDS.get("dstport")).toEqual(["Rejected traffic by source, destination and port"]);
  });

  it("keeps flows whose source and destination both lie in a lab block", () => {
    const peered = SAVED_QUERIES.find((query) => query.key === "peered_vpc_traffic")!;
    expect(peered.body(context).split("\n")[0]).toBe(
      'filter (isIpv4InSubnet(srcAddr, "10.1.0.0/16") or isIpv4InSubnet(srcAddr, "10.2.0.0/16")) and (isIpv4InSubnet(dstAddr, "10.1.0.0/16") or isIpv4InSubnet(dstAddr, "10.2.0.0/16"))',
    );
  });

  describe("savedQueryString", () => {
    const top = SAVED_QUERIES[0]!;

    it("is the query alone for the default format", () => {
      expect(savedQueryString(top, DEFAULT_FLOW_LOG_FIELDS, context)).toBe(top.body(context));
    });

    it("parses @message first for a custom format, then pipes into the query", () => {
      expect(savedQueryString(top, ["srcaddr", "dstaddr", "bytes"], context)).toBe(
        `parse @message "* * *" as srcAddr, dstAddr, bytes\n| ${top.body(context)}`,
      );
    });
  });
});
