/**
 * The resolved lab: the one interpretation of a validated configuration, built by `resolveLab`
 * (src/config/resolve-lab.ts) right after validation. The stack and its constructs, the intent,
 * the rehearsal and the synth read this and never the raw configuration: every selection is
 * expanded to names, every VPC knows its (region, account) context with the offline values merged
 * for that context, its peers and its placement, and every principal the bucket policy names is
 * worked out once.
 *
 * Everything is read-only. Collections keyed by names a user chose are `ReadonlyMap`s (or, for
 * tags, objects without a prototype), so that a VPC, account or tag named `constructor`,
 * `toString` or `__proto__` is an ordinary key.
 */
import type { StateLocation } from "../config/backend";
import type { Architecture } from "../config/instance-architecture";
import type { BackendConfig, Expectation, FlowLogsConfig, InstanceConnectMode, S3Config, VpcImportConfig } from "../config/schema";

/** Values that stand in for AWS lookups in offline mode, for one (region, account) context. */
export interface ContextOfflineValues {
  /** The account id (another account's comes from its role ARN). */
  readonly accountId: string;
  /** The EC2 Instance Connect managed prefix list of the context's region. */
  readonly instanceConnectPrefixListId: string;
  /** Amazon Linux 2023 AMI ids of the context's region, per architecture. */
  readonly amiIds: Readonly<Record<Architecture, string>>;
}

/** Another AWS account VPCs live in (`accounts.<name>`). */
export interface LabAccount {
  /** The name in `accounts`: it names provider aliases. */
  readonly name: string;
  /** The role Terraform assumes in the account. */
  readonly roleArn: string;
  /** The account id, read from the role ARN. */
  readonly accountId: string;
}

/**
 * A (region, account) the lab's resources live in: the lab's own (the unaliased provider), or
 * another one with a provider alias `<region>`, `<account>` or `<account>_<region>`.
 */
export interface LabContext {
  /** The provider alias; undefined for the lab's own context. */
  readonly alias: string | undefined;
  readonly region: string;
  /** Another account; undefined for the account Terraform runs in. */
  readonly account: LabAccount | undefined;
  /** The account id when known at synth: another account's, or the offline value. Undefined: looked up. */
  readonly accountId: string | undefined;
  /** Offline values merged for this context (per-region values over the lab's); null online. */
  readonly offline: ContextOfflineValues | null;
}

/** Where a VPC's public subnet lies. */
export type ZonePlacement =
  /** Configured (`availabilityZone`), or `<region>a` (no instance, or offline). */
  | { readonly source: "configured" | "default"; readonly zone: string }
  /** The first zone that offers the instance type, looked up at plan time (online, instance, no zone configured). */
  | { readonly source: "lookup"; readonly instanceType: string };

/** Which AMI an instance launches. */
export type AmiPlacement =
  /** Configured (`instance.amiId`): a change replaces the instance. */
  | { readonly source: "configured"; readonly amiId: string }
  /** The context's offline value for the architecture (offline mode). */
  | { readonly source: "offline"; readonly amiId: string; readonly architecture: Architecture }
  /** The latest Amazon Linux 2023 of the architecture, from AWS's public SSM parameter. */
  | { readonly source: "latest"; readonly architecture: Architecture };

/** A VPC's instance. */
export interface LabInstanceModel {
  readonly type: string;
  readonly architecture: Architecture;
  readonly ami: AmiPlacement;
}

/** A VPC of the lab, resolved. */
export interface LabVpcModel {
  /** The configured name: it names every Terraform address of the VPC. */
  readonly name: string;
  /** The first name (`previousNames[0]`, else `name`): AWS-side names derive from it. */
  readonly physicalName: string;
  /** Earlier names, the first being the one its resources were created with. */
  readonly previousNames: readonly string[];
  readonly cidr: string;
  readonly publicSubnetCidr: string;
  /** The (region, account) the VPC lives in. */
  readonly context: LabContext;
  /** Where the public subnet lies. */
  readonly zone: ZonePlacement;
  /** The instance, or null for none. */
  readonly instance: LabInstanceModel | null;
  /** Peered VPCs by name, in peering order. */
  readonly peers: readonly string[];
  /** Hand-built resources to adopt. */
  readonly import: VpcImportConfig | undefined;
}

