import { TERRAFORM_PRINCIPAL_REFERENCE } from "../../model/lab-contract";
import type { BucketTarget } from "../bucket-target";
import type { Finding } from "../finding";
import type { AccessRequest, Caller, IamEvaluator, PolicyOnPath } from "../iam-evaluation";
import { actionMatches } from "../iam-evaluation";
import type { NetworkModel } from "../network-model";
import type { FindingCode, FindingRule } from "../rule";
import { findingOf } from "../rule";
import type { SymbolicValue } from "../symbolic-value";
import { concat, hole, knownText, literal } from "../symbolic-value";
import { parseReference } from "../terraform-json";

/** A Deny in the bucket policy can hit the identity that runs Terraform, or a configured admin. */
const LOCKOUT_RISK: FindingCode = {
  code: "LOCKOUT_RISK",
  kind: "error",
  source: "ours",
  text: "A bucket policy Deny applies to the identity that runs Terraform or to a configured admin, on an ordinary TLS request from outside the endpoints.",
  explanation:
    "The console, CloudShell and a laptop do not go through a VPC endpoint. Once such a policy is on, the next plan cannot read the bucket and only the account's root user can delete the policy (the lab's fifth incident).",
  fix: "Exempt them with an ArnNotEquals aws:PrincipalArn condition.",
};

/** The endpoint-only Deny exempts the Terraform identity alone. */
const LOCKOUT_SOLE_EXEMPTION: FindingCode = {
  code: "LOCKOUT_SOLE_EXEMPTION",
  kind: "warning",
  source: "ours",
  text: "Only the identity that runs Terraform is exempt from a bucket policy Deny (s3.adminPrincipalArns is empty).",
  explanation: "The next teammate, CI role or console user who plans, applies or browses the bucket from outside the endpoints is denied.",
  fix: "List their role ARNs (or the account's :root) in s3.adminPrincipalArns before they need it.",
};

/** The lockout rule: bucket (and bucket key) policy Denies that can hit the identities that operate the bucket. */
export const BUCKET_POLICY_LOCKOUT: FindingRule = {
  type: "finding",
  id: "bucket-policy-lockout",
  codes: [LOCKOUT_RISK, LOCKOUT_SOLE_EXEMPTION],
  check: ({ reading, intent, iam }) =>
    reading.bucket && intent.bucketOperators ? lockoutFindings(reading.network, iam, reading.bucket, intent.bucketOperators) : [],
};

/**
 * A principal as a finding names it: a literal ARN as written; the session context's issuer (the
 * online default) and other references in words, never as a raw `${...}` token.
 */
function principalInWords(arn: string): string {
  if (arn === TERRAFORM_PRINCIPAL_REFERENCE) return "the Terraform caller's role, its session's issuer";
  const ref = parseReference(arn);
  if (ref) return `the ${ref.attribute} of ${ref.address}`;
  return arn.includes("${") ? "a principal given by an expression" : arn;
}

/** Who must keep access to the bucket from outside the endpoints. */
export interface BucketOperators {
  /** The role (not session) ARN that runs Terraform: a literal, or `${data.aws_iam_session_context.terraform.issuer_arn}`. */
  readonly terraformPrincipalArn?: string;
  /** Configured admins (`s3.adminPrincipalArns`). */
  readonly adminPrincipalArns: readonly string[];
}

/** What Terraform and the console do with a bucket: read and change its policy, list it, read its objects. */
const OPERATOR_REQUESTS = [
  { action: "s3:GetBucketPolicy", object: false, policy: true },
  { action: "s3:PutBucketPolicy", object: false, policy: true },
  { action: "s3:DeleteBucketPolicy", object: false, policy: true },
  { action: "s3:ListBucket", object: false, policy: false },
  { action: "s3:GetObject", object: true, policy: false },
] as const;

const ALLOW_ALL: PolicyOnPath = {
  holder: "an identity policy that allows everything",
  policy: { address: "allow-all", statements: [{ effect: "Allow", actions: ["*"], resources: ["*"], conditions: [] }] },
};

interface Operator {
  readonly caller: Caller;
  /** `aws:PrincipalType`. */
  readonly type: string;
  readonly root: boolean;
}

