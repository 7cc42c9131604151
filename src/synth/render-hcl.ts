import type { TerraformStack } from "cdktf";
import { TerraformElement } from "cdktf";
import { resolve } from "cdktf/lib/_tokens";
import { interpolationEnd } from "../analysis/terraform-json";

/**
 * Renders a stack's Terraform JSON as native HCL in the exact layout `terraform fmt` writes, so the
 * hand-off passes a `terraform fmt -check` gate unchanged.
 *
 * Why our own renderer: cdktf 0.21's HCL renderer writes interpolation-only strings
 * (`vpc_id = "${aws_vpc.vpc1.id}"`, which fmt rewrites to `aws_vpc.vpc1.id`), no fmt indentation
 * or alignment, the terraform block's attributes by index (`0 = "required_version"`), quoted
 * references (`provider = "aws.x"`, `depends_on = ["aws_x.y"]`, `ignore_changes = ["ami"]`), and
 * it mis-escapes strings that mix text and `${...}` (its reported bug with serialized IAM
 * policies). Here every value comes from the stack's JSON form (the one `cdk.tf.json` holds, and
 * that the rest of the project analyses), and only the block-or-attribute decision, which JSON
 * cannot express, comes from the provider bindings ({@link hclBlockPaths}).
 *
 * Values map one to one: a JSON string is a Terraform template in both syntaxes, so its
 * `${...}` and `$${` sequences are copied as they are and only the literal text around them is
 * escaped; a string that is exactly one interpolation is written as the bare expression (as fmt
 * does). Multi-line strings are written with `\n` escapes, never as heredocs.
 */
