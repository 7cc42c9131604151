import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PATH_CODES } from "../../src/analysis/explanation-codes";
import {
  CODES_SECTION_MARKERS,
  codeDescription,
  codesSection,
  fixFor,
  PATH_RULES,
  REGISTERED_CODES,
  RULES,
} from "../../src/analysis/rule-registry";

const DOC = join(__dirname, "..", "..", "docs", "analysis.md");
/** `UPDATE_DOCS=1 npx jest __tests__/analysis/rule-registry.test.ts` rewrites the page's generated codes section. */
const update = process.env.UPDATE_DOCS === "1";

/** Markdown as Prettier pads it, compared line by line without the padding. */
const unpadded = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").replace(/ \|/g, "|").replace(/-{3,}/g, "---").trim())
    .filter((line) => line !== "");

function generatedPart(page: string): string {
  const start = page.indexOf(CODES_SECTION_MARKERS.start);
  const end = page.indexOf(CODES_SECTION_MARKERS.end);
  return start >= 0 && end > start ? page.slice(start, end + CODES_SECTION_MARKERS.end.length) : "";
}

describe("the rule registry", () => {
  it("registers each code once", () => {
    const codes = REGISTERED_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("gives each code a text, an explanation and a fix", () => {
    const incomplete = REGISTERED_CODES.filter((c) => !c.text || !c.explanation || !c.fix || c.explanation === c.fix);
    expect(incomplete.map((c) => c.code)).toEqual([]);
  });

  it("names each rule once, and each path code is one a path rule gives", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    const given = new Set(PATH_RULES.flatMap((rule) => rule.codes));
    expect(Object.keys(PATH_CODES).filter((code) => !given.has(code as never))).toEqual([]);
  });

  it("gives every path code a fix of its own (the report, the diagram and the diff show it)", () => {
    expect(Object.keys(PATH_CODES).filter((code) => !codeDescription(code)?.fix?.trim())).toEqual([]);
    for (const code of Object.keys(PATH_CODES)) expect(fixFor(code)).toBe(codeDescription(code)!.fix);
  });

  it("is the codes section docs/analysis.md shows (generated; UPDATE_DOCS=1 rewrites it)", () => {
    const page = readFileSync(DOC, "utf8");
    const section = codesSection();
    if (update) {
      const current = generatedPart(page);
      const next = current ? page.replace(current, section) : `${page.trimEnd()}\n\n## Codes\n\n${section}\n`;
      writeFileSync(DOC, next);
      // Padded as the lint step wants it (Prettier's API is an ES module, which jest does not load).
      execFileSync(join(__dirname, "..", "..", "node_modules", ".bin", "prettier"), ["--write", DOC], { stdio: "ignore" });
    }
    expect(unpadded(generatedPart(readFileSync(DOC, "utf8")))).toEqual(unpadded(section));
  });

  it("keeps unknown verdicts' codes apart from blocking ones", () => {
    const cannotProve = Object.entries(PATH_CODES).flatMap(([code, info]) => (info.kind === "cannot-prove" ? [code] : []));
    expect(cannotProve).toEqual(["POLICY_NOT_ANALYSABLE", "REFERENCE_NOT_RESOLVED", "CONDITION_NOT_MODELLED", "PATH_NOT_MODELLED"]);
  });
});