function operatorOf(model: NetworkModel, arnText: string): Operator {
  const arn = model.values.resolve(arnText)!;
  const text = knownText(arn);
  const parsed = text ? /^arn:([^:]+):iam::(\d{12}):(role|user|root)(?:\/(?:.*\/)?([^/]+))?$/.exec(text) : null;
  const account: SymbolicValue = parsed ? literal(parsed[2]!) : model.values.account;
  if (parsed?.[3] === "role") {
    // The console and CloudShell act as a session of the role; aws:PrincipalArn is still the role's ARN.
    const session = literal(`arn:${parsed[1]}:sts::${parsed[2]}:assumed-role/${parsed[4]}/console`);
    return { caller: { arn, session, account }, type: "AssumedRole", root: false };
  }
  if (parsed)
    return { caller: { arn, session: arn, account }, type: parsed[3] === "root" ? "Account" : "User", root: parsed[3] === "root" };
  return { caller: { arn, session: hole(`the session of ${arnText}`, true), account }, type: "AssumedRole", root: false };
}

/**
 * The lockout rule: a Deny of the bucket policy that can apply to the principal running Terraform
 * or to a configured admin on an ordinary TLS request from outside the endpoints (no
 * `aws:SourceVpce`, an unknown source address) is an error; a Deny that only the Terraform
 * identity escapes is a warning when no admin is configured. `DenyInsecureTransport` alone never
 * applies (the request uses TLS). The root user keeps the bucket-policy actions, as S3 allows.
 */
function lockoutFindings(model: NetworkModel, iam: IamEvaluator, bucket: BucketTarget, operators: BucketOperators): Finding[] {
  const findings = [...keyPolicyLockouts(model, iam, bucket, operators)];
  const policy = bucket.policy;
  if (!policy || policy.policy.unreadable) return findings;
  // Requests that every Deny statement treats alike (same object or bucket, same action match) get
  // the same answer: one evaluation per kind.
  const denies = policy.policy.statements.filter((statement) => statement.effect === "Deny");
  const kindOf = (action: string, object: boolean) =>
    `${object}:${denies
      .map((d) =>
        d.actions ? d.actions.some((a) => actionMatches(a, action)) : !(d.notActions ?? []).some((a) => actionMatches(a, action)),
      )
      .join()}`;
  const denyingStatements = ({ caller, type, root }: Operator): Set<string> => {
    const denied = new Set<string>();
    const asked = new Set<string>();
    for (const { action, object, policy: policyAction } of OPERATOR_REQUESTS) {
      if (root && policyAction) continue;
      const kind = kindOf(action, object);
      if (asked.has(kind)) continue;
      asked.add(kind);
      const request: AccessRequest = {
        caller,
        action,
        resource: object ? concat(bucket.arn, literal("/terraform-managed-object")) : bucket.arn,
        // Asked as if the operator were in the bucket's account: a lockout is a Deny that applies to
        // them. Across accounts the bucket policy would also have to allow them, which is no access
        // rather than a lockout, and online the bucket's account is unknown, so every admin of a
        // named account would look denied.
        resourceAccount: caller.account,
        context: {
          "aws:securetransport": literal("true"),
          "aws:sourcevpce": null,
          "aws:sourcevpc": null,
          "aws:vpcsourceip": null,
          "aws:sourceip": hole("a laptop's address"),
          "aws:principalarn": caller.arn,
          "aws:principalaccount": caller.account,
          "aws:resourceaccount": caller.account,
          "aws:principaltype": literal(type),
          "aws:viaawsservice": literal("false"),
          "aws:principalisawsservice": literal("false"),
        },
        // The console and the CLI speak TLS 1.2 or 1.3 to S3.
        alternatives: { "s3:tlsversion": ["1.2", "1.3"] },
      };
      const decision = iam.decide(request, { identity: [ALLOW_ALL], resource: policy, resourceCode: "BUCKET_POLICY_DENIES" });
      if (decision.verdict !== "reachable" && decision.block.holder === policy.holder) {
        // One denying statement per identity is enough to name the risk and its fix.
        denied.add(decision.block.sid ?? "(no sid)");
        break;
      }
    }
    return denied;
  };
  const operatorArns = [
    ...(operators.terraformPrincipalArn ? [{ arn: operators.terraformPrincipalArn, who: "the identity that runs Terraform" }] : []),
    ...operators.adminPrincipalArns.map((arn) => ({ arn, who: "the configured admin" })),
  ];
  for (const { arn, who } of operatorArns) {
    for (const sid of denyingStatements(operatorOf(model, arn)))
      findings.push(
        findingOf(
          LOCKOUT_RISK,
          policy.holder,
          `Bucket policy statement ${sid} (${policy.policy.address}) can deny ${who} (${principalInWords(arn)}) on an ordinary TLS request from outside the lab's endpoints (the console, CloudShell, a laptop): after apply the next plan cannot read the bucket, and only the account's root user can delete the policy. Fix: exempt it in that statement, e.g. a condition ArnNotEquals aws:PrincipalArn listing ${principalInWords(arn)} (the lab's bucket policy does this for the Terraform identity and s3.adminPrincipalArns).`,
        ),
      );
  }
  if (
    !findings.some((f) => f.component === policy.holder) &&
    operators.adminPrincipalArns.length === 0 &&
    operators.terraformPrincipalArn
  ) {
    const { partition } = model.values;
    const account = bucket.account;
    const name = hole("a teammate's role name");
    const teammate: Operator = {
      caller: {
        arn: concat(literal("arn:"), partition, literal(":iam::"), account, literal(":role/"), name),
        session: concat(literal("arn:"), partition, literal(":sts::"), account, literal(":assumed-role/"), name, literal("/console")),
        account,
      },
      type: "AssumedRole",
      root: false,
    };
    for (const sid of denyingStatements(teammate))
      findings.push(
        findingOf(
          LOCKOUT_SOLE_EXEMPTION,
          policy.holder,
          `Only the identity that runs Terraform (${principalInWords(operators.terraformPrincipalArn)}) is exempt from bucket policy statement ${sid}: the next teammate, CI role or console user who plans, applies or browses the bucket from outside the endpoints will be denied. List their role ARNs (or arn:aws:iam::<account>:root) in s3.adminPrincipalArns.`,
        ),
      );
  }
  return findings;
}

