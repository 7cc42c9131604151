import type { TerraformDocument } from "./terraform-json";
import { blocksOf, parseReference, stringsOf } from "./terraform-json";

/** One condition of a statement: `{ test: "StringNotEquals", variable: "aws:SourceVpce", values }`. */
export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** A principal block: `{ type: "AWS", identifiers: [...] }`; type `*` means everyone. */
export interface Principal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** A policy statement, normalised from either an `aws_iam_policy_document` or policy JSON. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly principals?: readonly Principal[];
  readonly notPrincipals?: readonly Principal[];
  readonly conditions: readonly Condition[];
}

/** A policy, with the address it was read from. */
export interface PolicyDocument {
  readonly address: string;
  readonly statements: readonly Statement[];
  /**
   * True when the policy exists but cannot be read here (a managed policy outside the stack, a
   * `jsonencode` expression): the analysis then proves nothing through it, rather than assume it open.
   */
  readonly unreadable?: boolean;
}

/**
 * Reads the policy a resource attribute holds: a reference to an `aws_iam_policy_document`'s
 * `json`, or a literal policy JSON string. Anything else (a managed policy outside the stack, a
 * `jsonencode` expression) comes back marked `unreadable`.
 */
export function readPolicy(doc: TerraformDocument, value: unknown, address: string): PolicyDocument {
  const ref = parseReference(value);
  if (ref) {
    const block = doc.get(ref.address);
    // Documents merged from others (source_/override_policy_documents) are not read here.
    const merged = ["source_policy_documents", "override_policy_documents", "source_json", "override_json"].some(
      (key) => block?.body[key] !== undefined,
    );
    if (block?.type === "aws_iam_policy_document" && ref.attribute === "json" && !merged)
      return { address: ref.address, statements: blocksOf(block.body.statement).map(fromDocumentStatement) };
    return unreadablePolicy(address);
  }
  if (typeof value !== "string") return unreadablePolicy(address);
  try {
    const parsed = JSON.parse(value) as { Statement?: unknown };
    return { address, statements: blocksOf(parsed.Statement).map(fromJsonStatement) };
  } catch {
    return unreadablePolicy(address);
  }
}

/** A policy that exists but cannot be read here. */
export function unreadablePolicy(address: string): PolicyDocument {
  return { address, statements: [], unreadable: true };
}

/** A list field that may be absent (absent and empty mean different things in IAM). */
const optionalStrings = (value: unknown): string[] | undefined => (value === undefined ? undefined : stringsOf(value));

/** `principals` / `not_principals` blocks of an `aws_iam_policy_document` statement. */
const documentPrincipals = (value: unknown): Principal[] | undefined =>
  value === undefined ? undefined : blocksOf(value).map((p) => ({ type: String(p.type), identifiers: stringsOf(p.identifiers) }));

function fromDocumentStatement(block: Record<string, unknown>): Statement {
  return {
    sid: typeof block.sid === "string" ? block.sid : undefined,
    effect: block.effect === "Deny" ? "Deny" : "Allow",
    actions: optionalStrings(block.actions),
    notActions: optionalStrings(block.not_actions),
    resources: optionalStrings(block.resources),
    notResources: optionalStrings(block.not_resources),
    principals: documentPrincipals(block.principals),
    notPrincipals: documentPrincipals(block.not_principals),
    conditions: blocksOf(block.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: valuesOf(c.values) })),
  };
}

/** A JSON policy's `Principal` / `NotPrincipal`: `"*"` or `{ "AWS": [...], "Service": ... }`. */
function jsonPrincipals(principal: unknown): Principal[] | undefined {
  if (principal === undefined) return undefined;
  if (principal === "*") return [{ type: "*", identifiers: ["*"] }];
  return Object.entries(principal as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: stringsOf(ids) }));
}

function fromJsonStatement(block: Record<string, unknown>): Statement {
  const conditions = Object.entries((block.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, byKey]) =>
    Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: valuesOf(values) })),
  );
  return {
    sid: typeof block.Sid === "string" ? block.Sid : undefined,
    effect: block.Effect === "Deny" ? "Deny" : "Allow",
    actions: optionalStrings(block.Action),
    notActions: optionalStrings(block.NotAction),
    resources: optionalStrings(block.Resource),
    notResources: optionalStrings(block.NotResource),
    principals: jsonPrincipals(block.Principal),
    notPrincipals: jsonPrincipals(block.NotPrincipal),
    conditions,
  };
}

/** Condition values as strings: JSON policies may write `false` or `10` unquoted. */
function valuesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean").map(String);
}
