import type { ZodIssue, ZodTypeAny } from "zod";
import { z } from "zod";
import type { ConfigIssue } from "./config-error";
import { formatPath, formatReceived } from "./config-error";
import { isRecord, ownValue } from "./plain-records";
import { LabConfigSchema } from "./schema";
import { closestName } from "./spelling";

/** Where every field is described, for fixes that have nothing more precise to say. */
export const CONFIGURATION_REFERENCE = "docs/configuration.md";

/**
 * A zod issue as the project's report states it: the path the user wrote, the value received, what
 * was expected and how to fix it, in our words. No message of zod reaches a user as it is: each
 * code zod can raise for this schema is phrased here, and the refinements carry their own words.
 */
export function describeIssue(issue: ZodIssue, root: unknown): ConfigIssue[] {
  const received = formatReceived(valueAt(root, issue.path));
  const path = formatPath(issue.path);
  switch (issue.code) {
    case z.ZodIssueCode.custom:
      return [{ path, received, problem: issue.message, fix: String(issue.params?.fix ?? `see ${CONFIGURATION_REFERENCE}`) }];
    case z.ZodIssueCode.unrecognized_keys: {
      const allowed = knownKeys(issue.path, root);
      return issue.keys.map((key) => {
        const meant = closestName(key, allowed);
        return {
          path: formatPath([...issue.path, key]),
          received: formatReceived(valueAt(root, [...issue.path, key])),
          problem: "unknown field",
          fix: `${meant === undefined ? "remove it or correct its spelling" : `did you mean ${JSON.stringify(meant)}? Otherwise remove it`}; known fields here: ${allowed.join(", ")}`,
        };
      });
    }
    case z.ZodIssueCode.invalid_type: {
      const expected = typeWords(issue.expected);
      if (issue.received === "undefined") {
        return [
          { path, received, problem: `expected ${expected}: the field is required`, fix: `add ${JSON.stringify(lastKey(issue.path))}` },
        ];
      }
      return [
        {
          path,
          received,
          problem: `expected ${expected}, but the value is ${typeWords(issue.received)}`,
          fix: `write ${expected}${issue.expected === "number" || issue.expected === "boolean" ? " (without quotes)" : ""}`,
        },
      ];
    }
    case z.ZodIssueCode.invalid_literal:
      return [{ path, received, problem: `expected ${JSON.stringify(issue.expected)}`, fix: `write ${JSON.stringify(issue.expected)}` }];
    case z.ZodIssueCode.invalid_enum_value:
      return [
        {
          path,
          received,
          problem: `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`,
          fix: "use one of the listed values",
        },
      ];
    case z.ZodIssueCode.invalid_union_discriminator:
      return [discriminatorIssue(issue, root)];
    case z.ZodIssueCode.invalid_union: {
      // A union such as `false | { ... }`: report the branch that matched the value's shape.
      const branch = issue.unionErrors.find((error) =>
        error.issues.every(
          (inner) =>
            inner.path.length > issue.path.length ||
            (inner.code !== z.ZodIssueCode.invalid_type && inner.code !== z.ZodIssueCode.invalid_literal),
        ),
      );
      if (branch) return branch.issues.flatMap((inner) => describeIssue(inner, root));
      const expected = issue.unionErrors.map((error) => unionBranchName(error.issues[0])).join(" or ");
      return [{ path, received, problem: `expected ${expected}`, fix: `write ${expected}` }];
    }
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big: {
      const bound = issue.code === z.ZodIssueCode.too_small ? issue.minimum : issue.maximum;
      const least = issue.code === z.ZodIssueCode.too_small;
      const quantity = issue.exact ? "exactly" : least ? "at least" : "at most";
      const count = Number(bound);
      const unit =
        issue.type === "array"
          ? count === 1
            ? "entry"
            : "entries"
          : issue.type === "string"
            ? count === 1
              ? "character"
              : "characters"
            : "";
      return [
        {
          path,
          received,
          problem: unit === "" ? `expected a number ${quantity} ${count}` : `expected ${quantity} ${count} ${unit}`,
          fix:
            issue.type === "array"
              ? least
                ? "add entries"
                : "remove entries"
              : issue.type === "string"
                ? least
                  ? "write a longer value"
                  : "shorten the value"
                : `use a number ${quantity} ${count}`,
        },
      ];
    }
    default:
      return [{ path, received, problem: "expected a value of another kind here", fix: `see ${CONFIGURATION_REFERENCE}` }];
  }
}

/** A value at a path of the raw document (own properties only). */
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? ownValue(value, key) : undefined), root);
}

const lastKey = (path: readonly (string | number)[]): string | number => path[path.length - 1] ?? "";

/** A zod type name as a person says it. */
function typeWords(type: string): string {
  const words: Record<string, string> = {
    string: "a string",
    number: "a number",
    integer: "a whole number",
    float: "a number",
    nan: "not a number",
    boolean: "true or false",
    array: "a list",
    object: "an object",
    null: "null",
    undefined: "nothing",
  };
  return Object.prototype.hasOwnProperty.call(words, type) ? words[type]! : `a value of type ${type}`;
}

