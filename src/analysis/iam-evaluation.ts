import type { ExplanationCode } from "./explanation-codes";
import type { PolicyJson, SimulatorResult } from "./iam-simulator";
import { simulate } from "./iam-simulator";
import type { Condition, PolicyDocument, Principal, Statement } from "./policy-document";
import type { SymbolicValue, Tristate } from "./symbolic-value";
import { concat, literal, matches3, not3, or3 } from "./symbolic-value";
import type { TerraformValues } from "./terraform-values";

/** A policy on the path: the resource that holds it (for the report) and its statements. */
export interface PolicyOnPath {
  /** The Terraform address that holds the policy (`aws_iam_role_policy.vpc1_instance_s3`). */
  readonly holder: string;
  readonly policy: PolicyDocument;
}

/** Who makes a request. */
export interface Caller {
  /** The ARN the request is signed with (a role session's `arn:aws:sts::...:assumed-role/<role>/<session>`). */
  readonly session: SymbolicValue;
  /** `aws:PrincipalArn`: the role's ARN for a role session, else the same as `session`. */
  readonly arn: SymbolicValue;
  readonly account: SymbolicValue;
}

/** One request, as the policies see it. */
export interface AccessRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: SymbolicValue;
  readonly resourceAccount: SymbolicValue;
  /** Known request context, by lower-case key; `null` means known to be absent. Keys not listed are not known. */
  readonly context: Readonly<Record<string, SymbolicValue | null>>;
  /** Keys whose value is one of several (e.g. `s3:tlsversion`): every combination is evaluated. */
  readonly alternatives?: Readonly<Record<string, readonly string[]>>;
}

/** The policies that decide a request, as IAM combines them (no SCPs or RCPs are known here). */
export interface PolicySet {
  readonly identity: readonly PolicyOnPath[];
  readonly boundary?: PolicyOnPath;
  readonly endpoint?: PolicyOnPath;
  /** The resource's policy (a bucket policy, a KMS key policy). */
  readonly resource?: PolicyOnPath;
  /** The endpoint is a gateway endpoint: its policy's Principal element has gateway semantics (see {@link IamEvaluator}). */
  readonly gatewayEndpoint?: boolean;
  /** The code for a resource policy that stops the request. */
  readonly resourceCode: ExplanationCode;
  /**
   * A KMS key policy must allow (itself, or by letting IAM policies of the account decide); a
   * bucket policy need not, within the account.
   */
  readonly resourceMustAllow?: boolean;
}

/** What stops a request, or may. */
export interface PolicyBlock {
  readonly holder: string;
  readonly code: ExplanationCode;
  readonly explicit: boolean;
  /** The deciding statement's sid, for explicit denies. */
  readonly sid?: string;
}

/** The outcome for one request: allowed, provably denied by `block`, or unknown (`block` names what could not be read). */
export type AccessDecision =
  | { readonly verdict: "reachable" }
  | { readonly verdict: "blocked"; readonly block: PolicyBlock }
  | { readonly verdict: "unknown"; readonly block: PolicyBlock };

const ALLOW_ALL: PolicyJson = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const ACCOUNT_HOLE_DIGITS = "000000000";
/** An account that is not the caller's, to make IAM demand a resource-policy grant (endpoint policies work that way). */
const OTHER_ACCOUNT = "999999999999";

type Element = Tristate | "fixed";
type Reason = "REFERENCE_NOT_RESOLVED" | "CONDITION_NOT_MODELLED" | "POLICY_NOT_ANALYSABLE";

/**
 * Evaluates requests with `@cloud-copilot/iam-simulate`, soundly with respect to what is only
 * known after apply. Each hole gets a concrete placeholder that matches itself and nothing else.
 * A statement whose match depends on what a hole holds (a pattern that constrains the generated
 * part of a name, a literal compared with an id AWS assigns) or on a context key the analysis
 * does not know is "sensitive"; a policy that cannot be read is unknown. The request is then
 * evaluated twice: in the most permissive reading (sensitive Allows apply, sensitive Denies do
 * not, unreadable policies allow all) and in the strictest (the reverse). IAM is monotone in
 * statements, so when both readings agree the verdict holds whatever the holes hold.
 */
