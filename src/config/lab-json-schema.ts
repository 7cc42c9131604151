/**
 * lab.schema.json, the JSON Schema of a configuration file, generated from the zod schema (the one
 * definition of what a configuration is) with zod-to-json-schema, and the configuration reference
 * in docs/configuration.md, generated from that JSON Schema. Build-time only: scripts/write-schema.js
 * writes both, and a test fails when either is stale. No bundle imports this module (it needs a
 * dev dependency).
 */
import type { ZodTypeDef } from "zod";
import type { Options } from "zod-to-json-schema";
import { zodToJsonSchema } from "zod-to-json-schema";
import { DEFAULT_LAB_CONFIG } from "./default-config";
import { JSON_SCHEMA_HINTS, LabConfigSchema, environmentName } from "./schema";

/** A JSON Schema (draft-07) node, as far as this module reads and writes it. */
export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  propertyNames?: JsonSchemaNode;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  const?: unknown;
  enum?: readonly unknown[];
  [keyword: string]: unknown;
}

/** The file name of the schema at the repository root. */
export const LAB_SCHEMA_FILE = "lab.schema.json";

/** A refinement's definition, as zod keeps it: its effect is the key of {@link JSON_SCHEMA_HINTS}. */
interface DefWithEffect extends ZodTypeDef {
  readonly typeName?: string;
  readonly effect?: object;
  readonly keyType?: { readonly _def: DefWithEffect };
}

/** The hints of a refinement (a pattern, the values allowed), or undefined. */
function hintsOf(def: DefWithEffect | undefined): Readonly<Record<string, unknown>> | undefined {
  return def?.effect === undefined ? undefined : JSON_SCHEMA_HINTS.get(def.effect);
}

/**
 * The JSON Schema of a configuration file. Beyond what the converter derives (types, enums,
 * defaults, descriptions, `additionalProperties: false` for every strict object), it states:
 * the patterns and values that refinements check; that every top-level field is optional (a file
 * states only what differs from the embedded default lab, whose values are the defaults); and
 * what an environment may override.
 */
export function labJsonSchema(): JsonSchemaNode {
  // Typed loosely: the converter's generic parameters recurse too deep for the lab's schema.
  const convert = zodToJsonSchema as unknown as (schema: unknown, options: Partial<Options>) => JsonSchemaNode;
  const generated = convert(LabConfigSchema, {
    target: "jsonSchema7",
    $refStrategy: "none",
    effectStrategy: "input",
    postProcess: (schema, def) => {
      if (schema === undefined) return schema;
      const own = hintsOf(def as DefWithEffect);
      const keys = hintsOf((def as DefWithEffect).keyType?._def);
      return { ...schema, ...own, ...(keys === undefined ? {} : { propertyNames: keys }) };
    },
  });
  const properties = generated.properties!;
  const defaults = DEFAULT_LAB_CONFIG as Record<string, unknown>;
  for (const [field, value] of Object.entries(defaults)) properties[field] = { ...properties[field], default: structuredClone(value) };
  properties.environments = {
    ...properties.environments,
    propertyNames: { pattern: environmentName.source },
    additionalProperties: environmentOverrides(properties),
  };
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: "VPC lab configuration",
    description:
      "A lab configuration file (LAB_CONFIG): its top-level fields replace those of the embedded default lab, so every field is optional. Generated from src/config/schema.ts by scripts/write-schema.js.",
    ...rest,
    required: [],
  };
}

/**
 * What one environment may state: any field of the lab but `name`, `environments` and `$schema`,
 * with nothing required and no defaults (an environment inherits the lab's value), down through
 * objects and records, which merge key by key; a list replaces the lab's, so its entries keep
 * their required fields.
 */
function environmentOverrides(lab: Record<string, JsonSchemaNode>): JsonSchemaNode {
  const properties = structuredClone(
    Object.fromEntries(Object.entries(lab).filter(([field]) => !["name", "environments", "$schema"].includes(field))),
  );
  const overrides: JsonSchemaNode = {
    type: "object",
    description: "Fields of the lab this environment overrides: objects merge key by key, lists and values replace.",
    properties,
    additionalProperties: false,
  };
  const work: JsonSchemaNode[] = Object.values(properties);
  while (work.length > 0) {
    const node = work.pop()!;
    delete node.required;
    delete node.default;
    work.push(...Object.values(node.properties ?? {}), ...(node.anyOf ?? []));
    if (typeof node.additionalProperties === "object") work.push(node.additionalProperties);
  }
  return overrides;
}

/** The schema as the file holds it (before the formatter's layout). */
export function labJsonSchemaText(): string {
  return `${JSON.stringify(labJsonSchema(), null, 2)}\n`;
}

/** One documented field of the configuration. */
export interface ReferenceRow {
  /** Its path as the reference writes it: `vpcs[].instance.type`, `accounts.<name>.roleArn`. */
  readonly field: string;
  readonly type: string;
  /** Its default, as JSON or in words, or "required". */
  readonly default: string;
  readonly description: string;
}

const DEFAULT_IN_WORDS = / Default: (.*)$/;

