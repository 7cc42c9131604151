/**
 * The one list of what the rehearsal changes in the synthesized lab because the emulator cannot
 * serve it. Each entry is as narrow as the limit it works around, applies to the rehearsal target
 * only (the real synth is never changed), and is printed by every rehearsal. Everything not listed
 * here is applied, re-planned and destroyed as synthesized.
 */

/** Terraform JSON as the rehearsal edits it (the parts it touches). */
export interface RehearsalJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
  import?: { to: string; id: string }[];
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
}

/** One emulator limit and how the rehearsal target works around it. */
export interface EmulatorAdaptation {
  /** Short, stable name (docs/rehearsal.md and tests refer to it). */
  readonly key: string;
  /** `left-out`: not rehearsed at all; `adapted`: rehearsed with the change described. */
  readonly kind: "left-out" | "adapted";
  /** The emulator's limit, as observed with moto 5.2.1 and the AWS provider 5.100.0. */
  readonly reason: string;
  /**
   * Changes `json` in place; returns what was changed ("3 aws_cloudwatch_query_definition"), or
   * undefined when the lab has nothing this adaptation applies to.
   */
  readonly adapt: (json: RehearsalJson) => string | undefined;
}

/** What one adaptation did to one lab, for the report. */
export interface AppliedAdaptation {
  readonly key: string;
  readonly kind: EmulatorAdaptation["kind"];
  readonly what: string;
  readonly reason: string;
}

/** The root volume size AWS would take from the Amazon Linux 2023 AMI's snapshot (GiB). */
export const REHEARSAL_ROOT_VOLUME_GIB = 8;

/** The emulator adaptations, in the order they are applied and reported (see the top of this file). */
export const EMULATOR_ADAPTATIONS: readonly EmulatorAdaptation[] = [
  {
    key: "query-definitions",
    kind: "left-out",
    reason: "the emulator has no PutQueryDefinition (HTTP 500 NotImplemented)",
    adapt: (json) => leaveOut(json, "aws_cloudwatch_query_definition"),
  },
  {
    key: "import-blocks",
    kind: "left-out",
    reason:
      "the resources they adopt exist in your AWS account, not in a fresh emulator, so the rehearsal creates them instead (rehearsing an import needs the resource made in the emulator first, e.g. with emulator.boto3)",
    adapt: (json) => {
      const count = json.import?.length ?? 0;
      if (count === 0) return undefined;
      delete json.import;
      return `${count} import blocks`;
    },
  },
  {
    key: "root-volume-size",
    kind: "adapted",
    reason: `the emulator's RunInstances refuses an EBS root device without a size ("MissingParameter: The request must contain the parameter size or snapshotId"); AWS takes the size from the AMI's snapshot, ${REHEARSAL_ROOT_VOLUME_GIB} GiB for Amazon Linux 2023, which the rehearsal writes out`,
    adapt: (json) => {
      const changed = Object.values(json.resource?.aws_instance ?? {}).filter((instance) => {
        const root = instance.root_block_device as Record<string, unknown> | undefined;
        if (!root || root.volume_size !== undefined || root.snapshot_id !== undefined) return false;
        root.volume_size = REHEARSAL_ROOT_VOLUME_GIB;
        return true;
      }).length;
      return changed === 0 ? undefined : `${changed} aws_instance root_block_device.volume_size = ${REHEARSAL_ROOT_VOLUME_GIB}`;
    },
  },
  {
    key: "prefix-list-rule-description",
    kind: "adapted",
    reason:
      "the emulator does not read back the description of a security group rule whose source is a prefix list (AWS does), so every re-plan would add it again; the rule is still created with its description, and only that attribute's read-back is ignored",
    adapt: (json) => {
      const changed = ignoreRuleDescriptions(json, "prefix_list_id");
      return changed === 0 ? undefined : `${changed} security group rules from a prefix list: lifecycle.ignore_changes = [description]`;
    },
  },
  {
    key: "instance-connect-endpoints",
    kind: "left-out",
    reason:
      'the emulator has no EC2 Instance Connect Endpoint API (CreateInstanceConnectEndpoint answers HTTP 500); the endpoint\'s security group and the SSH rules between it and the instance are still rehearsed ("instanceConnect": "endpoint")',
    adapt: (json) => leaveOut(json, "aws_ec2_instance_connect_endpoint"),
  },
  {
    key: "security-group-reference-rule-description",
    kind: "adapted",
    reason:
      "the emulator does not read back the description of a security group rule whose source or destination is another security group (AWS does), so every re-plan would add it again; the rule is still created with its description, and only that attribute's read-back is ignored",
    adapt: (json) => {
      const changed = ignoreRuleDescriptions(json, "referenced_security_group_id");
      return changed === 0
        ? undefined
        : `${changed} security group rules from or to a security group: lifecycle.ignore_changes = [description]`;
    },
  },
  {
    key: "bucket-policy-object-denies",
    kind: "adapted",
    reason:
      "the emulator applies every Deny statement of a bucket policy to object requests regardless of its conditions and principal (checked: a Deny whose condition is false, or whose principal is another role, still gets 403), so the lab's endpoint-only and TLS-only denies would lock Terraform out of its own test object (HeadObject 403: refresh and destroy fail); the policy is still applied and re-planned, with its Deny statements covering the bucket only, not its objects",
    adapt: (json) => {
      const documents = new Set<string>();
      for (const policy of Object.values(json.resource?.aws_s3_bucket_policy ?? {})) {
        const match =
          typeof policy.policy === "string" ? /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(policy.policy) : null;
        if (!match) throw new Error(`cannot adapt a bucket policy that is not an aws_iam_policy_document: ${String(policy.policy)}`);
        documents.add(match[1]!);
      }
      let narrowed = 0;
      for (const name of documents) {
        const document = json.data?.aws_iam_policy_document?.[name];
        const statements = (document?.statement ?? []) as { effect?: string; resources?: string[] }[];
        for (const statement of statements) {
          if (statement.effect !== "Deny" || !statement.resources) continue;
          const bucketOnly = statement.resources.filter((resource) => !resource.endsWith("/*"));
          if (bucketOnly.length === statement.resources.length) continue;
          if (bucketOnly.length === 0)
            throw new Error(`cannot adapt data.aws_iam_policy_document.${name}: a Deny statement covers objects only`);
          statement.resources = bucketOnly;
          narrowed++;
        }
      }
      return narrowed === 0 ? undefined : `${narrowed} Deny statements of the bucket policy cover the bucket, not its objects`;
    },
  },
];