export class IamEvaluator {
  private readonly tokens = new Map<string, string>();
  private elementCache = new Map<Statement, Record<string, Element>>();
  private gatewayStatements = new Set<Statement>();
  /** Condition elements depend only on the request context: shared by the requests of one caller. */
  private readonly conditionCache = new WeakMap<AccessRequest["context"], Map<Condition, Element>>();

  public constructor(private readonly values: TerraformValues) {}

  /** A concrete string for the simulator: each hole gets its own placeholder. */
  public render(value: SymbolicValue): string {
    return value
      .map((part) => {
        if ("text" in part) return part.text;
        let token = this.tokens.get(part.hole);
        if (!token) {
          const n = this.tokens.size + 1;
          // Account ids must stay 12 digits for IAM to read them as accounts.
          // A composite value (an ARN AWS returns) stays an ARN, or ARN operators would not read it at all.
          // A generated suffix stays within its alphabet, or a pattern the analysis proved not to match would.
          token =
            part.context && /account/.test(part.hole)
              ? `${ACCOUNT_HOLE_DIGITS}${String(n).padStart(3, "0")}`
              : part.alphabet !== undefined
                ? `${"e".repeat(18)}${n.toString(16).padStart(8, "0")}`
                : part.composite
                  ? `arn:aws:iam::888888888888:role/tfhole${n}x`
                  : `tfhole${n}x`;
          this.tokens.set(part.hole, token);
        }
        return token;
      })
      .join("");
  }

  /** Decides a request against a set of policies; see the class comment for how unknowns are kept. */
  public decide(request: AccessRequest, policies: PolicySet): AccessDecision {
    this.elementCache = new Map();
    this.gatewayStatements = new Set(policies.gatewayEndpoint ? (policies.endpoint?.policy.statements ?? []) : []);
    const all = [...policies.identity, policies.boundary, policies.endpoint, policies.resource];
    // Only the alternatives some statement reads need evaluating both ways.
    const read = new Set(all.flatMap((p) => p?.policy.statements.flatMap((s) => s.conditions.map((c) => c.variable.toLowerCase())) ?? []));
    const worlds = contextWorlds(Object.fromEntries(Object.entries(request.alternatives ?? {}).filter(([key]) => read.has(key))));
    const sensitivity = new Map<PolicyOnPath, Reason | "unreadable">();
    for (const policy of [...policies.identity, policies.boundary, policies.endpoint, policies.resource]) {
      if (!policy) continue;
      if (policy.policy.unreadable) sensitivity.set(policy, "unreadable");
      else {
        const reason = policy.policy.statements.map((s) => this.statementReason(s, request)).find((r) => r !== undefined);
        if (reason) sensitivity.set(policy, reason);
      }
    }
    // The permissive reading first: if it blocks in every world, so does every reading (IAM is monotone).
    const upper = worlds.map((world) => this.decideIn(request, policies, "upper", world));
    if (upper.every((o) => o !== undefined)) return { verdict: "blocked", block: upper[0]! };
    const lower = sensitivity.size > 0 ? worlds.map((world) => this.decideIn(request, policies, "lower", world)) : [];
    const outcomes = [...upper, ...lower];
    if (outcomes.every((o) => o === undefined)) return { verdict: "reachable" };
    const strict = outcomes.find((o) => o !== undefined)!;
    const policy = [...policies.identity, policies.boundary, policies.endpoint, policies.resource].find((p) => p?.holder === strict.holder);
    const reason = (policy && sensitivity.get(policy)) ?? [...sensitivity.values()][0];
    const code: ExplanationCode = reason === "unreadable" ? "POLICY_NOT_ANALYSABLE" : (reason ?? "CONDITION_NOT_MODELLED");
    return { verdict: "unknown", block: { ...strict, code, explicit: false } };
  }

