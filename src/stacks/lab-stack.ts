import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { LabConfig } from "../config";
import { resolveLab } from "../config/resolve-lab";
import { InstanceConnectEndpoint } from "../constructs/instance-connect-endpoint";
import { InstanceS3Role } from "../constructs/instance-s3-role";
import { LabBucket } from "../constructs/lab-bucket";
import { LabEnvironment } from "../constructs/lab-environment";
import { LabInstance } from "../constructs/lab-instance";
import type { InstanceOutput } from "../constructs/lab-outputs";
import { LabOutputs } from "../constructs/lab-outputs";
import { LabVpc } from "../constructs/lab-vpc";
import { acceptAnyChildName, NameScope } from "../constructs/name-scope";
import { S3GatewayEndpoint } from "../constructs/s3-gateway-endpoint";
import { VpcFlowLogs } from "../constructs/vpc-flow-logs";
import { StateMoves } from "../constructs/state-moves";
import { VpcPeering } from "../constructs/vpc-peering";
import type { LabBucketModel, LabContext, LabModel, LabVpcModel } from "../model/lab-model";
import { addLabBackend } from "./lab-backend";
import { renameMoves } from "./rename-moves";

/** Properties of {@link LabStack}. */
export interface LabStackProps {
  /** The resolved lab (`resolveLab`, `loadLabs`). Give this or `config`. */
  readonly lab?: LabModel;
  /** A validated configuration, resolved here with `resolveLab`. Ignored when `lab` is given. */
  readonly config?: LabConfig;
  /**
   * Write `moved` blocks for VPCs renamed with `previousNames` (off for the stacks that work
   * them out, which are built with earlier names). @default true
   */
  readonly moves?: boolean;
}

/**
 * The whole lab in one stack: the VPCs, their peerings and instances (chapter 1), flow logs
 * (chapter 2), and the bucket reached through gateway endpoints with instance roles (chapters 3-4).
 * It reads only the lab model: every selection, peer, context, placement and principal comes
 * worked out from there. Every construct ID comes from a configured name, never from a list
 * position, so adding or reordering VPCs leaves existing Terraform addresses untouched.
 *
 * Construct IDs cannot collide, whatever names the configuration holds: the constructs made per
 * VPC or per peering live in containers of their own (`Vpcs`, `Peerings`, ...), whose PascalCase
 * IDs no lowercase VPC name can equal, and a peering's ID joins two names with `_`, which names
 * cannot contain. The containers take any name as an ID, `constructor` included (see
 * `NameScope`). Terraform addresses are pinned separately (see `pinAddress`), so the scoping
 * changes no address.
 */
export class LabStack extends TerraformStack {
  /** The lab this stack was built from. */
  public readonly lab: LabModel;
  /** The lab's own region and account: the unaliased provider and its lookups. */
  public readonly environment: LabEnvironment;
  /**
   * The other (region, account) contexts VPCs live in, by provider alias (`eu-west-1`, `shared`,
   * `shared_eu-west-1`): each made when a VPC first needs it.
   */
  public readonly contexts = new Map<string, LabEnvironment>();
  /** EC2 Instance Connect Endpoints by the name of their VPC (`"instanceConnect": "endpoint"`). */
  public readonly instanceConnectEndpoints = new Map<string, InstanceConnectEndpoint>();
  /** VPCs by configured name. */
  public readonly vpcs = new Map<string, LabVpc>();
  /** Peerings by `<requester>_<accepter>`. */
  public readonly peerings = new Map<string, VpcPeering>();
  /** Instances by the name of their VPC. */
  public readonly instances = new Map<string, LabInstance>();
  /** The lab bucket (chapters 3 and 4), unless `s3` is `false`. */
  public readonly bucket?: LabBucket;
  /** S3 gateway endpoints by the name of their VPC. */
  public readonly s3Endpoints = new Map<string, S3GatewayEndpoint>();
  /** Instance roles (S3 access to the lab bucket) by the name of their VPC. */
  public readonly instanceRoles = new Map<string, InstanceS3Role>();
  /** Flow logs and their queries (chapter 2), unless `flowLogs` is false. */
  public readonly flowLogs?: VpcFlowLogs;
  /** The stack's Terraform outputs. */
  public readonly outputs: LabOutputs;
  private contextScope?: Construct;

