/**
 * The jest transform (scripts/jest-transform.js): the tests run cdktf with the bundle's edits, and
 * Testing.synth with a metadata remover that takes linear time; neither changes a result.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { propertyRuns } from "../../test-support/property-runs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patchSource } = require("../../scripts/build") as { patchSource: (path: string, source: string) => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patchForTests } = require("../../scripts/jest-transform") as { patchForTests: (path: string, source: string) => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jestConfig = require("../../jest.config") as { transform: Record<string, string>; transformIgnorePatterns: string[] };

const CDKTF_LIB = join(__dirname, "../../node_modules/cdktf/lib");
const CDKTN_LIB = join(__dirname, "../../node_modules/cdktn/lib");
const TESTING = join(CDKTF_LIB, "testing/index.js");

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? jsFiles(join(dir, entry.name)) : entry.name.endsWith(".js") ? [join(dir, entry.name)] : [],
  );
}

/** True when jest.config.js sends `file` through scripts/jest-transform.js. */
function transformedByJest(file: string): boolean {
  const ignored = jestConfig.transformIgnorePatterns.some((pattern) => new RegExp(pattern).test(file));
  const transformer = Object.entries(jestConfig.transform).find(([pattern]) => new RegExp(pattern).test(file))?.[1];
  return !ignored && transformer === "<rootDir>/scripts/jest-transform.js";
}

/** Testing.synth's `removeMetadata`, cut from a version of cdktf's testing module. */
function removeMetadataOf(source: string): (item: unknown) => unknown {
  const start = source.indexOf("function removeMetadata(item) {");
  const end = source.indexOf("const cleaned = removeMetadata(tfConfig);");
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return new Function(`return ${source.slice(start, end)}`)() as (item: unknown) => unknown;
}

/** An object's own keys in order, all the way down, so that "same keys, same order" is compared too. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === "object")
    return Reflect.ownKeys(value).map((key) => [String(key), shape((value as Record<string | symbol, unknown>)[key])]);
  return value;
}

describe("the jest transform", () => {
  it("sends every cdktf module that the bundle or the tests edit through the transform, and no other", () => {
    const edited = jsFiles(CDKTF_LIB).filter((file) => {
      const source = readFileSync(file, "utf8");
      return patchForTests(file, patchSource(file, source)) !== source;
    });
    expect(edited.map((file) => relative(CDKTF_LIB, file)).sort()).toEqual(
      ["terraform-output.js", "terraform-stack.js", "testing/index.js", "tokens/private/resolve.js"].map((f) => join(f)),
    );
    const transformed = jsFiles(CDKTF_LIB).filter(transformedByJest);
    expect(transformed.sort()).toEqual(edited.sort());
    // CDK Terrain's core (LAB_FRAMEWORK=cdktn): only its Testing.synth is edited, for the tests.
    const cdktnEdited = jsFiles(CDKTN_LIB).filter(
      (file) => patchForTests(file, patchSource(file, readFileSync(file, "utf8"))) !== readFileSync(file, "utf8"),
    );
    expect(cdktnEdited.map((file) => relative(CDKTN_LIB, file))).toEqual([join("testing/index.js")]);
    expect(jsFiles(CDKTN_LIB).filter(transformedByJest)).toEqual(cdktnEdited);
  });

  it.each([
    ["cdktf", TESTING],
    ["CDK Terrain", join(CDKTN_LIB, "testing/index.js")],
  ])(
    "gives %s's Testing.synth a metadata remover that returns what its own returns, keys and their order included",
    (_framework, testing) => {
      const source = readFileSync(testing, "utf8");
      const shipped = removeMetadataOf(source);
      const edited = removeMetadataOf(patchForTests(testing, source));
      expect(edited).not.toBe(shipped);
      const key = fc.oneof(fc.string(), fc.constantFrom("//", "__proto__", "constructor", "toString", "a", "B", "é", "10", "2"));
      const document = fc.letrec((tie) => ({
        value: fc.oneof(
          { depthSize: "small" },
          fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
          fc.array(tie("value"), { maxLength: 4 }),
          fc.array(fc.tuple(key, tie("value")), { maxLength: 6 }).map((entries) => {
            const object: Record<string, unknown> = {};
            for (const [k, v] of entries)
              Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
            return object;
          }),
        ),
      })).value;
      fc.assert(
        fc.property(document, (doc) => {
          expect(shape(edited(doc))).toEqual(shape(shipped(doc)));
        }),
        { numRuns: propertyRuns(200) },
      );
    },
  );

  it("fails loudly when the text it edits is no longer there once", () => {
    expect(() => patchForTests(TESTING, "// another cdktf\n")).toThrow(/not there exactly once/);
  });
});