  /** The first block in one reading and one context world, or undefined when the request is allowed. */
  private decideIn(
    request: AccessRequest,
    policies: PolicySet,
    bound: "upper" | "lower",
    world: Record<string, string>,
  ): PolicyBlock | undefined {
    const json = (policy: PolicyOnPath | undefined, resourcePolicy: boolean) =>
      policy === undefined ? undefined : this.policyJson(policy.policy, request, bound, resourcePolicy);
    const identity = policies.identity.map((p) => json(p, false)!);
    const boundary = json(policies.boundary, false);
    const endpoint = json(policies.endpoint, true);
    const resource = json(policies.resource, true);
    const ask = (over: { identity: readonly PolicyJson[]; boundary?: PolicyJson; resource?: PolicyJson; otherAccount?: boolean }) =>
      simulate({
        principal: this.render(request.caller.session),
        action: request.action,
        resource: this.render(request.resource),
        resourceAccount: over.otherAccount ? OTHER_ACCOUNT : this.render(request.resourceAccount),
        context: this.context(request, world),
        identityPolicies: over.identity,
        permissionBoundary: over.boundary,
        resourcePolicy: over.resource,
      });
    const explicit = (holder: PolicyOnPath, code: ExplanationCode, result: (statement: PolicyJson) => SimulatorResult): PolicyBlock => {
      const doc = this.policyJson(
        holder.policy,
        request,
        bound,
        code !== "IDENTITY_POLICY_DENIES" && code !== "PERMISSIONS_BOUNDARY_DENIES",
      );
      const deciding = doc.Statement.find(
        (s) => s.Effect === "Deny" && result({ Version: doc.Version, Statement: [s] }) === "ExplicitlyDenied",
      );
      const sid = typeof deciding?.Sid === "string" ? deciding.Sid : deciding ? "(no sid)" : undefined;
      return { holder: holder.holder, code, explicit: true, sid };
    };
    const hasDeny = (doc: PolicyJson | undefined) => doc?.Statement.some((s) => s.Effect === "Deny") ?? false;
    // An endpoint policy whose statements all name Principal "*" filters like a permissions boundary,
    // as long as no resource-policy grant could bypass one: then one evaluation answers for both.
    if (
      endpoint &&
      !boundary &&
      endpoint.Statement.every((s) => s.Principal === "*" && s.NotPrincipal === undefined) &&
      !resource?.Statement.some((s) => s.Effect === "Allow") &&
      ask({ identity, boundary: endpoint, resource }) === "Allowed"
    )
      return undefined;
    const full = ask({ identity, boundary, resource });
    if (full === "Allowed") {
      // Nothing in the identity policies, the boundary or the resource policy denies: only the endpoint is left.
      const endpointResult = endpoint ? ask({ identity: [ALLOW_ALL], resource: endpoint, otherAccount: true }) : "Allowed";
      if (endpointResult === "Allowed") return undefined;
      if (endpointResult === "ExplicitlyDenied")
        return explicit(policies.endpoint!, "ENDPOINT_POLICY_DENIES", (s) =>
          ask({ identity: [ALLOW_ALL], resource: s, otherAccount: true }),
        );
      return { holder: policies.endpoint!.holder, code: "ENDPOINT_POLICY_DENIES", explicit: false };
    }

    // Explicit denies first, in path order: whichever policy denies decides. When only one policy
    // has Deny statements and the whole set denies explicitly, it is that one.
    const denying = [...identity, boundary, resource].filter((doc) => hasDeny(doc));
    const sole = full === "ExplicitlyDenied" && !hasDeny(endpoint) && denying.length === 1 ? denying[0] : undefined;
    for (const [index, doc] of identity.entries()) {
      if (hasDeny(doc) && (sole === doc || ask({ identity: [doc] }) === "ExplicitlyDenied"))
        return explicit(policies.identity[index]!, "IDENTITY_POLICY_DENIES", (s) => ask({ identity: [s] }));
    }
    const boundaryResult = !boundary ? "Allowed" : sole === boundary ? "ExplicitlyDenied" : ask({ identity: [ALLOW_ALL], boundary });
    if (boundaryResult === "ExplicitlyDenied")
      return explicit(policies.boundary!, "PERMISSIONS_BOUNDARY_DENIES", (s) => ask({ identity: [ALLOW_ALL], boundary: s }));
    const endpointResult = endpoint ? ask({ identity: [ALLOW_ALL], resource: endpoint, otherAccount: true }) : "Allowed";
    if (endpointResult === "ExplicitlyDenied")
      return explicit(policies.endpoint!, "ENDPOINT_POLICY_DENIES", (s) => ask({ identity: [ALLOW_ALL], resource: s, otherAccount: true }));
    if (resource && hasDeny(resource) && (sole === resource || ask({ identity: [ALLOW_ALL], resource }) === "ExplicitlyDenied"))
      return explicit(policies.resource!, policies.resourceCode, (s) => ask({ identity: [ALLOW_ALL], resource: s }));

    // Then what no policy allows.
    {
      // Across accounts, and for a KMS key, the resource side must let the caller's IAM policies decide:
      // ask the identity policies under a resource policy that does.
      const crossAccount = this.render(request.caller.account) !== this.render(request.resourceAccount);
      const identityAllows =
        ask({ identity, resource: policies.resourceMustAllow || crossAccount ? this.deferringToIdentity(request) : undefined }) ===
        "Allowed";
      if (identityAllows && boundaryResult !== "Allowed")
        return { holder: policies.boundary!.holder, code: "PERMISSIONS_BOUNDARY_DENIES", explicit: false };
      // Across accounts (and for a KMS key) the resource policy must allow as well.
      if (resource && (policies.resourceMustAllow || crossAccount) && identityAllows && boundaryResult === "Allowed")
        return { holder: policies.resource!.holder, code: policies.resourceCode, explicit: false };
      return { holder: policies.identity[0]?.holder ?? "the role", code: "IDENTITY_POLICY_DENIES", explicit: false };
    }
  }