export function renderHcl(json: Readonly<Record<string, unknown>>, blockPaths: ReadonlySet<string>): string {
  const out: string[][] = [];
  const top = (header: string, body: Record<string, unknown>, path: readonly string[]) =>
    out.push([`${header} {`, ...renderBody(body, path, 1, blockPaths), "}"]);
  for (const [section, value] of Object.entries(json)) {
    if (section === "//") continue;
    if (section === "terraform") top("terraform", value as Record<string, unknown>, ["terraform"]);
    else if (section === "provider" || section === "variable" || section === "output" || section === "module") {
      for (const [name, instances] of Object.entries(value as Record<string, unknown>)) {
        for (const instance of asList(instances)) top(`${section} ${quote(name)}`, instance as Record<string, unknown>, [section, name]);
      }
    } else if (section === "resource" || section === "data") {
      for (const [type, byName] of Object.entries(value as Record<string, Record<string, unknown>>)) {
        for (const [name, body] of Object.entries(byName)) {
          top(`${section} ${quote(type)} ${quote(name)}`, body as Record<string, unknown>, [section, type, name]);
        }
      }
    } else if (section === "moved" || section === "import" || section === "removed" || section === "check") {
      for (const entry of asList(value)) top(section, entry as Record<string, unknown>, [section]);
    } else if (section === "locals") {
      for (const entry of asList(value)) top("locals", entry as Record<string, unknown>, ["locals"]);
    } else {
      throw new Error(`The HCL renderer does not know the top-level "${section}" section; synthesize JSON instead.`);
    }
  }
  return `${out.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

/**
 * The paths (`resource.aws_instance.vpc1.metadata_options`, list indices left out) that are nested
 * blocks rather than attributes, as the provider bindings of the stack's elements declare them
 * (cdktf's `toHclTerraform()` marks each value `isBlock`).
 */
export function hclBlockPaths(stack: TerraformStack): Set<string> {
  const paths = new Set<string>();
  const visit = (node: unknown, path: readonly string[]): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, path);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if ("value" in record && ("isBlock" in record || "is_block" in record)) {
      if (record.isBlock === true || record.is_block === true) paths.add(path.join("."));
      visit(record.value, path);
      return;
    }
    for (const [key, value] of Object.entries(record)) if (key !== "//") visit(value, [...path, key]);
  };
  const elements: TerraformElement[] = [];
  const collect = (node: { node: { children: readonly unknown[] } }) => {
    if (TerraformElement.isTerraformElement(node)) elements.push(node);
    for (const child of node.node.children) collect(child as { node: { children: readonly unknown[] } });
  };
  collect(stack);
  for (const element of elements) {
    const fragment = resolve(stack, element.toHclTerraform()) as Record<string, unknown>;
    for (const section of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries((fragment[section] ?? {}) as Record<string, Record<string, unknown>>)) {
        for (const [name, body] of Object.entries(byName)) visit(body, [section, type, name]);
      }
    }
    for (const [name, instances] of Object.entries((fragment.provider ?? {}) as Record<string, unknown>))
      visit(instances, ["provider", name]);
  }
  return paths;
}

/** Blocks of the Terraform language itself (not of a provider), by where they may appear. */
const LANGUAGE_BLOCKS: readonly RegExp[] = [
  /^terraform\.(required_providers|cloud|cloud\.workspaces)$/,
  /^terraform\.backend$/, // labelled: backend "s3" { ... }
  /^(resource|data)\.[^.]+\.[^.]+\.lifecycle$/,
  /^(resource|data)\.[^.]+\.[^.]+\.lifecycle\.(precondition|postcondition)$/,
  /^output\.[^.]+\.precondition$/,
];

/** Meta-arguments whose values are references, written bare in native syntax (strings in JSON). */
const REFERENCE_ARGUMENTS: readonly RegExp[] = [
  /^(resource|data|output|module)\..*\.depends_on$/,
  /^(resource|data)\.[^.]+\.[^.]+\.provider$/,
  /^(resource|data)\.[^.]+\.[^.]+\.lifecycle\.(ignore_changes|replace_triggered_by)$/,
  /^(moved)\.(from|to)$/,
  /^import\.(to|provider)$/,
];

function isBlock(path: string, blockPaths: ReadonlySet<string>): boolean {
  return blockPaths.has(path) || LANGUAGE_BLOCKS.some((pattern) => pattern.test(path));
}

/** The lines of a block's body at `depth`, with `=` aligned the way `terraform fmt` aligns it. */
function renderBody(
  body: Readonly<Record<string, unknown>>,
  path: readonly string[],
  depth: number,
  blockPaths: ReadonlySet<string>,
): string[] {
  const items: Item[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//" || value === undefined) continue;
    const childPath = [...path, key];
    const dotted = childPath.join(".");
    if (dotted === "terraform.backend") {
      for (const [type, settings] of Object.entries(value as Record<string, unknown>)) {
        items.push({ lines: block(`backend ${quote(type)}`, settings as Record<string, unknown>, childPath, depth, blockPaths) });
      }
    } else if (key === "dynamic" || key === "provisioner" || key === "connection") {
      throw new Error(`The HCL renderer does not write "${key}" blocks (at ${dotted}); synthesize JSON instead.`);
    } else if (isBlock(dotted, blockPaths) && value !== null && typeof value === "object") {
      for (const instance of asList(value)) {
        items.push({ lines: block(key, instance as Record<string, unknown>, childPath, depth, blockPaths) });
      }
    } else if (/^variable\.[^.]+\.type$/.test(dotted) && typeof value === "string") {
      // A type constraint is a type expression (`list(string)`), quoted only in JSON.
      items.push(attribute(key, interpolationOnly(value) ?? value, depth));
    } else if (REFERENCE_ARGUMENTS.some((pattern) => pattern.test(dotted))) {
      items.push(attribute(key, renderReferences(value, dotted), depth));
    } else {
      items.push(attribute(key, renderValue(value, depth), depth));
    }
  }
  return alignAssignments(items);
}

/** One attribute or block of a body: its lines, and for a one-line attribute the key to align. */
interface Item {
  readonly lines: string[];
  readonly key?: string;
}

function attribute(key: string, value: string, depth: number): Item {
  const lines = `${indent(depth)}${key} = ${value}`.split("\n");
  // terraform fmt aligns the `=` of consecutive attributes that each fit on one line; an
  // attribute whose value opens a bracket at the end of its line breaks the run.
  return lines.length === 1 ? { lines, key } : { lines };
}

function block(
  header: string,
  body: Readonly<Record<string, unknown>>,
  path: readonly string[],
  depth: number,
  blockPaths: ReadonlySet<string>,
): string[] {
  const inner = renderBody(body, path, depth + 1, blockPaths);
  return inner.length === 0
    ? [`${indent(depth)}${header} {`, `${indent(depth)}}`]
    : [`${indent(depth)}${header} {`, ...inner, `${indent(depth)}}`];
}

/** Pads the keys of each run of one-line items so that their `=` line up. */
function alignAssignments(items: readonly Item[]): string[] {
  const lines: string[] = [];
  for (let start = 0; start < items.length; ) {
    if (items[start]!.key === undefined) {
      lines.push(...items[start]!.lines);
      start++;
      continue;
    }
    let end = start;
    while (end < items.length && items[end]!.key !== undefined) end++;
    const run = items.slice(start, end);
    const width = Math.max(...run.map((item) => item.key!.length));
    for (const item of run) {
      const line = item.lines[0]!;
      const at = line.indexOf(`${item.key!} = `) + item.key!.length;
      lines.push(`${line.slice(0, at)}${" ".repeat(width - item.key!.length)}${line.slice(at)}`);
    }
    start = end;
  }
  return lines;
}

/** An attribute value (expression) at `depth`; multi-line values end at `depth`'s indentation. */
function renderValue(value: unknown, depth: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return renderString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((item) => item === null || typeof item !== "object"))
      return `[${value.map((item) => renderValue(item, depth)).join(", ")}]`;
    return ["[", ...value.map((item) => `${indent(depth + 1)}${renderValue(item, depth + 1)},`), `${indent(depth)}]`].join("\n");
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const items = entries.map(([key, item]) => attribute(objectKey(key), renderValue(item, depth + 1), depth + 1));
    return ["{", ...alignAssignments(items), `${indent(depth)}}`].join("\n");
  }
  throw new Error(`The HCL renderer cannot write a ${typeof value} value.`);
}

/** A meta-argument's references (`depends_on`, `provider`, `ignore_changes`, `moved.from`): bare. */
function renderReferences(value: unknown, path: string): string {
  const reference = (item: unknown): string => {
    if (typeof item !== "string") throw new Error(`Expected a reference at ${path}, found ${JSON.stringify(item)}.`);
    const bare = interpolationOnly(item) ?? item;
    if (!/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]+\])*$/.test(bare))
      throw new Error(`Expected a reference at ${path}, found ${JSON.stringify(item)}.`);
    return bare;
  };
  return Array.isArray(value) ? `[${value.map(reference).join(", ")}]` : reference(value);
}

/** A JSON-syntax template string as native syntax: the bare expression, or a quoted template. */
function renderString(template: string): string {
  return interpolationOnly(template) ?? `"${escapeTemplate(template)}"`;
}

/** The expression of a template that is exactly one `${...}` interpolation (no strip markers), else undefined. */
export function interpolationOnly(template: string): string | undefined {
  if (!template.startsWith("${") || template.startsWith("${~")) return undefined;
  const end = interpolationEnd(template, 2);
  if (end !== template.length - 1) return undefined;
  const expression = template.slice(2, end);
  if (expression.endsWith("~") || expression.includes("\n") || expression.trim() === "") return undefined;
  return expression.trim();
}

/**
 * Escapes the literal text of a template for a quoted string (`\`, `"`, control characters);
 * `${...}` and `%{...}` sequences are copied as they are (their expressions are native syntax in
 * both forms), and so are the `$${` and `%%{` escapes.
 */