function unionBranchName(issue: ZodIssue | undefined): string {
  if (issue?.code === z.ZodIssueCode.invalid_literal) return JSON.stringify(issue.expected);
  if (issue?.code === z.ZodIssueCode.invalid_type) return typeWords(issue.expected);
  return "another shape";
}

/** A placeholder per required field of a union option, for the example in a fix. */
const EXAMPLE_VALUES: Readonly<Record<string, string>> = { bucket: "my-state-bucket", organization: "my-org", workspace: "vpc-lab" };

/**
 * A discriminated union (the backend): when the discriminator (`type`) is missing, the problem is
 * the object's, placed at the object's path with an example built from the fields written; a
 * wrong value is the discriminator's own.
 */
function discriminatorIssue(issue: Extract<ZodIssue, { code: "invalid_union_discriminator" }>, root: unknown): ConfigIssue {
  const field = String(lastKey(issue.path));
  const parentPath = issue.path.slice(0, -1);
  const parent = valueAt(root, parentPath);
  const options = issue.options.map((option) => JSON.stringify(option));
  const listed = options.length > 1 ? `${options.slice(0, -1).join(", ")} or ${options[options.length - 1]}` : options.join("");
  const written = isRecord(parent) ? parent : {};
  const union = schemaAt(parentPath, root);
  // The option whose fields the object already uses the most, as the example.
  const scored = issue.options.map((option) => {
    const fields = union instanceof z.ZodDiscriminatedUnion ? optionFields(union, option) : [];
    return { option, fields, score: Object.keys(written).filter((key) => fields.includes(key)).length };
  });
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a), scored[0]!);
  const example = [
    `${JSON.stringify(field)}: ${JSON.stringify(best.option)}`,
    ...best.fields
      .filter((name) => EXAMPLE_VALUES[name] !== undefined && !(name in written))
      .map((name) => `${JSON.stringify(name)}: ${JSON.stringify(EXAMPLE_VALUES[name])}`),
    ...Object.entries(written)
      .filter(([key]) => key !== field && best.fields.includes(key))
      .map(([key, value]) => `${JSON.stringify(key)}: ${formatReceived(value)}`),
  ];
  const missing = valueAt(root, issue.path) === undefined;
  return {
    path: formatPath(missing ? parentPath : issue.path),
    received: formatReceived(missing ? parent : valueAt(root, issue.path)),
    problem: missing
      ? `expected a ${JSON.stringify(field)} field (${listed}), but ${JSON.stringify(field)} is missing`
      : `expected ${JSON.stringify(field)} to be ${listed}`,
    fix: `write e.g. ${JSON.stringify(String(lastKey(parentPath)))}: { ${example.join(", ")} }`,
  };
}

/** The fields of one option of a discriminated union. */
function optionFields(union: z.ZodDiscriminatedUnion<string, z.ZodObject<z.ZodRawShape>[]>, option: unknown): string[] {
  const schema = union.optionsMap.get(option as never);
  return schema ? Object.keys(schema.shape) : [];
}

/**
 * The schema at a path of the document: through optional and default wrappers, list elements,
 * record values, the union branch that takes objects, and the discriminated union's option that
 * the document's value names.
 */
function schemaAt(path: readonly (string | number)[], root: unknown): ZodTypeAny | undefined {
  let current: ZodTypeAny | undefined = LabConfigSchema;
  let value: unknown = root;
  const unwrap = (schema: ZodTypeAny | undefined, at: unknown): ZodTypeAny | undefined => {
    let s = schema;
    for (let guard = 0; guard < 20 && s !== undefined; guard++) {
      if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s._def.innerType as ZodTypeAny;
      else if (s instanceof z.ZodUnion)
        s = (s.options as ZodTypeAny[]).find((o) => unwrap(o, at) instanceof z.ZodObject || unwrap(o, at) instanceof z.ZodArray);
      else break;
    }
    return s;
  };
  for (const key of path) {
    current = unwrap(current, value);
    if (current instanceof z.ZodObject) current = ownValue(current.shape as object, key) as ZodTypeAny | undefined;
    else if (current instanceof z.ZodArray) current = current.element as ZodTypeAny;
    else if (current instanceof z.ZodRecord) current = current.valueSchema as ZodTypeAny;
    else if (current instanceof z.ZodDiscriminatedUnion) {
      const option = chosenOption(current, value);
      current = option === undefined ? undefined : (ownValue(option.shape as object, key) as ZodTypeAny | undefined);
    } else current = undefined;
    value = value !== null && typeof value === "object" ? ownValue(value, key) : undefined;
  }
  return unwrap(current, value);
}

function chosenOption(
  union: z.ZodDiscriminatedUnion<string, z.ZodObject<z.ZodRawShape>[]>,
  value: unknown,
): z.ZodObject<z.ZodRawShape> | undefined {
  if (!isRecord(value)) return undefined;
  return union.optionsMap.get(ownValue(value, union.discriminator) as never);
}

/** Field names the schema accepts for the object at a path, for "known fields here". */
export function knownKeys(path: readonly (string | number)[], root: unknown): string[] {
  const schema = schemaAt(path, root);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape as object);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const option = chosenOption(schema, valueAt(root, path));
    if (option) return Object.keys(option.shape);
    return [...new Set((schema.options as z.ZodObject<z.ZodRawShape>[]).flatMap((o) => Object.keys(o.shape)))];
  }
  return [];
}