/**
 * Every field of the schema, in schema order, each with its type, default and description: the
 * configuration reference. Walks objects, the object branch of `false | {...}` unions, list
 * entries (`[]`), records (`<name>`) and each backend type; not an environment's overrides, which
 * are the fields above.
 */
export function referenceRows(schema: JsonSchemaNode = labJsonSchema()): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const visit = (node: JsonSchemaNode, path: string, required: boolean): void => {
    const description = node.description ?? "";
    const words = DEFAULT_IN_WORDS.exec(description);
    rows.push({
      field: path,
      type: typeOf(node),
      default: words
        ? words[1]!.replace(/\.$/, "")
        : node.default !== undefined
          ? JSON.stringify(node.default)
          : required
            ? "required"
            : "none",
      description: description.replace(DEFAULT_IN_WORDS, ""),
    });
    if (path === "environments") return;
    visitChildren(node, path);
  };
  const visitChildren = (node: JsonSchemaNode, path: string): void => {
    const objects = (node.anyOf ?? [node]).filter((branch) => branch.type === "object" || branch.items !== undefined);
    for (const branch of objects) {
      const discriminator = node.anyOf && node.anyOf.length > 1 ? branch.properties?.type?.const : undefined;
      for (const [name, child] of Object.entries(branch.properties ?? {})) {
        if (discriminator !== undefined && name === "type" && branch !== objects[0]) continue;
        const childPath = `${path}${path === "" ? "" : "."}${name}`;
        if (discriminator !== undefined && name === "type") {
          visit(
            {
              type: "string",
              enum: objects.map((o) => o.properties?.type?.const),
              description: `The kind of backend: ${objects.map((o) => `${JSON.stringify(o.properties?.type?.const)}, ${o.properties?.type?.description ?? ""}`).join("; ")}. The fields below name the kind they belong to in brackets.`,
            },
            childPath,
            true,
          );
          continue;
        }
        visit(
          discriminator !== undefined ? { ...child, description: `(${String(discriminator)}) ${child.description ?? ""}` } : child,
          childPath,
          branch.required?.includes(name) ?? false,
        );
      }
      if (branch.items !== undefined) visitChildren(branch.items, `${path}[]`);
      if (typeof branch.additionalProperties === "object") visitChildren(branch.additionalProperties, `${path}.<${recordKeyName(path)}>`);
    }
  };
  visitChildren(schema, "");
  return rows;
}

function recordKeyName(path: string): string {
  if (path.endsWith("accounts")) return "account";
  if (path.endsWith("regions")) return "region";
  if (path.endsWith("tags")) return "key";
  return "name";
}

function typeOf(node: JsonSchemaNode): string {
  if (node.anyOf) return [...new Set(node.anyOf.map(typeOf))].join(" or ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum)
    return node.enum.length > 4 ? String(node.type ?? typeof node.enum[0]) : node.enum.map((value) => JSON.stringify(value)).join(", ");
  if (node.type === "array") return `list of ${node.items ? typeOf(node.items) : "values"}`;
  if (node.type === "object" && typeof node.additionalProperties === "object") return `object of ${typeOf(node.additionalProperties)}`;
  return Array.isArray(node.type) ? node.type.join(" or ") : (node.type ?? "any");
}

/** The markers between which docs/configuration.md holds the generated reference. */
export const REFERENCE_MARKERS = {
  start: "<!-- reference: generated from lab.schema.json by scripts/write-schema.js (npm run schema); do not edit by hand -->",
  end: "<!-- end of the generated reference -->",
} as const;

/** The configuration reference as a Markdown table (before the formatter's alignment). */
export function referenceMarkdown(rows: readonly ReferenceRow[] = referenceRows()): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const code = (text: string) =>
    text === "required" || text === "none" || !/^[[{"\d]|^(true|false)$/.test(text) ? cell(text) : `\`${cell(text)}\``;
  return [
    "| Field | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| \`${cell(row.field)}\` | ${cell(row.type)} | ${code(row.default)} | ${cell(row.description)} |`),
  ].join("\n");
}

/** `page` with the text between the reference markers replaced by `reference`; throws when a marker is missing. */
export function withReference(page: string, reference: string): string {
  const start = page.indexOf(REFERENCE_MARKERS.start);
  const end = page.indexOf(REFERENCE_MARKERS.end);
  if (start < 0 || end < start)
    throw new Error(`docs/configuration.md: the markers of the generated reference are missing (${REFERENCE_MARKERS.start})`);
  return `${page.slice(0, start + REFERENCE_MARKERS.start.length)}\n\n${reference}\n\n${page.slice(end)}`;
}

/** The docs page that holds the generated reference, relative to the repository root. */
export const REFERENCE_PAGE = "docs/configuration.md";

/**
 * The generated files, before the formatter's layout (scripts/write-schema.js formats them as
 * `prettier --check` wants them): lab.schema.json, and docs/configuration.md with its reference
 * replaced (`page` is the page's current text).
 */
export function generatedSchemaFiles(page: string): { path: string; text: string }[] {
  return [
    { path: LAB_SCHEMA_FILE, text: labJsonSchemaText() },
    { path: REFERENCE_PAGE, text: withReference(page, referenceMarkdown()) },
  ];
}
