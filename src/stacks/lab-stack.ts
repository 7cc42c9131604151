import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { LabConfig } from "../config";
import { architectureOf } from "../config";
import { LabEnvironment } from "../constructs/lab-environment";
import { LabInstance } from "../constructs/lab-instance";
import { LabVpc } from "../constructs/lab-vpc";
import { VpcPeering } from "../constructs/vpc-peering";

/** Properties of {@link LabStack}. */
export interface LabStackProps {
  /** The validated lab configuration. */
  readonly config: LabConfig;
}

/**
 * The whole lab in one stack: the VPCs, their peerings and instances (chapter 1).
 * Every construct ID comes from a configured name, never from a list position, so adding or
 * reordering VPCs leaves existing Terraform addresses untouched.
 */
export class LabStack extends TerraformStack {
  public readonly environment: LabEnvironment;
  /** VPCs by configured name. */
  public readonly vpcs = new Map<string, LabVpc>();
  /** Peerings by `<requester>_<accepter>`. */
  public readonly peerings = new Map<string, VpcPeering>();
  /** Instances by the name of their VPC. */
  public readonly instances = new Map<string, LabInstance>();

  public constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id);
    const { config } = props;
    const projectName = config.name;

    // State lives at the project root, outside cdktf.out (which is regenerated on every synth);
    // the path is relative to cdktf.out/stacks/<name>/, so no absolute path of this machine leaks
    // into the synthesized JSON.
    new LocalBackend(this, { path: `../../../terraform.${config.name}.tfstate` });

    this.environment = new LabEnvironment(this, "environment", {
      projectName,
      region: config.region,
      tags: config.tags,
      offline: config.offline,
      offlineValues: config.offlineValues,
    });

    for (const vpc of config.vpcs) {
      this.vpcs.set(
        vpc.name,
        new LabVpc(this, vpc.name, {
          name: vpc.name,
          projectName,
          cidr: vpc.cidr,
          publicSubnetCidr: vpc.publicSubnetCidr,
          availabilityZone: vpc.availabilityZone ?? `${config.region}a`,
        }),
      );
    }
    for (const { requester, accepter } of config.peerings) {
      const peering = new VpcPeering(this, `${requester}-${accepter}`, {
        requester: this.vpc(requester),
        accepter: this.vpc(accepter),
        projectName,
      });
      this.peerings.set(`${requester}_${accepter}`, peering);
    }
    for (const vpc of config.vpcs) {
      if (vpc.instance === false) continue;
      const instance = new LabInstance(this, `${vpc.name}-instance`, {
        vpc: this.vpc(vpc.name),
        projectName,
        instanceType: vpc.instance.type,
        amiId: vpc.instance.amiId ?? this.environment.amazonLinuxAmi(architectureOf(vpc.instance.type)),
        peers: this.peersOf(vpc.name).map((name) => this.vpc(name)),
        instanceConnectPrefixListId: this.environment.instanceConnectPrefixListId,
        sshCidrs: config.sshCidrs,
      });
      this.instances.set(vpc.name, instance);
    }

    this.addOutputs(config);
  }

  /** Names of the VPCs peered with `name`, in configuration order. */
  public peersOf(name: string): string[] {
    return [...this.peerings.keys()].flatMap((key) => {
      const [requester, accepter] = key.split("_") as [string, string];
      if (requester === name) return [accepter];
      if (accepter === name) return [requester];
      return [];
    });
  }

  private vpc(name: string): LabVpc {
    const vpc = this.vpcs.get(name);
    if (!vpc) throw new Error(`LabStack: no VPC named "${name}" (configuration was not validated?)`);
    return vpc;
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
    const region = config.region;
    const instances = Object.fromEntries(
      [...this.instances].map(([name, instance]) => {
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
            public_ip: instance.publicIp,
            ping_commands: pings,
            instance_connect_url: `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ConnectToInstance:instanceId=${instance.instanceId}`,
            ...(config.sshCidrs.length > 0
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