  public constructor(scope: Construct, id: string, props: LabStackProps) {
    acceptAnyStackName(scope);
    super(scope, id);
    const lab = props.lab ?? resolveLab(requireConfig(props.config));
    this.lab = lab;
    // AWS-side names (bucket and IAM prefixes, log groups, security groups) and Name tags derive
    // from the physical name, which a rename of the lab keeps: they cannot change in place.
    const projectName = lab.physicalName;

    addLabBackend(this, lab.stateLocation);

    this.environment = this.environmentFor(this, "Environment", lab.home);

    const scopes = {
      vpcs: new NameScope(this, "Vpcs"),
      peerings: new NameScope(this, "Peerings"),
      instances: new NameScope(this, "Instances"),
      instanceRoles: new NameScope(this, "InstanceRoles"),
      s3Endpoints: new NameScope(this, "S3Endpoints"),
      instanceConnectEndpoints: new NameScope(this, "InstanceConnectEndpoints"),
    };
    for (const vpc of lab.vpcs.values()) {
      const context = this.contextOf(vpc.context);
      this.vpcs.set(
        vpc.name,
        new LabVpc(scopes.vpcs, vpc.name, {
          name: vpc.name,
          physicalName: vpc.physicalName,
          import: vpc.import,
          projectName,
          cidr: vpc.cidr,
          publicSubnetCidr: vpc.publicSubnetCidr,
          availabilityZone: vpc.zone.source === "lookup" ? context.availabilityZoneFor(vpc.zone.instanceType) : vpc.zone.zone,
          availabilityZoneIsLookedUp: vpc.zone.source === "lookup",
          environment: context,
        }),
      );
    }
    for (const { requester, accepter, key, import: importId } of lab.peerings) {
      this.peerings.set(
        key,
        new VpcPeering(scopes.peerings, key, {
          requester: this.vpc(requester),
          accepter: this.vpc(accepter),
          projectName,
          import: importId,
        }),
      );
    }
    if (lab.bucket !== null) this.bucket = this.addPrivateS3(lab.bucket, projectName, scopes.s3Endpoints);

    for (const vpc of lab.vpcs.values()) {
      if (vpc.instance === null) continue;
      this.addInstance(vpc, vpc.instance, projectName, scopes);
    }
    if (this.bucket && lab.bucket !== null) this.restrictBucket(lab.bucket, this.bucket);

    if (lab.flowLogs !== null) {
      const { vpcs, trafficType, retentionDays, maxAggregationInterval, logFormat } = lab.flowLogs;
      this.flowLogs = new VpcFlowLogs(this, "FlowLogs", {
        vpcs: vpcs.map((name) => this.vpc(name)),
        labVpcs: [...this.vpcs.values()],
        environment: this.environment,
        projectName,
        trafficType,
        retentionDays,
        maxAggregationInterval,
        logFormat,
      });
    }

    const instanceOutputs = new Map<string, InstanceOutput>(
      [...this.instances].map(([name, instance]) => [
        name,
        { instance, region: lab.vpcs.get(name)!.context.region, peers: this.peersOf(name) },
      ]),
    );
    this.outputs = new LabOutputs(this, "Outputs", {
      vpcs: this.vpcs,
      peerings: this.peerings,
      instances: instanceOutputs,
      sshCidrs: lab.instanceConnect.sshCidrs,
      ...(this.flowLogs ? { flowLogs: { flowLogs: this.flowLogs, region: lab.home.region } } : {}),
      ...(this.bucket ? { s3: { bucket: this.bucket, endpoints: this.s3Endpoints } } : {}),
    });

    if (props.moves !== false && lab.generations.length > 0) {
      // The earlier generations are built in an app of their own (never synthesized) that shares
      // this app's output directory, so that nothing is created on disk.
      const outdir = (this.node.root as App).outdir;
      const moves = renameMoves(
        lab,
        this,
        (earlier) => new LabStack(new App({ outdir, stackTraces: false }), id, { lab: earlier, moves: false }),
      );
      if (moves.length > 0) new StateMoves(this, "Moves", { moves });
    }
  }