/** What Terraform and an admin do with the bucket's customer key: read it, change its policy, use it. */
const KEY_ACTIONS = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:Decrypt"] as const;

/** The same rule for the bucket's customer KMS key: a Deny in its key policy that can hit an operator. */
function keyPolicyLockouts(model: NetworkModel, iam: IamEvaluator, bucket: BucketTarget, operators: BucketOperators): Finding[] {
  const key = bucket.key;
  if (!key?.policy || key.policy.policy.unreadable) return [];
  const keyPolicy = key.policy;
  const operatorArns = [...(operators.terraformPrincipalArn ? [operators.terraformPrincipalArn] : []), ...operators.adminPrincipalArns];
  return operatorArns.flatMap((arn) => {
    const { caller, type } = operatorOf(model, arn);
    for (const action of KEY_ACTIONS) {
      const request: AccessRequest = {
        caller,
        action,
        resource: key.arn,
        resourceAccount: key.account,
        context: {
          "aws:securetransport": literal("true"),
          "aws:sourcevpce": null,
          "aws:sourcevpc": null,
          "aws:sourceip": hole("a laptop's address"),
          "aws:principalarn": caller.arn,
          "aws:principalaccount": caller.account,
          "aws:resourceaccount": key.account,
          "aws:principaltype": literal(type),
          "aws:viaawsservice": literal("false"),
          "kms:calleraccount": caller.account,
        },
      };
      // Only a Deny counts here; a key policy that does not allow is the path's concern.
      const decision = iam.decide(request, { identity: [ALLOW_ALL], resource: keyPolicy, resourceCode: "KMS_KEY_POLICY_DENIES" });
      if (decision.verdict !== "reachable" && decision.block.holder === keyPolicy.holder && decision.block.sid !== undefined)
        return [
          findingOf(
            LOCKOUT_RISK,
            keyPolicy.holder,
            `Key policy statement ${decision.block.sid} of ${key.address} can deny ${action} to ${principalInWords(arn)} on an ordinary request from outside the lab's endpoints: the bucket's objects (and the key) become unusable for it. Fix: exempt it in that statement (ArnNotEquals aws:PrincipalArn).`,
          ),
        ];
    }
    return [];
  });
}