/** Something the leftover check after destroy does not look for, because the emulator keeps it where AWS does not. */
export interface LeftoverCheckLimit {
  readonly what: string;
  readonly reason: string;
}

/** What the leftover check after destroy leaves out, each with its reason; printed by every rehearsal. */
export const LEFTOVER_CHECK_LIMITS: readonly LeftoverCheckLimit[] = [
  {
    what: "the instances' primary network interfaces",
    reason:
      'the emulator launches them with DeleteOnTermination false and keeps them "in-use" after the instance terminates (AWS deletes them with the instance); they are no Terraform resource of the lab',
  },
];

/** Applies every adaptation to `json` in place; returns the ones that changed something. */
export function adaptForEmulator(json: RehearsalJson): AppliedAdaptation[] {
  return EMULATOR_ADAPTATIONS.flatMap((adaptation) => {
    const what = adaptation.adapt(json);
    return what === undefined ? [] : [{ key: adaptation.key, kind: adaptation.kind, what, reason: adaptation.reason }];
  });
}

/** One report line: "not rehearsed: 3 aws_cloudwatch_query_definition, the emulator has no PutQueryDefinition". */
export function describeAdaptation(applied: AppliedAdaptation): string {
  return `${applied.kind === "left-out" ? "not rehearsed" : "adapted"}: ${applied.what}, ${applied.reason}`;
}

/**
 * Leaves every resource of `type` out of the rehearsal; nothing may refer to it, or Terraform
 * would fail on the reference instead. Returns what was left out, or undefined for none.
 */
function leaveOut(json: RehearsalJson, type: string): string | undefined {
  const count = Object.keys(json.resource?.[type] ?? {}).length;
  if (count === 0) return undefined;
  delete json.resource![type];
  const reference = JSON.stringify(json).match(new RegExp(`\\$\\{[^}]*\\b${type}\\.[^}]*\\}`));
  if (reference) throw new Error(`cannot leave ${type} out of the rehearsal: ${reference[0]} refers to it`);
  return `${count} ${type}`;
}

/**
 * Ignores the read-back of `description` on the security group rules whose source is `source`
 * (the rule is still created with it). Returns how many rules changed.
 */
function ignoreRuleDescriptions(json: RehearsalJson, source: "prefix_list_id" | "referenced_security_group_id"): number {
  let changed = 0;
  for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
    for (const rule of Object.values(json.resource?.[type] ?? {})) {
      if (rule[source] === undefined || rule.description === undefined) continue;
      const lifecycle = (rule.lifecycle ?? {}) as { ignore_changes?: string[] | "all" };
      if (lifecycle.ignore_changes === "all" || lifecycle.ignore_changes?.includes("description")) continue;
      rule.lifecycle = { ...lifecycle, ignore_changes: [...(lifecycle.ignore_changes ?? []), "description"] };
      changed++;
    }
  }
  return changed;
}