  /**
   * The stack's path, as constructs write it, unless that is a property of Object.prototype: cdktf
   * keys each reference's cross-stack identifiers by the resolving stack's `toString()` in a plain
   * object, where a stack named `constructor` would find `Object` itself. No lab stack has cross-stack
   * references, so any other text that names the stack serves.
   */
  public override toString(): string {
    const path = super.toString();
    return path in Object.prototype ? `LabStack ${path}` : path;
  }

  /** Names of the VPCs peered with `name`, in peering order. */
  public peersOf(name: string): string[] {
    return [...(this.lab.vpcs.get(name)?.peers ?? [])];
  }

  /**
   * cdktf's own prepareStack resolves every element once more, in "preparing" mode, only to find
   * references to other stacks' resources. A LabStack is built from its own configuration alone,
   * so between lab stacks (the lab, or its environments) that pass finds nothing, and it costs a
   * third of a large synth (a whole-tree resolve out of three). It still runs when the app holds
   * any other kind of stack. The backend check stays.
   */
  public override prepareStack(): void {
    const stacks = this.node.root.node.findAll().filter((construct) => TerraformStack.isStack(construct));
    if (stacks.some((stack) => !(stack instanceof LabStack))) return super.prepareStack();
    this.ensureBackendExists();
  }

  /** A VPC's instance, its role (no access key anywhere: the lab typed one into `aws configure`) and, in endpoint mode, its Instance Connect Endpoint. */
  private addInstance(
    vpc: LabVpcModel,
    instanceModel: NonNullable<LabVpcModel["instance"]>,
    projectName: string,
    scopes: Readonly<Record<"instances" | "instanceRoles" | "instanceConnectEndpoints", Construct>>,
  ): void {
    const labVpc = this.vpc(vpc.name);
    const role = this.bucket
      ? new InstanceS3Role(scopes.instanceRoles, vpc.name, { vpc: labVpc, projectName, bucket: this.bucket })
      : undefined;
    if (role) this.instanceRoles.set(vpc.name, role);
    const context = labVpc.environment ?? this.environment;
    const { mode, sshCidrs } = this.lab.instanceConnect;
    const publicIp = mode === "public-ip";
    const { ami } = instanceModel;
    const instance = new LabInstance(scopes.instances, vpc.name, {
      vpc: labVpc,
      projectName,
      instanceType: instanceModel.type,
      amiId: ami.source === "latest" ? context.amazonLinuxAmi(ami.architecture) : ami.amiId,
      ignoreAmiUpdates: ami.source !== "configured",
      peers: vpc.peers.map((name) => this.vpc(name)),
      instanceConnect: mode,
      ...(publicIp ? { instanceConnectPrefixListId: context.instanceConnectPrefixListId, sshCidrs } : {}),
      iamInstanceProfile: role?.instanceProfileName,
      import: vpc.import,
    });
    this.instances.set(vpc.name, instance);
    if (!publicIp)
      this.instanceConnectEndpoints.set(
        vpc.name,
        new InstanceConnectEndpoint(scopes.instanceConnectEndpoints, vpc.name, { instance, projectName }),
      );
  }