  /**
   * A resource policy that grants the caller's account, as AWS's default key policy does for its
   * own: the caller's IAM policies then decide (within the account, and across accounts).
   */
  private deferringToIdentity(request: AccessRequest): PolicyJson {
    const root = concat(literal("arn:"), this.values.partition, literal(":iam::"), request.caller.account, literal(":root"));
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: this.render(root) }, Action: "*", Resource: "*" }] };
  }

  private context(request: AccessRequest, world: Record<string, string>): Record<string, string> {
    const context: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.context)) if (value !== null) context[key] = this.render(value);
    return { ...context, ...world };
  }

  /** A policy as JSON for one reading: sensitive statements relaxed or dropped, unreadable policies all-or-nothing. */
  private policyJson(policy: PolicyDocument, request: AccessRequest, bound: "upper" | "lower", resourcePolicy: boolean): PolicyJson {
    const principal = resourcePolicy ? { Principal: "*" } : {};
    if (policy.unreadable)
      return {
        Version: "2012-10-17",
        Statement: [{ Effect: bound === "upper" ? "Allow" : "Deny", ...principal, Action: "*", Resource: "*" }],
      };
    const statements: Record<string, unknown>[] = [];
    for (const statement of policy.statements) {
      const elements = this.elements(statement, request);
      // A gateway endpoint statement whose Principal provably misses the caller never applies (the
      // simulator would read an account principal as the whole account).
      if (this.gatewayStatements.has(statement) && elements.principal === false) continue;
      const sensitive = !Object.values(elements).some((e) => e === false) && Object.values(elements).some((e) => e === "unknown");
      if (!sensitive) {
        statements.push(this.statementJson(statement, () => false));
        continue;
      }
      // Upper reading: Allows as wide as their known parts allow, no sensitive Denies. Lower: the reverse.
      const widen = (statement.effect === "Allow") === (bound === "upper");
      if (widen) statements.push(this.statementJson(statement, (element) => elements[element] === "unknown"));
    }
    return { Version: "2012-10-17", Statement: statements };
  }

  private statementJson(statement: Statement, drop: (element: string) => boolean): Record<string, unknown> {
    const strings = (values: readonly string[]) => values.map((v) => this.render(this.values.resolve(v) ?? literal(v)));
    const json: Record<string, unknown> = { Effect: statement.effect };
    if (statement.sid) json.Sid = statement.sid;
    if (statement.actions) json.Action = [...statement.actions];
    if (statement.notActions) json.NotAction = [...statement.notActions];
    if (drop("resource")) json.Resource = "*";
    else {
      if (statement.resources) json.Resource = strings(statement.resources);
      if (statement.notResources) json.NotResource = strings(statement.notResources);
    }
    const principals = (list: readonly Principal[]) => {
      if (list.some((p) => p.type === "*")) return "*";
      const byType: Record<string, string[]> = Object.create(null);
      for (const p of list) byType[p.type] = [...(byType[p.type] ?? []), ...strings(p.identifiers)];
      return byType;
    };
    if (drop("principal")) {
      if (statement.principals || statement.notPrincipals) json.Principal = "*";
    } else {
      if (statement.principals) json.Principal = principals(statement.principals);
      if (statement.notPrincipals) json.NotPrincipal = principals(statement.notPrincipals);
    }
    const conditions: Record<string, Record<string, string[]>> = Object.create(null);
    statement.conditions.forEach((condition, index) => {
      if (drop(`condition${index}`)) return;
      conditions[condition.test] = { ...conditions[condition.test], [condition.variable]: strings(condition.values) };
    });
    if (Object.keys(conditions).length > 0) json.Condition = conditions;
    return json;
  }

  /** Why a statement's match depends on what is unknown, if it does. */
  private statementReason(statement: Statement, request: AccessRequest): Reason | undefined {
    const elements = this.elements(statement, request);
    if (Object.values(elements).some((e) => e === false)) return undefined;
    const unknown = Object.entries(elements).find(([, e]) => e === "unknown");
    if (!unknown) return undefined;
    if (unknown[0] === "principal" && this.gatewayStatements.has(statement)) return "POLICY_NOT_ANALYSABLE";
    const index = unknown[0].startsWith("condition") ? Number(unknown[0].slice("condition".length)) : -1;
    const condition = statement.conditions[index];
    return condition && !Object.hasOwn(request.context, condition.variable.toLowerCase())
      ? "CONDITION_NOT_MODELLED"
      : "REFERENCE_NOT_RESOLVED";
  }

  /** Each element of a statement against the request: matches, does not, depends on a hole, or is decided by the simulator alone. */
  private elements(statement: Statement, request: AccessRequest): Record<string, Element> {
    const cached = this.elementCache.get(statement);
    if (cached) return cached;
    const computed = this.computeElements(statement, request);
    this.elementCache.set(statement, computed);
    return computed;
  }

  private computeElements(statement: Statement, request: AccessRequest): Record<string, Element> {
    const resolve = (v: string) => this.values.resolve(v) ?? literal(v);
    const elements: Record<string, Element> = {};
    const action = (patterns: readonly string[]) => patterns.some((p) => globMatches(p, request.action));
    elements.action = statement.actions ? action(statement.actions) : !action(statement.notActions ?? []);
    const resource = (patterns: readonly string[]) => or3(patterns.map((p) => matches3(resolve(p), request.resource, { wildcards: true })));
    if (statement.resources) elements.resource = resource(statement.resources);
    else if (statement.notResources) elements.resource = not3(resource(statement.notResources));
    const caller = request.caller;
    const root = concat(literal("arn:"), this.values.partition, literal(":iam::"), caller.account, literal(":root"));
    const principal = (list: readonly Principal[]) =>
      or3(
        list.map((p) => {
          if (p.type === "*" || p.identifiers.includes("*")) return true;
          if (p.type !== "AWS") return false;
          return or3(
            p.identifiers.map((id) =>
              or3([caller.account, root, caller.arn, caller.session].map((c) => matches3(resolve(id), c, { wildcards: false }))),
            ),
          );
        }),
      );
    if (this.gatewayStatements.has(statement)) elements.principal = this.gatewayPrincipal(statement, request, resolve);
    else if (statement.principals) elements.principal = principal(statement.principals);
    else if (statement.notPrincipals) elements.principal = not3(principal(statement.notPrincipals));
    let conditions = this.conditionCache.get(request.context);
    if (!conditions) {
      conditions = new Map();
      this.conditionCache.set(request.context, conditions);
    }
    for (const [index, condition] of statement.conditions.entries()) {
      let element = conditions.get(condition);
      if (element === undefined) {
        element = this.condition(condition, request, resolve);
        conditions.set(condition, element);
      }
      elements[`condition${index}`] = element;
    }
    return elements;
  }

  /**
   * The Principal element of a gateway endpoint's policy. AWS PrivateLink Guide, "Principals for
   * gateway endpoints": grant a principal with the aws:PrincipalArn condition key; `"AWS":
   * "<account>"` or `arn:aws:iam::<account>:root` grant the account's root user only, not its
   * users and roles. How other ARNs match there is not documented: unknown unless they provably
   * name someone else.
   */
  private gatewayPrincipal(statement: Statement, request: AccessRequest, resolve: (v: string) => SymbolicValue): Element {
    if (statement.notPrincipals) return "unknown";
    const caller = request.caller;
    return or3(
      (statement.principals ?? []).map((p) => {
        if (p.type === "*" || p.identifiers.includes("*")) return true;
        if (p.type !== "AWS") return false;
        return or3(
          p.identifiers.map((id): Tristate => {
            if (/^(\d{12}|arn:[^:]+:iam::\d{12}:root)$/.test(id)) return false;
            const named = or3([caller.arn, caller.session].map((c) => matches3(resolve(id), c, { wildcards: false })));
            return named === false ? false : "unknown";
          }),
        );
      }),
    );
  }

  private condition(condition: Condition, request: AccessRequest, resolve: (v: string) => SymbolicValue): Element {
    const key = condition.variable.toLowerCase();
    const values = condition.values.map(resolve);
    if (values.some((v) => v.some((part) => "hole" in part && part.hole.startsWith("policy variable")))) return "unknown";
    // Keys are policy text: read own properties only (`constructor` is no context key).
    if (request.alternatives && Object.hasOwn(request.alternatives, key)) return "fixed";
    if (!Object.hasOwn(request.context, key)) return "unknown";
    const value = request.context[key];
    if (value === null || value === undefined) return "fixed";
    const operator = condition.test.replace(/^For(Any|All)Values:/, "").replace(/IfExists$/, "");
    const family = /^(String|Arn)/.exec(operator)?.[1];
    const holes = value.some((part) => "hole" in part) || values.some((v) => v.some((part) => "hole" in part));
    if (!family) return holes ? "unknown" : "fixed";
    const wildcards = /Like$/.test(operator) || family === "Arn";
    const ignoreCase = /IgnoreCase$/.test(operator);
    const any = or3(values.map((pattern) => matches3(pattern, value, { wildcards, ignoreCase })));
    return /Not/.test(operator) ? not3(any) : any;
  }
}

/** IAM action matching: `*` and `?`, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern, action);
}

function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(value);
}

/** Every combination of the alternative context values (one empty world when there are none). */
function contextWorlds(alternatives: Readonly<Record<string, readonly string[]>>): Record<string, string>[] {
  let worlds: Record<string, string>[] = [{}];
  for (const [key, options] of Object.entries(alternatives)) worlds = worlds.flatMap((w) => options.map((o) => ({ ...w, [key]: o })));
  return worlds;
}
