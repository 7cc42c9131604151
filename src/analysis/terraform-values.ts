import type { Ipv4Block } from "../aws/ipv4-cidr";
import { parseIpv4Cidr } from "../aws/ipv4-cidr";
import { partitionOf } from "../aws/partitions";
import type { SymbolicValue } from "./symbolic-value";
import { concat, contextHole, generatedSuffix, hole, knownText, literal } from "./symbolic-value";
import type { DeploymentFacts, ProviderContext } from "./provider-contexts";
import { providerAliasOf, providerContexts } from "./provider-contexts";
import type { TerraformDocument } from "./terraform-json";
import { interpolationEnd, parseReference } from "./terraform-json";

export type { DeploymentFacts } from "./provider-contexts";

/** A CIDR attribute: a block, or unresolved (an expression or a reference to something AWS computes). */
export type CidrValue = { readonly block: Ipv4Block } | { readonly unresolved: string };

/** Attributes whose unknown value is one opaque token (an id, a name), never a composite that holds others. */
const ATOMIC_ATTRIBUTES = new Set([
  "id",
  "name",
  "bucket",
  "key_id",
  "account_id",
  "private_ip",
  "public_ip",
  "prefix_list_id",
  "partition",
  "owner_id",
]);

/**
 * Resolves what is known at synth: literal attributes, references to attributes whose values are
 * in the stack (a VPC's `cidr_block`, a bucket's name from `bucket`, or `bucket_prefix` plus
 * Terraform's suffix, a role's ARN, the partition and region), and leaves what AWS computes
 * (ids, generated suffixes, the account online) as named holes.
 */
export class TerraformValues {
  /** The provider's region, when literal. */
  public readonly region?: string;
  /** The partition, from the region. */
  public readonly partition: SymbolicValue;
  /** The account id: literal when configured, else a hole. */
  public readonly account: SymbolicValue;
  /** Each provider configuration's context, by alias (`""` for the default provider). */
  public readonly contexts: ReadonlyMap<string, ProviderContext>;
  private readonly resolved = new Map<string, SymbolicValue>();
  private readonly cidrs = new Map<string, CidrValue>();

  public constructor(
    private readonly doc: TerraformDocument,
    facts: DeploymentFacts = {},
  ) {
    this.contexts = providerContexts(doc.json, facts);
    const own = this.contexts.get("")!;
    this.region = own.region;
    this.partition = this.region ? literal(partitionOf(this.region)) : contextHole("the partition");
    this.account = own.account;
  }

  /** The region of a resource: its provider's (`provider = "aws.<alias>"`), else the lab's. */
  public regionOf(body: Record<string, unknown> | undefined): string | undefined {
    return this.contextOf(body).region;
  }

  /** The account of a resource: its provider's, else the one Terraform runs in. */
  public accountOf(body: Record<string, unknown> | undefined): SymbolicValue {
    return this.contextOf(body).account;
  }

  /** The context of a resource: its provider's, else (no provider, or one not configured) the default provider's. */
  public contextOf(body: Record<string, unknown> | undefined): ProviderContext {
    return this.contexts.get(providerAliasOf(body)) ?? this.contexts.get("")!;
  }

  /** Resolves a string attribute (literal text with `${...}` interpolations); undefined if not a string. */
  public resolve(value: unknown): SymbolicValue | undefined {
    if (typeof value !== "string") return undefined;
    let resolved = this.resolved.get(value);
    if (!resolved) {
      resolved = this.interpolate(value);
      this.resolved.set(value, resolved);
    }
    return resolved;
  }

