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

/** The request a policy is asked about. Context values are literals or `${...}` symbols. */
export interface PolicyRequest {
  readonly action: string;
  readonly resource: string;
  /** The calling principal's ARN (the role ARN, as `aws:PrincipalArn` gives it). */
  readonly principalArn: string;
  /** Request context keys (`aws:SourceVpce`, `aws:SecureTransport`); absent keys are missing. */
  readonly context: Readonly<Record<string, string | undefined>>;
}

/** The outcome of evaluating one policy. */
export interface PolicyDecision {
  readonly decision: "allow" | "explicit-deny" | "implicit-deny";
  /** The statement that decided (an explicit deny, or the first allow). */
  readonly statement?: Statement;
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
    if (block?.type === "aws_iam_policy_document")
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

/** IAM wildcard match (`*` any run, `?` one character); case-insensitive for actions. */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === "*") return true;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    ignoreCase ? "i" : "",
  );
  return regex.test(value);
}

function matchesAny(patterns: readonly string[] | undefined, value: string, ignoreCase: boolean): boolean {
  return (patterns ?? []).some((pattern) => wildcard(pattern, value, ignoreCase));
}

function principalMatches(statement: Statement, arn: string): boolean {
  // Identity policies have no principal block: they apply to the identity they are attached to.
  const named = (principals: readonly Principal[]) =>
    principals.some((p) => p.type === "*" || p.identifiers.some((id) => id === "*" || id === arn));
  if (statement.notPrincipals !== undefined) return !named(statement.notPrincipals);
  if (statement.principals === undefined) return true;
  return named(statement.principals);
}

const KNOWN_OPERATORS = new Set([
  "StringEquals",
  "StringNotEquals",
  "StringLike",
  "StringNotLike",
  "StringEqualsIgnoreCase",
  "ArnEquals",
  "ArnNotEquals",
  "ArnLike",
  "ArnNotLike",
  "Bool",
]);

/**
 * Evaluates one condition against the request context, the way IAM does: for negated operators
 * (`StringNotEquals`, `ArnNotEquals`, ...) a missing key matches; for the others it does not.
 * Unknown operators return undefined (cannot tell).
 */
function conditionHolds(condition: Condition, request: PolicyRequest): boolean | undefined {
  const key = condition.variable;
  // Condition key names are case-insensitive.
  const lowerKey = key.toLowerCase();
  const value =
    lowerKey === "aws:principalarn"
      ? request.principalArn
      : Object.entries(request.context).find(([name]) => name.toLowerCase() === lowerKey)?.[1];
  const test = condition.test.replace(/IfExists$/, "");
  const ifExists = condition.test.endsWith("IfExists");
  if (test === "Null") return condition.values.includes(String(value === undefined));
  if (!KNOWN_OPERATORS.has(test)) return undefined;
  if (value === undefined) return ifExists || /Not/.test(test);
  switch (test) {
    case "StringEquals":
      return condition.values.includes(value);
    case "StringNotEquals":
      return !condition.values.includes(value);
    // ArnEquals behaves as ArnLike in IAM: both take wildcards.
    case "StringLike":
    case "ArnLike":
    case "ArnEquals":
      return condition.values.some((pattern) => wildcard(pattern, value, false));
    case "StringNotLike":
    case "ArnNotLike":
    case "ArnNotEquals":
      return !condition.values.some((pattern) => wildcard(pattern, value, false));
    case "StringEqualsIgnoreCase":
      return condition.values.some((v) => v.toLowerCase() === value.toLowerCase());
    case "Bool":
      return condition.values.some((v) => v.toLowerCase() === value.toLowerCase());
    default:
      return undefined;
  }
}

function statementApplies(statement: Statement, request: PolicyRequest): boolean {
  const actionOk = statement.actions
    ? matchesAny(statement.actions, request.action, true)
    : !matchesAny(statement.notActions, request.action, true);
  const resourceOk = statement.resources
    ? matchesAny(statement.resources, request.resource, false)
    : !matchesAny(statement.notResources, request.resource, false);
  if (!actionOk || !resourceOk || !principalMatches(statement, request.principalArn)) return false;
  // Conditions we cannot evaluate are read against the statement: a Deny is assumed to apply and
  // an Allow is assumed not to, so that the analysis never promises access it cannot prove.
  return statement.conditions.every((condition) => conditionHolds(condition, request) ?? statement.effect === "Deny");
}

/** Evaluates a policy: an explicit deny wins, then any allow, else an implicit deny. */
export function evaluatePolicy(policy: PolicyDocument, request: PolicyRequest): PolicyDecision {
  const applicable = policy.statements.filter((statement) => statementApplies(statement, request));
  const deny = applicable.find((statement) => statement.effect === "Deny");
  if (deny) return { decision: "explicit-deny", statement: deny };
  const allow = applicable.find((statement) => statement.effect === "Allow");
  return allow ? { decision: "allow", statement: allow } : { decision: "implicit-deny" };
}
