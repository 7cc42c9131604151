import fc from "fast-check";
import { findJsonSyntaxError, positionOf } from "../../src/config/json-syntax";
import { propertyRuns } from "../../test-support/property-runs";

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("findJsonSyntaxError", () => {
  it("finds no error in any JSON text, however it is indented", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, "\t"), (value, indent) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, indent))).toBeUndefined();
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("finds an error exactly when JSON.parse refuses the text", () => {
    const piece = fc.constantFrom(..."{}[]:,\"' \n\tabcetrufsnl0123456789.-+eE\\/\u0001");
    const jsonish = fc.string({ unit: piece, maxLength: 30 });
    // Valid JSON with one character inserted, removed or replaced: mostly near misses.
    const nearMiss = fc
      .tuple(fc.jsonValue(), fc.nat(), fc.constantFrom("insert", "remove", "replace"), piece)
      .map(([value, at, edit, ch]) => {
        const text = JSON.stringify(value, null, 1);
        const i = at % (text.length + 1);
        return edit === "insert"
          ? text.slice(0, i) + ch + text.slice(i)
          : text.slice(0, i) + (edit === "replace" ? ch : "") + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(jsonish, nearMiss), (text) => {
        expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("finds an error in every text cut short", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value);
        const short = text.slice(0, cut % Math.max(1, text.length));
        expect(findJsonSyntaxError(short) === undefined).toBe(parses(short));
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe("positionOf", () => {
  it("gives the line, the column and the line's text of an offset", () => {
    const text = '{\n  "a": 1,\r\n  "b": ]\n}';
    expect(positionOf(text, text.indexOf("]"))).toEqual({ line: 3, column: 8, lineText: '  "b": ]' });
    expect(positionOf(text, 0)).toEqual({ line: 1, column: 1, lineText: "{" });
    expect(positionOf(text, text.length)).toEqual({ line: 4, column: 2, lineText: "}" });
  });
});
