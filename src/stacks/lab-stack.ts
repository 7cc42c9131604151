import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { LabConfig, ResolvedVpcConfig, S3Config } from "../config";
import { architectureOf, contextAliasOf } from "../config";
import { InstanceConnectEndpoint } from "../constructs/instance-connect-endpoint";
import { InstanceS3Role } from "../constructs/instance-s3-role";
import { LabBucket } from "../constructs/lab-bucket";
import { LabEnvironment } from "../constructs/lab-environment";
import { LabInstance } from "../constructs/lab-instance";
import { LabVpc } from "../constructs/lab-vpc";
import { S3GatewayEndpoint } from "../constructs/s3-gateway-endpoint";
import { VpcFlowLogs } from "../constructs/vpc-flow-logs";
import { StateMoves } from "../constructs/state-moves";
import { VpcPeering } from "../constructs/vpc-peering";
import { addLabBackend } from "./lab-backend";
import { renameMoves } from "./rename-moves";

/** Properties of {@link LabStack}. */
export interface LabStackProps {
  /** The validated lab configuration. */
  readonly config: LabConfig;
  /**
   * Write `moved` blocks for VPCs renamed with `previousNames` (off for the stacks that work
   * them out, which are built with earlier names). @default true
   */
  readonly moves?: boolean;
}

/**
 * The whole lab in one stack: the VPCs, their peerings and instances (chapter 1), flow logs
 * (chapter 2), and the bucket reached through gateway endpoints with instance roles (chapters 3-4).
 * Every construct ID comes from a configured name, never from a list position, so adding or
 * reordering VPCs leaves existing Terraform addresses untouched.
 *
 * Construct IDs cannot collide, whatever names the configuration holds: the constructs made per
 * VPC or per peering live in containers of their own (`Vpcs`, `Peerings`, ...), whose PascalCase
 * IDs no lowercase VPC name can equal, and a peering's ID joins two names with `_`, which names
 * cannot contain. Terraform addresses are pinned separately (see `pinAddress`), so the scoping
 * changes no address.
 */
export class LabStack extends TerraformStack {
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
  /** Peer VPC names per VPC name, in peering order (built once: looked up per instance and output). */
  private readonly peerNames = new Map<string, string[]>();
  private contextScope?: Construct;

