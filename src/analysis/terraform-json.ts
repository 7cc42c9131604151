/** One resource or data source block of synthesized Terraform JSON. */
export type Block = Record<string, unknown>;

/** Synthesized Terraform JSON, as cdktf writes `cdk.tf.json`. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly [key: string]: unknown;
}

/** A `${type.name.attribute}` reference between blocks. */
export interface Reference {
  /** `aws_vpc.vpc1` or `data.aws_iam_policy_document.bucket_policy`. */
  readonly address: string;
  readonly attribute: string;
}

const REFERENCE = /^\$\{((?:data\.)?[a-zA-Z][a-zA-Z0-9_]*\.[a-zA-Z_][a-zA-Z0-9_-]*)\.([a-zA-Z0-9_]+)\}$/;

/** Parses a value that is exactly one reference; anything else gives undefined. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(value);
  return match ? { address: match[1]!, attribute: match[2]! } : undefined;
}

/** The address a value refers to (`${aws_vpc.vpc1.id}` gives `aws_vpc.vpc1`), if it is a reference. */
export function addressOf(value: unknown): string | undefined {
  return parseReference(value)?.address;
}

/** A block with its address. */
export interface AddressedBlock {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly body: Block;
}

/**
 * Read access to synthesized Terraform JSON by address. Values that are references stay
 * symbolic: an instance's id is `${aws_instance.vpc1.id}`, and two references are equal exactly
 * when they name the same attribute of the same block.
 */
export class TerraformDocument {
  private readonly byAddress = new Map<string, AddressedBlock>();

  public constructor(public readonly json: TerraformJson) {
    for (const [type, blocks] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(blocks))
        this.byAddress.set(`${type}.${name}`, { address: `${type}.${name}`, type, name, body });
    }
    for (const [type, blocks] of Object.entries(json.data ?? {})) {
      for (const [name, body] of Object.entries(blocks))
        this.byAddress.set(`data.${type}.${name}`, { address: `data.${type}.${name}`, type, name, body });
    }
  }

  /** Every resource of a type. */
  public resources(type: string): AddressedBlock[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([name, body]) => ({ address: `${type}.${name}`, type, name, body }));
  }

  /** The block at an address (`aws_vpc.vpc1`, `data.aws_region.current`). */
  public get(address: string | undefined): AddressedBlock | undefined {
    return address === undefined ? undefined : this.byAddress.get(address);
  }

  /** The block a reference value points at. */
  public deref(value: unknown): AddressedBlock | undefined {
    return this.get(addressOf(value));
  }
}

/** Reads a field as an array of blocks (a nested block list), tolerating a single object. */
export function blocksOf(value: unknown): Block[] {
  if (Array.isArray(value)) return value.filter((item): item is Block => typeof item === "object" && item !== null);
  if (typeof value === "object" && value !== null) return [value as Block];
  return [];
}

/** Reads a field as a list of strings. */
export function stringsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

/**
 * The index of the `}` that closes the template sequence (`${...}` or `%{...}`) whose expression
 * starts at `from`, by Terraform's template rule: brackets nest, and quoted strings inside the
 * expression (with their own escapes and nested templates) are skipped. -1 when it does not close.
 */
export function interpolationEnd(template: string, from: number): number {
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    const character = template[i]!;
    if (character === '"') {
      i = quotedStringEnd(template, i + 1);
      if (i < 0) return -1;
    } else if (character === "{" || character === "(" || character === "[") depth++;
    else if (character === ")" || character === "]") depth--;
    else if (character === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The index of the `"` that closes a quoted string inside an expression that opened before `from`; -1 when none does. */
function quotedStringEnd(template: string, from: number): number {
  for (let i = from; i < template.length; i++) {
    const character = template[i]!;
    if (character === "\\") i++;
    else if (character === '"') return i;
    else if ((character === "$" || character === "%") && template[i + 1] === "{") {
      if (template[i - 1] === character) continue; // $${ or %%{: literal
      const end = interpolationEnd(template, i + 2);
      if (end < 0) return -1;
      i = end;
    }
  }
  return -1;
}

/**
 * The `${...}` interpolations of a template string, in order, each with where its expression
 * starts and where it ends (the index of its closing `}`, or the text's length when it does not
 * close). `$${` is an escaped, literal `${`.
 */
export function interpolations(template: string): { readonly start: number; readonly end: number; readonly expression: string }[] {
  const found: { start: number; end: number; expression: string }[] = [];
  for (let at = template.indexOf("${"); at >= 0; at = template.indexOf("${", at + 2)) {
    if (at > 0 && template[at - 1] === "$") continue;
    const closing = interpolationEnd(template, at + 2);
    const end = closing < 0 ? template.length : closing;
    found.push({ start: at + 2, end, expression: template.slice(at + 2, end) });
    at = end - 1;
  }
  return found;
}