/** A peering, by VPC names. */
export interface LabPeeringModel {
  readonly requester: string;
  readonly accepter: string;
  /** `<requester>_<accepter>`: the construct ID and the Terraform name. */
  readonly key: string;
  /** A hand-built peering connection to adopt. */
  readonly import: string | undefined;
}

/** How EC2 Instance Connect reaches the instances. */
export interface LabInstanceConnect {
  readonly mode: InstanceConnectMode;
  /** Extra SSH sources (`"public-ip"` mode). */
  readonly sshCidrs: readonly string[];
}

/** Flow logs (chapter 2). */
export interface LabFlowLogs {
  /** VPCs with a flow log, by name (the selection expanded). */
  readonly vpcs: readonly string[];
  readonly trafficType: FlowLogsConfig["trafficType"];
  readonly retentionDays: number;
  readonly maxAggregationInterval: number;
  readonly logFormat: string | undefined;
}

/**
 * The identity that runs Terraform, which the bucket policy exempts: a literal role ARN offline
 * (`offlineValues.terraformPrincipalArn`, else `arn:aws:iam::<account>:role/terraform`), or
 * looked up online (the session context's issuer).
 */
export type TerraformPrincipal = { readonly source: "offline"; readonly arn: string } | { readonly source: "session" };

/** The lab bucket and its endpoints (chapters 3 and 4). */
export interface LabBucketModel {
  /** The bucket's region: the lab's own context. */
  readonly context: LabContext;
  readonly bucketName: string | undefined;
  /** An existing bucket to adopt, by name. */
  readonly importBucket: string | undefined;
  readonly forceDestroy: boolean;
  readonly testObject: boolean;
  /** VPCs with an S3 gateway endpoint, by name (the selection expanded). */
  readonly endpointVpcs: readonly string[];
  readonly endpointPolicy: S3Config["endpointPolicy"];
  /** Who keeps access from outside the endpoints. */
  readonly principals: {
    readonly terraform: TerraformPrincipal;
    /** `s3.adminPrincipalArns`, sorted. */
    readonly admins: readonly string[];
    /**
     * VPCs of other accounts whose instance role the bucket policy grants the lab's actions
     * (each has an instance and an endpoint).
     */
    readonly otherAccountInstanceRoles: readonly string[];
  };
}

/** One stack of the lab, resolved: the only input of `LabStack`, the intent and the rehearsal. */
export interface LabModel {
  /** The stack name. */
  readonly name: string;
  /** The name AWS-side names and the default state location derive from. */
  readonly physicalName: string;
  /** The environment this stack is, when the configuration has `environments`. */
  readonly environment: string | undefined;
  readonly offline: boolean;
  /** Provider default tags beside Project and ManagedBy, sorted by key (an object without a prototype). */
  readonly tags: Readonly<Record<string, string>>;
  /** The backend as configured, and where the state lives. */
  readonly backend: BackendConfig;
  readonly stateLocation: StateLocation;
  /** The lab's own context: the unaliased provider, the bucket, the flow logs' role. */
  readonly home: LabContext;
  /** The other contexts, by alias, in the order the VPCs first need them. */
  readonly contexts: ReadonlyMap<string, LabContext>;
  /** The VPCs by name, in canonical order (by physical name). */
  readonly vpcs: ReadonlyMap<string, LabVpcModel>;
  readonly peerings: readonly LabPeeringModel[];
  readonly instanceConnect: LabInstanceConnect;
  readonly flowLogs: LabFlowLogs | null;
  readonly bucket: LabBucketModel | null;
  /** `expect`: expectations that add to or override the derived ones. */
  readonly expectations: readonly Expectation[];
  /** Unknown verdicts fail the check. */
  readonly strict: boolean;
  /**
   * The lab as named in each earlier generation of VPC names (generation 0: the first names), for
   * the `moved` blocks; empty when no VPC was renamed. Each has no generations of its own.
   */
  readonly generations: readonly LabModel[];
}