  public constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id);
    const { config } = props;
    // AWS-side names (bucket and IAM prefixes, log groups, security groups) and Name tags derive
    // from the physical name, which a rename of the lab keeps: they cannot change in place.
    const projectName = config.physicalName;

    addLabBackend(this, config);

    this.environment = new LabEnvironment(this, "Environment", {
      projectName: config.name,
      region: config.region,
      tags: config.tags,
      offline: config.offline,
      offlineValues: config.offlineValues,
    });

    const scopes = {
      vpcs: new Construct(this, "Vpcs"),
      peerings: new Construct(this, "Peerings"),
      instances: new Construct(this, "Instances"),
      instanceRoles: new Construct(this, "InstanceRoles"),
      s3Endpoints: new Construct(this, "S3Endpoints"),
      instanceConnectEndpoints: new Construct(this, "InstanceConnectEndpoints"),
    };
    for (const vpc of config.vpcs) {
      const context = this.contextOf(config, vpc);
      this.vpcs.set(
        vpc.name,
        new LabVpc(scopes.vpcs, vpc.name, {
          name: vpc.name,
          physicalName: vpc.physicalName,
          import: vpc.import,
          projectName,
          cidr: vpc.cidr,
          publicSubnetCidr: vpc.publicSubnetCidr,
          availabilityZone: vpc.availabilityZone ?? (vpc.instance ? context.availabilityZoneFor(vpc.instance.type) : `${vpc.region}a`),
          availabilityZoneIsLookedUp: vpc.availabilityZone === undefined && vpc.instance !== false && !config.offline,
          environment: context,
        }),
      );
    }
    for (const { requester, accepter, import: importId } of config.peerings) {
      const peering = new VpcPeering(scopes.peerings, `${requester}_${accepter}`, {
        requester: this.vpc(requester),
        accepter: this.vpc(accepter),
        projectName,
        import: importId,
      });
      this.peerings.set(`${requester}_${accepter}`, peering);
      this.peersOfVpc(requester).push(accepter);
      this.peersOfVpc(accepter).push(requester);
    }
    if (config.s3 !== false) this.bucket = this.addPrivateS3(config, config.s3, scopes.s3Endpoints);

    for (const vpc of config.vpcs) {
      if (vpc.instance === false) continue;
      // Each instance gets a role (no access key anywhere): the lab typed one into `aws configure`.
      const role = this.bucket
        ? new InstanceS3Role(scopes.instanceRoles, vpc.name, { vpc: this.vpc(vpc.name), projectName, bucket: this.bucket })
        : undefined;
      if (role) this.instanceRoles.set(vpc.name, role);
      const context = this.vpc(vpc.name).environment ?? this.environment;
      const publicIp = config.instanceConnect === "public-ip";
      const instance = new LabInstance(scopes.instances, vpc.name, {
        vpc: this.vpc(vpc.name),
        projectName,
        instanceType: vpc.instance.type,
        amiId: vpc.instance.amiId ?? context.amazonLinuxAmi(architectureOf(vpc.instance.type)),
        ignoreAmiUpdates: vpc.instance.amiId === undefined,
        peers: this.peersOf(vpc.name).map((name) => this.vpc(name)),
        instanceConnect: config.instanceConnect,
        ...(publicIp ? { instanceConnectPrefixListId: context.instanceConnectPrefixListId, sshCidrs: config.sshCidrs } : {}),
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
    if (this.bucket && config.s3 !== false) this.restrictBucket(config.s3, this.bucket);

    if (config.flowLogs !== false) {
      const { vpcs, trafficType, retentionDays, maxAggregationInterval, logFormat } = config.flowLogs;
      const names = vpcs === "all" ? config.vpcs.map((vpc) => vpc.name) : [...new Set(vpcs)];
      this.flowLogs = new VpcFlowLogs(this, "FlowLogs", {
        vpcs: names.map((name) => this.vpc(name)),
        labVpcs: [...this.vpcs.values()],
        environment: this.environment,
        projectName,
        trafficType,
        retentionDays,
        maxAggregationInterval,
        logFormat,
      });
      this.addFlowLogOutputs(this.flowLogs, config.region);
    }

    this.addOutputs(config);
    if (this.bucket) this.addS3Outputs(this.bucket);

    if (props.moves !== false && config.vpcs.some((vpc) => vpc.previousNames.length > 0)) {
      // The earlier generations are built in an app of their own (never synthesized) that shares
      // this app's output directory, so that nothing is created on disk.
      const outdir = (this.node.root as App).outdir;
      const moves = renameMoves(
        config,
        this,
        (earlier) => new LabStack(new App({ outdir, stackTraces: false }), id, { config: earlier, moves: false }),
      );
      if (moves.length > 0) new StateMoves(this, "Moves", { moves });
    }
  }

  /** Names of the VPCs peered with `name`, in configuration order. */
  public peersOf(name: string): string[] {
    return [...(this.peerNames.get(name) ?? [])];
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

  private peersOfVpc(name: string): string[] {
    let peers = this.peerNames.get(name);
    if (!peers) this.peerNames.set(name, (peers = []));
    return peers;
  }

  /**
   * Chapters 3 and 4: the bucket, an S3 gateway endpoint in each selected VPC, and the bucket
   * policy that admits only those endpoints and the exempt principals. The endpoints need the
   * bucket's ARN and the policy needs their ids, so Terraform creates bucket, endpoints, policy.
   */
  private addPrivateS3(config: LabConfig, s3: S3Config, endpointScope: Construct): LabBucket {
    const bucket = new LabBucket(this, "LabBucket", {
      projectName: config.physicalName,
      bucketName: s3.bucketName,
      importBucket: s3.import?.bucket,
      forceDestroy: s3.forceDestroy,
      testObject: s3.testObject,
    });
    const selected = s3.endpointVpcs === "all" ? config.vpcs.map((vpc) => vpc.name) : [...new Set(s3.endpointVpcs)];
    for (const name of selected) {
      const context = this.vpc(name).environment ?? this.environment;
      const endpoint = new S3GatewayEndpoint(endpointScope, name, {
        vpc: this.vpc(name),
        projectName: config.physicalName,
        region: context.region,
        partition: context.partition,
        bucket,
        policy: s3.endpointPolicy,
      });
      this.s3Endpoints.set(name, endpoint);
    }
    return bucket;
  }

  /**
   * The bucket policy, once the instance roles exist: it admits only the lab's endpoints and the
   * exempt principals, and grants the lab's actions to the instance roles of other accounts whose
   * VPC has an endpoint (another account's role needs the bucket policy's Allow as well as its own).
   */
  private restrictBucket(s3: S3Config, bucket: LabBucket): void {
    const otherAccountRoles = [...this.s3Endpoints.keys()].flatMap((name) => {
      const role = this.instanceRoles.get(name);
      return role && this.vpc(name).accountName !== undefined ? [role.roleArn] : [];
    });
    bucket.restrictToEndpoints({
      endpoints: [...this.s3Endpoints.values()],
      // The principal that runs Terraform first: without it, the next plan could not read the bucket.
      exemptPrincipalArns: [this.environment.terraformPrincipalArn, ...s3.adminPrincipalArns],
      ...(otherAccountRoles.length > 0 ? { otherAccountRoleArns: otherAccountRoles } : {}),
    });
  }

  /**
   * The (region, account) context of a VPC: the lab's own, or another one made on first use, with
   * a provider alias named after it (see `contextAliasOf`).
   */
  private contextOf(config: LabConfig, vpc: ResolvedVpcConfig): LabEnvironment {
    const account = vpc.account;
    const alias = contextAliasOf(vpc, config.region);
    if (alias === undefined) return this.environment;
    let context = this.contexts.get(alias);
    if (context === undefined) {
      const known = account === undefined ? undefined : config.accounts[account];
      const offline = config.offlineValues;
      const regional = offline.regions[vpc.region];
      this.contextScope ??= new Construct(this, "Contexts");
      context = new LabEnvironment(this.contextScope, alias, {
        projectName: config.name,
        region: vpc.region,
        tags: config.tags,
        offline: config.offline,
        offlineValues: {
          accountId: known?.accountId ?? offline.accountId,
          instanceConnectPrefixListId: regional?.instanceConnectPrefixListId ?? offline.instanceConnectPrefixListId,
          amiIds: { x86_64: regional?.amiIds.x86_64 ?? offline.amiIds.x86_64, arm64: regional?.amiIds.arm64 ?? offline.amiIds.arm64 },
        },
        alias,
        ...(known === undefined ? {} : { assumeRoleArn: known.roleArn, accountId: known.accountId, accountName: account }),
      });
      this.contexts.set(alias, context);
    }
    return context;
  }

  private addS3Outputs(bucket: LabBucket): void {
    new TerraformOutput(this, "s3_bucket", {
      description: "The lab bucket's name and ARN",
      value: { name: bucket.bucketName, arn: bucket.bucketArn },
    });
    new TerraformOutput(this, "s3_endpoint_ids", {
      description: "S3 gateway endpoint id per VPC name (the aws:SourceVpce values the bucket policy admits)",
      value: Object.fromEntries([...this.s3Endpoints].map(([name, endpoint]) => [name, endpoint.endpointId])),
    });
    new TerraformOutput(this, "s3_commands", {
      description: "The lab's commands, to run on an instance (its role supplies the credentials: no aws configure)",
      value: {
        create_test_file: "touch /tmp/test.txt",
        list_bucket: `aws s3 ls s3://${bucket.bucketName}`,
        upload_test_file: `aws s3 cp /tmp/test.txt s3://${bucket.bucketName}/`,
      },
    });
  }

  private vpc(name: string): LabVpc {
    const vpc = this.vpcs.get(name);
    if (!vpc) throw new Error(`LabStack: no VPC named "${name}" (configuration was not validated?)`);
    return vpc;
  }

  private addFlowLogOutputs(flowLogs: VpcFlowLogs, region: string): void {
    new TerraformOutput(this, "flow_log_group_names", {
      description: "CloudWatch log group of each VPC's flow log, by VPC name",
      value: flowLogs.logGroupNames,
    });
    new TerraformOutput(this, "flow_log_ids", { description: "Flow log id by VPC name", value: flowLogs.flowLogIds });
    new TerraformOutput(this, "flow_log_query_names", {
      description: "Saved Logs Insights queries over the flow logs (CloudWatch > Logs Insights > Saved queries)",
      value: flowLogs.queryNames,
    });
    new TerraformOutput(this, "logs_insights_url", {
      description: "CloudWatch Logs Insights in the lab's region: pick a saved query there",
      value: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights`,
    });
  }

  private addOutputs(config: LabConfig): void {
    new TerraformOutput(this, "vpc_ids", {
      description: "VPC id per configured VPC name",
      value: Object.fromEntries([...this.vpcs].map(([name, vpc]) => [name, vpc.vpcId])),
    });
    new TerraformOutput(this, "peering_connection_ids", {
      description: "VPC peering connection id per <requester>_<accepter>",
      value: Object.fromEntries([...this.peerings].map(([key, peering]) => [key, peering.peeringConnectionId])),
    });
    const instances = Object.fromEntries(
      [...this.instances].map(([name, instance]) => {
        const region = instance.vpc.region ?? config.region;
        const publicIp = instance.instanceConnect === "public-ip";
        const pings = Object.fromEntries(
          this.peersOf(name).flatMap((peer) => {
            const target = this.instances.get(peer);
            return target ? [[peer, `ping -c 4 ${target.privateIp}`]] : [];
          }),
        );
        return [
          name,
          {
            id: instance.instanceId,
            private_ip: instance.privateIp,
            ...(publicIp ? { public_ip: instance.publicIp } : {}),
            ping_commands: pings,
            instance_connect_url: `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ConnectToInstance:instanceId=${instance.instanceId}`,
            ...(!publicIp
              ? {
                  ssh_command: `aws ec2-instance-connect ssh --region ${region} --instance-id ${instance.instanceId} --connection-type eice`,
                }
              : config.sshCidrs.length > 0
                ? { ssh_command: `aws ec2-instance-connect ssh --region ${region} --instance-id ${instance.instanceId}` }
                : {}),
          },
        ];
      }),
    );
    new TerraformOutput(this, "instances", {
      description: "Per instance (by VPC name): id, addresses, ping commands to its peers and the Instance Connect console link",
      value: instances,
    });
  }
}
