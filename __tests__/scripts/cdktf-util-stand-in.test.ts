/**
 * The bundle's stand-in for cdktf's util as TerraformResource and TerraformDataSource see it
 * (scripts/bundle-stubs/cdktf-util.js) returns, and fails with, exactly what cdktf's own functions
 * do: the same keys in the same order, the same values, the same objects left as they are. It stands
 * in for cdktf 0.21's util in the cdktf bundle only (scripts/build.js leaves CDK Terrain's as it
 * is), so under LAB_FRAMEWORK=cdktn, where "cdktf" is CDK Terrain's core, there is nothing to compare.
 */
import fc from "fast-check";
import { frameworkOf } from "../../scripts/build";
import { propertyRuns } from "../../test-support/property-runs";
import { Lazy, TerraformIterator } from "cdktf";
import { TerraformDynamicBlock } from "cdktf/lib/terraform-dynamic-block";
import type { TerraformDynamicExpression } from "cdktf/lib/terraform-dynamic-expression";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktf = require("cdktf/lib/util") as Record<string, (value: unknown) => unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const standIn = require("../../scripts/bundle-stubs/cdktf-util.js") as Record<string, (value: unknown) => unknown>;

/** An object's own keys in order, all the way down, so that "same keys, same order" is compared too. */
function shape(value: unknown): unknown {
  // A dynamic block's JSON is a new Lazy each time: its functions are compared as functions.
  if (typeof value === "function") return "function";
  if (Array.isArray(value)) return ["array", value.map(shape)];
  if (value !== null && typeof value === "object")
    return [
      Object.getPrototypeOf(value) === Object.prototype ? "object" : "other",
      Reflect.ownKeys(value).map((key) => [String(key), shape((value as Record<string | symbol, unknown>)[key])]),
    ];
  return value;
}

function outcome(run: () => unknown): unknown {
  try {
    return { returned: shape(run()) };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

class NotPlain {
  public readonly inside = { camelCase: 1 };
}

const token = Lazy.stringValue({ produce: () => "lazy" });
const dynamicBlock = TerraformDynamicBlock.fromDynamicExpression(
  TerraformIterator.fromList(["a", "b"]).dynamic({ camelCase: "x" }) as TerraformDynamicExpression,
);
const key = fc.oneof(
  fc.string(),
  fc.constantFrom("tags", "environment", "dependsOn", "forEach", "camelCaseKey", "already_snake", "__proto__", "-x-", "ABCDef", "a1B2", ""),
);
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    fc.constantFrom(token, new NotPlain(), Lazy.anyValue({ produce: () => ({ inner: 1 }) }), dynamicBlock),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => {
      const object: Record<string, unknown> = {};
      for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
      return object;
    }),
  ),
})).value;

(frameworkOf(process.env) === "cdktf" ? describe : describe.skip)("the bundle's stand-in for cdktf's util", () => {
  it("snake-cases keys as cdktf's keysToSnakeCase does, and fails where it fails", () => {
    fc.assert(
      fc.property(value, (input) => {
        expect(outcome(() => standIn.keysToSnakeCase!(input))).toEqual(outcome(() => cdktf.keysToSnakeCase!(input)));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("copies attributes as cdktf's processDynamicAttributes does, dynamic blocks included", () => {
    fc.assert(
      fc.property(value, (input) => {
        const attributes = input !== null && typeof input === "object" ? input : { single: input };
        expect(outcome(() => standIn.processDynamicAttributes!(attributes))).toEqual(
          outcome(() => cdktf.processDynamicAttributes!(attributes)),
        );
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("remembers a snake case without changing it, and leaves the rest of the module as it is", () => {
    for (const name of ["dependsOn", "dependsOn", "forEach", "", "ABCDef"]) expect(standIn.snakeCase!(name)).toBe(cdktf.snakeCase!(name));
    expect(standIn.snakeCase!(undefined)).toBe(cdktf.snakeCase!(undefined));
    expect(standIn.deepMerge).toBe(cdktf.deepMerge);
    expect(Object.keys(standIn).sort()).toEqual(Object.keys(cdktf).sort());
  });
});