function escapeTemplate(template: string): string {
  let out = "";
  for (let i = 0; i < template.length; ) {
    const two = template.slice(i, i + 2);
    const three = template.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      out += three;
      i += 3;
    } else if (two === "${" || two === "%{") {
      const end = interpolationEnd(template, i + 2);
      if (end < 0) throw new Error(`Unterminated template sequence in ${JSON.stringify(template)}.`);
      const sequence = template.slice(i, end + 1);
      if (sequence.includes("\n"))
        throw new Error(`A template sequence spans lines in ${JSON.stringify(template)}; synthesize JSON instead.`);
      out += sequence;
      i = end + 1;
    } else {
      out += escapeCharacter(template[i]!);
      i++;
    }
  }
  return out;
}

function escapeCharacter(character: string): string {
  switch (character) {
    case "\\":
      return "\\\\";
    case '"':
      return '\\"';
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default: {
      const code = character.charCodeAt(0);
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : character;
    }
  }
}

/** An object key: bare when it is an identifier (and no keyword), else quoted. */
function objectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !["true", "false", "null", "for", "in", "if"].includes(key) ? key : quote(key);
}

function quote(text: string): string {
  return `"${[...text].map(escapeCharacter).join("").replace(/\$\{/g, "$${").replace(/%\{/g, "%%{")}"`;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function indent(depth: number): string {
  return "  ".repeat(depth);
}
