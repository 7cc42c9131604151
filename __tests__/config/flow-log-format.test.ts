import {
  DEFAULT_FLOW_LOG_FIELDS,
  DEFAULT_FLOW_LOG_FORMAT,
  FLOW_LOG_FIELDS,
  insightsFieldName,
  insightsParseCommand,
  isDefaultFormat,
  logFormatProblems,
  parseLogFormat,
} from "../../src/config/flow-log-format";

describe("the flow log format", () => {
  it("knows AWS's default format, field for field", () => {
    expect(DEFAULT_FLOW_LOG_FORMAT).toBe(
      "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
    );
  });

  it("knows the fields of versions 3 to 5 and lists each field once", () => {
    const names = FLOW_LOG_FIELDS.map((field) => field.name);
    expect(names).toEqual(expect.arrayContaining(["vpc-id", "tcp-flags", "pkt-srcaddr", "az-id", "sublocation-id", "traffic-path"]));
    expect(new Set(names).size).toBe(names.length);
  });

  describe("parseLogFormat", () => {
    it("reads the ${field} tokens in order, whatever the spacing", () => {
      expect(parseLogFormat("  ${srcaddr}  ${dstaddr}\t${bytes} ")).toEqual({ fields: ["srcaddr", "dstaddr", "bytes"], strayText: [] });
    });

    it("sets apart words that are not ${field} tokens", () => {
      expect(parseLogFormat("${srcaddr},${dstaddr} bytes")).toEqual({ fields: [], strayText: ["${srcaddr},${dstaddr}", "bytes"] });
    });
  });

  it("recognises the default format only with the default fields in the default order", () => {
    expect(isDefaultFormat(DEFAULT_FLOW_LOG_FIELDS)).toBe(true);
    expect(isDefaultFormat([...DEFAULT_FLOW_LOG_FIELDS].reverse())).toBe(false);
    expect(isDefaultFormat([...DEFAULT_FLOW_LOG_FIELDS, "vpc-id"])).toBe(false);
  });

  it.each([
    ["srcaddr", "srcAddr"],
    ["dstport", "dstPort"],
    ["account-id", "accountId"],
    ["log-status", "logStatus"],
    ["start", "startTime"],
    ["end", "endTime"],
    ["bytes", "bytes"],
    ["tcp-flags", "tcpFlags"],
    ["pkt-src-aws-service", "pktSrcAwsService"],
    ["pkt-dstaddr", "pktDstAddr"],
  ])("names %s %s in Logs Insights, as Logs Insights itself does for the default format", (field, name) => {
    expect(insightsFieldName(field)).toBe(name);
  });

  describe("insightsParseCommand", () => {
    it("is not needed for the default format, whose fields Logs Insights discovers", () => {
      expect(insightsParseCommand(DEFAULT_FLOW_LOG_FIELDS)).toBeUndefined();
    });

    it("reads a custom format back from @message with one glob per field", () => {
      expect(insightsParseCommand(["srcaddr", "dstaddr", "bytes", "vpc-id"])).toBe(
        'parse @message "* * * *" as srcAddr, dstAddr, bytes, vpcId',
      );
    });
  });

  describe("logFormatProblems", () => {
    const required = new Map([
      ["srcaddr", ["Top talkers"]],
      ["dstport", ["Rejected traffic", "Peered traffic"]],
    ]);

    it("finds nothing wrong with a format of known fields that includes the required ones", () => {
      expect(logFormatProblems("${srcaddr} ${dstport} ${vpc-id}", required)).toEqual([]);
      expect(logFormatProblems(DEFAULT_FLOW_LOG_FORMAT, required)).toEqual([]);
    });

    it.each([
      [
        "an unknown field, suggesting the one meant",
        "${srcaddr} ${dstport} ${dst-port}",
        /\$\{dst-port\} is not one/,
        /\$\{dstport\} instead of \$\{dst-port\}/,
      ],
      ["a field with a typo", "${srcaddr} ${dstport} ${protocl}", /\$\{protocl\} is not one/, /\$\{protocol\} instead/],
      ["an unknown field with no near match", "${srcaddr} ${dstport} ${colour}", /\$\{colour\} is not one/, /remove \$\{colour\}/],
      ["text that is not a token", "${srcaddr} ${dstport} bytes", /found "bytes"/, /separated by single spaces/],
      ["a repeated field", "${srcaddr} ${dstport} ${srcaddr}", /\$\{srcaddr\} appears more than once/, /remove/],
      ["nothing but spaces", "   ", /at least one \$\{field\}/, /leave logFormat out/],
      [
        "a missing required field, naming who reads it",
        "${srcaddr} ${bytes}",
        /\$\{dstport\} is missing \(Rejected traffic: \$\{dstport\}; Peered traffic: \$\{dstport\}\)/,
        /add \$\{dstport\} to logFormat/,
      ],
    ])("reports %s", (_what, format, problem, fix) => {
      const problems = logFormatProblems(format, required);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.problem).toMatch(problem);
      expect(problems[0]!.fix).toMatch(fix);
    });
  });
});
