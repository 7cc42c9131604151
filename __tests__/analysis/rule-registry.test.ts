import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PATH_CODES } from "../../src/analysis/explanation-codes";
import { codesTable, REGISTERED_CODES } from "../../src/analysis/rule-registry";

describe("the rule registry", () => {
  it("registers each code once", () => {
    const codes = REGISTERED_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("is the table docs/analysis.md shows (as Prettier pads it)", () => {
    const rows = (text: string) =>
      text
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => line.replace(/\s+/g, " ").replace(/ \|/g, "|"));
    const readme = readFileSync(join(__dirname, "..", "..", "docs", "analysis.md"), "utf8");
    const table = readme.slice(readme.indexOf("| Code "), readme.indexOf("\n\n", readme.indexOf("| Code ")));
    expect(rows(table)).toEqual(rows(codesTable()));
  });

  it("keeps unknown verdicts' codes apart from blocking ones", () => {
    const cannotProve = Object.entries(PATH_CODES).flatMap(([code, info]) => (info.kind === "cannot-prove" ? [code] : []));
    expect(cannotProve).toEqual(["POLICY_NOT_ANALYSABLE", "REFERENCE_NOT_RESOLVED", "CONDITION_NOT_MODELLED", "PATH_NOT_MODELLED"]);
  });
});
