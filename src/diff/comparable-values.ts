import { createHash } from "node:crypto";
import type { Block, TerraformJson } from "../analysis/terraform-json";
import { interpolations } from "../analysis/terraform-json";
import type { AddressMoves } from "./address-moves";

/**
 * A `type.name` (or `data.type.name`) at the start of a reference inside an interpolation, not
 * preceded by a name character or a dot (so `aws_vpc.a.id` matches once, at `aws_vpc.a`).
 */
const REFERENCE = /(?<![\w.-])(data\.)?([a-zA-Z][a-zA-Z0-9_]*)\.([a-zA-Z_][a-zA-Z0-9_-]*)/g;

/**
 * The values of one side's blocks, made comparable across the two sides as `terraform plan`
 * reads them:
 * - a reference to a resource is the reference to the address that resource has in the new
 *   output (`moves`: on the base side, `${aws_vpc.vpc2.id}` reads `${aws_vpc.app.id}` when a
 *   `moved` block carries vpc2 to app), so a rename alone changes no value;
 * - a reference to a data source stands for what that data source reads (its arguments, compared
 *   the same way), never for its name: a data source renamed with the same arguments gives the
 *   same value, and a changed one changes every value that reads it (an endpoint's `policy` that
 *   reads a changed `aws_iam_policy_document` is a changed `policy`).
 */
export class ComparableValues {
  private readonly resources = new Set<string>();
  private readonly dataBlocks = new Map<string, Block>();
  private readonly dataDigests = new Map<string, string>();

  public constructor(
    json: TerraformJson,
    private readonly moves?: AddressMoves,
  ) {
    for (const [type, blocks] of Object.entries(json.resource ?? {}))
      for (const name of Object.keys(blocks ?? {})) this.resources.add(`${type}.${name}`);
    for (const [type, blocks] of Object.entries(json.data ?? {}))
      for (const [name, body] of Object.entries(blocks ?? {})) this.dataBlocks.set(`data.${type}.${name}`, body);
  }

  /** A canonical text of a value: equal texts on the two sides mean the same value for Terraform. */
  public text(value: unknown): string {
    return canonicalJson(this.normalize(value, new Set()));
  }

  /**
   * The managed resources a value reads, directly or through the data sources it reads (a data
   * source that reads a replaced resource is read again at apply, so what reads it is unknown too).
   */
  public resourcesRead(value: unknown, visiting = new Set<string>()): Set<string> {
    const found = new Set<string>();
    const visit = (item: unknown): void => {
      if (typeof item === "string") {
        for (const { expression } of interpolations(item))
          for (const [, data, type, name] of expression.matchAll(REFERENCE)) {
            const address = `${data ? "data." : ""}${type}.${name}`;
            if (!data) {
              if (this.resources.has(address)) found.add(address);
            } else if (this.dataBlocks.has(address) && !visiting.has(address)) {
              visiting.add(address);
              for (const read of this.resourcesRead(this.dataBlocks.get(address), visiting)) found.add(read);
            }
          }
      } else if (Array.isArray(item)) item.forEach(visit);
      else if (typeof item === "object" && item !== null) Object.values(item).forEach(visit);
    };
    visit(value);
    return found;
  }

  private normalize(value: unknown, visiting: Set<string>): unknown {
    if (typeof value === "string") return this.normalizeString(value, visiting);
    if (Array.isArray(value)) return value.map((item) => this.normalize(item, visiting));
    if (typeof value === "object" && value !== null) {
      const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) result[key] = this.normalize(item, visiting);
      return result;
    }
    return value;
  }

  /** Rewrites the references inside each `${...}` of a string (`$${` is an escaped, literal `${`). */
  private normalizeString(text: string, visiting: Set<string>): string {
    if (!text.includes("${")) return text;
    let result = "";
    let i = 0;
    for (const { start, end, expression } of interpolations(text)) {
      result += text.slice(i, start) + this.normalizeExpression(expression, visiting);
      i = end;
    }
    return result + text.slice(i);
  }

  private normalizeExpression(expression: string, visiting: Set<string>): string {
    return expression.replace(REFERENCE, (match: string, data: string | undefined, type: string, name: string) => {
      const address = `${type}.${name}`;
      if (data) return this.dataBlocks.has(`data.${address}`) ? `data.${type}.#${this.dataDigest(`data.${address}`, visiting)}` : match;
      return this.moves && (this.resources.has(address) || this.moves.resolve(address) !== address) ? this.moves.resolve(address) : match;
    });
  }

  /** A digest of what a data source reads (its arguments, references normalized; its metadata left out). */
  private dataDigest(address: string, visiting: Set<string>): string {
    const known = this.dataDigests.get(address);
    if (known !== undefined) return known;
    // Terraform refuses a cycle of data sources; the guard keeps a malformed output from recursing forever.
    if (visiting.has(address)) return "cycle";
    visiting.add(address);
    const body = { ...this.dataBlocks.get(address) };
    delete body["//"];
    delete body.depends_on;
    const digest = createHash("sha256")
      .update(canonicalJson(this.normalize(body, visiting)))
      .digest("hex")
      .slice(0, 16);
    visiting.delete(address);
    this.dataDigests.set(address, digest);
    return digest;
  }
}

/** JSON with object keys sorted, so that equal values give equal texts. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