  /**
   * Chapters 3 and 4: the bucket and an S3 gateway endpoint in each selected VPC; the bucket
   * policy that admits only those endpoints and the exempt principals comes once the instance
   * roles exist ({@link restrictBucket}). The endpoints take the bucket's ARNs and the policy
   * their ids, so Terraform creates bucket, endpoints, policy.
   */
  private addPrivateS3(model: LabBucketModel, projectName: string, endpointScope: Construct): LabBucket {
    const bucket = new LabBucket(this, "LabBucket", {
      projectName,
      bucketName: model.bucketName,
      importBucket: model.importBucket,
      forceDestroy: model.forceDestroy,
      testObject: model.testObject,
    });
    for (const name of model.endpointVpcs) {
      const vpc = this.vpc(name);
      const context = vpc.environment ?? this.environment;
      this.s3Endpoints.set(
        name,
        new S3GatewayEndpoint(endpointScope, name, {
          vpc,
          projectName,
          region: context.region,
          partition: context.partition,
          bucketArn: bucket.bucketArn,
          objectsArn: bucket.objectsArn,
          policy: model.endpointPolicy,
        }),
      );
    }
    return bucket;
  }

  /**
   * The bucket policy, once the instance roles exist: it admits only the lab's endpoints and the
   * exempt principals, and grants the lab's actions to the instance roles of other accounts whose
   * VPC has an endpoint (another account's role needs the bucket policy's Allow as well as its own).
   */
  private restrictBucket(model: LabBucketModel, bucket: LabBucket): void {
    const { terraform, admins, otherAccountInstanceRoles } = model.principals;
    const otherAccountRoles = otherAccountInstanceRoles.flatMap((name) => {
      const role = this.instanceRoles.get(name);
      return role ? [role.roleArn] : [];
    });
    bucket.restrictToEndpoints({
      endpointIds: [...this.s3Endpoints.values()].map((endpoint) => endpoint.endpointId),
      // The principal that runs Terraform first: without it, the next plan could not read the bucket.
      exemptPrincipalArns: [terraform.source === "offline" ? terraform.arn : this.environment.terraformPrincipalArn, ...admins],
      ...(otherAccountRoles.length > 0 ? { otherAccountRoleArns: otherAccountRoles } : {}),
    });
  }

  /** The construct of a (region, account) context: the lab's own, or another one made on first use. */
  private contextOf(context: LabContext): LabEnvironment {
    if (context.alias === undefined) return this.environment;
    let environment = this.contexts.get(context.alias);
    if (environment === undefined) {
      this.contextScope ??= new NameScope(this, "Contexts");
      environment = this.environmentFor(this.contextScope, context.alias, context);
      this.contexts.set(context.alias, environment);
    }
    return environment;
  }

  private environmentFor(scope: Construct, id: string, context: LabContext): LabEnvironment {
    const { account } = context;
    return new LabEnvironment(scope, id, {
      projectName: this.lab.name,
      region: context.region,
      tags: this.lab.tags,
      offline: context.offline !== null,
      // Online the offline values are never read.
      offlineValues: context.offline ?? ONLINE,
      ...(context.alias === undefined ? {} : { alias: context.alias }),
      ...(account === undefined ? {} : { assumeRoleArn: account.roleArn, accountId: account.accountId, accountName: account.name }),
    });
  }

  private vpc(name: string): LabVpc {
    const vpc = this.vpcs.get(name);
    if (!vpc) throw new Error(`LabStack: no VPC named "${name}" (configuration was not validated?)`);
    return vpc;
  }
}

/**
 * A stack named `constructor` is a name like any other in the app: the app's children and cdktf's
 * manifest of stacks (which looks stacks up as `stacks[name]`) take any name as a key.
 */
function acceptAnyStackName(scope: Construct): void {
  acceptAnyChildName(scope);
  if (App.isApp(scope)) Object.setPrototypeOf(scope.manifest.stacks, null);
}

/** Offline values of an online context: never read (every lookup goes to AWS). */
const ONLINE = Object.freeze({ accountId: "", instanceConnectPrefixListId: "", amiIds: Object.freeze({ x86_64: "", arm64: "" }) });

function requireConfig(config: LabConfig | undefined): LabConfig {
  if (config === undefined) throw new Error("LabStack: expected props.lab (or props.config)");
  return config;
}