  private interpolate(value: string): SymbolicValue {
    const parts: SymbolicValue[] = [];
    let rest = value;
    while (rest.length > 0) {
      const start = rest.search(/[$&]\{/);
      if (start < 0) {
        parts.push(literal(rest));
        break;
      }
      // `$${` is Terraform's escape for a literal `${`.
      if (rest[start] === "$" && rest[start - 1] === "$") {
        parts.push(literal(rest.slice(0, start - 1) + "${"));
        rest = rest.slice(start + 2);
        continue;
      }
      parts.push(literal(rest.slice(0, start)));
      const closing = interpolationEnd(rest, start + 2);
      const end = closing < 0 ? rest.length : closing;
      const expression = rest.slice(start + 2, end);
      // `&{aws:username}` is an IAM policy variable in an aws_iam_policy_document: unknown here.
      parts.push(rest[start] === "&" ? hole(`policy variable ${expression}`, true) : this.expression(expression));
      rest = rest.slice(end + 1);
    }
    return concat(...parts);
  }

  /** Resolves a CIDR attribute: a literal block, or a reference to a VPC's or subnet's literal `cidr_block`. */
  public cidr(value: unknown): CidrValue | undefined {
    if (value === undefined || value === null) return undefined;
    const key = String(value);
    let cidr = this.cidrs.get(key);
    if (!cidr) {
      const resolved = this.resolve(value);
      const text = resolved ? knownText(resolved) : undefined;
      const block = text === undefined ? undefined : parseIpv4Cidr(text);
      cidr = block ? { block } : { unresolved: key };
      this.cidrs.set(key, cidr);
    }
    return cidr;
  }

  private expression(expression: string): SymbolicValue {
    const ref = parseReference(`\${${expression}}`);
    if (!ref) return hole(expression, true);
    // The account and partition are the same whichever data source reads them.
    if (ref.address.startsWith("data.aws_caller_identity.") && ref.attribute === "account_id") return this.account;
    if (ref.address.startsWith("data.aws_partition.") && ref.attribute === "partition") return this.partition;
    const block = this.doc.get(ref.address);
    const type = ref.address.startsWith("data.") ? `data.${block?.type}` : block?.type;
    const attribute = ref.attribute;
    const own = hole(`${ref.address}.${attribute}`, !ATOMIC_ATTRIBUTES.has(attribute));
    if (!block) return own;
    const body = block.body;
    const field = (name: string): SymbolicValue => this.resolve(body[name]) ?? own;
    switch (type) {
      case "data.aws_partition":
        return attribute === "partition" ? this.partition : own;
      case "data.aws_region":
        return attribute === "name" || attribute === "id" ? (this.region ? literal(this.region) : own) : own;
      case "data.aws_caller_identity":
        return attribute === "account_id" ? this.account : own;
      case "aws_vpc":
      case "aws_subnet":
        return attribute === "cidr_block" && body.cidr_block !== undefined ? field("cidr_block") : own;
      case "aws_s3_bucket": {
        const name = this.generatedName(ref.address, body, "bucket", "bucket_prefix");
        if (attribute === "id" || attribute === "bucket") return name;
        if (attribute === "arn") return concat(literal("arn:"), this.partition, literal(":s3:::"), name);
        return own;
      }
      case "aws_iam_role":
      case "aws_iam_policy":
      case "aws_iam_user": {
        const name = this.generatedName(ref.address, body, "name", "name_prefix");
        if (attribute === "name" || (attribute === "id" && type !== "aws_iam_policy")) return name;
        if (attribute !== "arn") return own;
        const kind = type === "aws_iam_role" ? "role" : type === "aws_iam_policy" ? "policy" : "user";
        const path = body.path === undefined ? literal("/") : field("path");
        return concat(literal("arn:"), this.partition, literal(":iam::"), this.accountOf(body), literal(`:${kind}`), path, name);
      }
      case "aws_kms_key": {
        const id = hole(`${ref.address}.id`);
        if (attribute === "id" || attribute === "key_id") return id;
        if (attribute !== "arn") return own;
        const keyRegion = this.regionOf(body);
        const region = keyRegion ? literal(keyRegion) : contextHole("the region");
        return concat(literal("arn:"), this.partition, literal(":kms:"), region, literal(":"), this.accountOf(body), literal(":key/"), id);
      }
      default:
        return own;
    }
  }

  /** A name given exactly, or by prefix plus Terraform's unique suffix, or generated entirely. */
  private generatedName(address: string, body: Record<string, unknown>, exact: string, prefix: string): SymbolicValue {
    const whole = hole(`${address}.${exact}`);
    if (body[exact] !== undefined) return this.resolve(body[exact]) ?? whole;
    if (body[prefix] !== undefined) return concat(this.resolve(body[prefix]) ?? [], generatedSuffix(`${address}.${exact}`));
    return whole;
  }
}
