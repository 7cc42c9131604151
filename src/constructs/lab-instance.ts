import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { InstanceConnectMode, VpcImportConfig } from "../config";
import { HTTPS_PORT, ICMP_ECHO_REQUEST_TYPE, SSH_PORT } from "../model/lab-contract";
import type { LabVpc } from "./lab-vpc";
import { pinAddress } from "./terraform-address";
import { useProvider } from "./use-provider";

/** Properties of {@link LabInstance}. */
export interface LabInstanceProps {
  /** The VPC whose public subnet holds the instance; its name names the instance's resources. */
  readonly vpc: LabVpc;
  /** Stack name, prefixed to `Name` tags. */
  readonly projectName: string;
  /** EC2 instance type. */
  readonly instanceType: string;
  /** AMI id (a literal or a token from the SSM lookup). */
  readonly amiId: string;
  /** VPCs peered with this one: ICMP echo is allowed from and to each one's block. */
  readonly peers: readonly LabVpc[];
  /**
   * How EC2 Instance Connect reaches the instance: `"public-ip"` through an Elastic IP, with SSH
   * from the Instance Connect prefix list and `sshCidrs`; `"endpoint"` through an EC2 Instance
   * Connect Endpoint (see `InstanceConnectEndpoint`, which adds the SSH rule): no public address
   * and no SSH rule here at all.
   * @default "public-ip"
   */
  readonly instanceConnect?: InstanceConnectMode;
  /** The EC2 Instance Connect prefix list id, allowed in on TCP 22. Required in `"public-ip"` mode. @default none */
  readonly instanceConnectPrefixListId?: string;
  /** Extra sources allowed in on TCP 22 (`"public-ip"` mode only). @default [] */
  readonly sshCidrs?: readonly string[];
  /**
   * Keep the instance when `amiId` changes (set when the AMI comes from the "latest" SSM
   * parameter; a configured AMI id should replace the instance when it changes).
   * @default false
   */
  readonly ignoreAmiUpdates?: boolean;
  /** Instance profile name to attach. @default no instance profile */
  readonly iamInstanceProfile?: string;
  /** Ids of a hand-built security group, instance and Elastic IP to adopt (`import` blocks). @default none */
  readonly import?: Pick<VpcImportConfig, "securityGroup" | "instance" | "eip">;
}

/**
 * An EC2 instance in a VPC's public subnet, reached with EC2 Instance Connect through an Elastic
 * IP (or, in `"endpoint"` mode, through an Instance Connect Endpoint, with no public address),
 * with a security group that lets peers ping it.
 *
 * Addresses: `aws_instance.<vpc>`, `aws_eip.<vpc>` (`"public-ip"` mode), `aws_security_group.<vpc>_instance`
 * and one `aws_vpc_security_group_{ingress,egress}_rule.<vpc>_...` per rule.
 */
export class LabInstance extends Construct {
  public readonly instance: Instance;
  /** The Elastic IP (`"public-ip"` mode only). */
  public readonly elasticIp?: Eip;
  /** How EC2 Instance Connect reaches the instance. */
  public readonly instanceConnect: InstanceConnectMode;
  public readonly securityGroup: SecurityGroup;
  /** The VPC the instance runs in. */
  public readonly vpc: LabVpc;

  public constructor(scope: Construct, id: string, props: LabInstanceProps) {
    super(scope, id);
    const { vpc } = props;
    this.vpc = vpc;
    const name = vpc.name;
    const label = `${props.projectName}-${vpc.physicalName}`;
    const adopted = props.import ?? {};
    this.instanceConnect = props.instanceConnect ?? "public-ip";
    const publicIp = this.instanceConnect === "public-ip";
    if (publicIp && props.instanceConnectPrefixListId === undefined)
      throw new Error(`LabInstance ${name}: expected instanceConnectPrefixListId in "public-ip" mode`);

    this.securityGroup = pinAddress(
      new SecurityGroup(this, "sg", {
        namePrefix: `${label}-instance-`,
        description: `Lab instance in ${vpc.physicalName}: ping from peered VPCs, SSH from EC2 Instance Connect`,
        vpcId: vpc.vpcId,
        tags: { Name: `${label}-instance` },
        // A group's name and description cannot change in place: an adopted group keeps the ones
        // it was created with rather than being replaced (with every instance in it).
        lifecycle: {
          createBeforeDestroy: true,
          ...(adopted.securityGroup ? { ignoreChanges: ["name", "name_prefix", "description"] } : {}),
        },
      }),
      `${name}_instance`,
    );
    if (adopted.securityGroup) this.securityGroup.importFrom(adopted.securityGroup);
    const groupId = this.securityGroup.id;
    const ingress = (rule: string, config: Omit<ConstructorParameters<typeof VpcSecurityGroupIngressRule>[2], "securityGroupId">) =>
      pinAddress(new VpcSecurityGroupIngressRule(this, `in-${rule}`, { securityGroupId: groupId, ...config }), `${name}_${rule}`);
    const egress = (rule: string, config: Omit<ConstructorParameters<typeof VpcSecurityGroupEgressRule>[2], "securityGroupId">) =>
      pinAddress(new VpcSecurityGroupEgressRule(this, `out-${rule}`, { securityGroupId: groupId, ...config }), `${name}_${rule}`);

    for (const peer of props.peers) {
      ingress(`icmp_from_${peer.name}`, {
        description: `Ping (ICMP echo request) from peered VPC ${peer.name}`,
        ipProtocol: "icmp",
        fromPort: ICMP_ECHO_REQUEST_TYPE,
        toPort: -1,
        cidrIpv4: peer.cidr,
      });
      // A Terraform-made security group starts with no egress at all; the echo reply needs no
      // rule (security groups are stateful), but the request this instance sends does.
      egress(`icmp_to_${peer.name}`, {
        description: `Ping (ICMP echo request) to peered VPC ${peer.name}`,
        ipProtocol: "icmp",
        fromPort: ICMP_ECHO_REQUEST_TYPE,
        toPort: -1,
        cidrIpv4: peer.cidr,
      });
    }
    if (publicIp) {
      // The prefix list covers the console's Instance Connect service only; a laptop running
      // `aws ec2-instance-connect ssh` connects from its own address, hence sshCidrs.
      ingress("ssh_from_instance_connect", {
        description: "SSH from the EC2 Instance Connect service (console)",
        ipProtocol: "tcp",
        fromPort: SSH_PORT,
        toPort: SSH_PORT,
        prefixListId: props.instanceConnectPrefixListId,
      });
      for (const cidr of props.sshCidrs ?? []) {
        ingress(`ssh_from_${cidr.replace(/[./]/g, "_")}`, {
          description: `SSH from ${cidr} (sshCidrs)`,
          ipProtocol: "tcp",
          fromPort: SSH_PORT,
          toPort: SSH_PORT,
          cidrIpv4: cidr,
        });
      }
    }
    egress("https_out", {
      description: "HTTPS to anywhere: package repositories and AWS APIs (S3, SSM)",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
    });

    this.instance = pinAddress(
      new Instance(this, "instance", {
        ami: props.amiId,
        instanceType: props.instanceType,
        subnetId: vpc.publicSubnet.id,
        vpcSecurityGroupIds: [groupId],
        // No associate_public_ip_address: the subnet maps no public IP at launch (so in "endpoint"
        // mode the instance has no public address at all), and setting it to false beside an
        // Elastic IP makes every later plan replace the instance (the provider reads it back as
        // true once the EIP is attached; terraform-provider-aws#37318).
        iamInstanceProfile: props.iamInstanceProfile,
        // IMDSv2 only: a session token defeats SSRF-style credential theft (CIS AWS 5.6).
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { volumeType: "gp3", encrypted: true, deleteOnTermination: true },
        tags: { Name: label },
        // An AMI from the "latest" SSM parameter changes whenever AWS publishes an image; without
        // this, each new image would replace the instance on the next apply. An adopted instance
        // keeps the key pair it was launched with (key_name cannot change in place).
        ...(props.ignoreAmiUpdates || adopted.instance
          ? { lifecycle: { ignoreChanges: [...(props.ignoreAmiUpdates ? ["ami"] : []), ...(adopted.instance ? ["key_name"] : [])] } }
          : {}),
      }),
      name,
    );
    if (adopted.instance) this.instance.importFrom(adopted.instance);

    if (publicIp) {
      // An Elastic IP gives the instance the public address that Instance Connect needs (the lab's
      // first troubleshooting step). Association needs the internet gateway attached first.
      this.elasticIp = pinAddress(
        new Eip(this, "eip", { domain: "vpc", instance: this.instance.id, dependsOn: [vpc.internetGateway], tags: { Name: label } }),
        name,
      );
      if (adopted.eip) this.elasticIp.importFrom(adopted.eip);
    }
    useProvider(this, vpc.provider);
  }

  /** The instance id. */
  public get instanceId(): string {
    return this.instance.id;
  }

  /** The private IPv4 address. */
  public get privateIp(): string {
    return this.instance.privateIp;
  }

  /** The Elastic IP's public address (`"public-ip"` mode; undefined with an endpoint). */
  public get publicIp(): string | undefined {
    return this.elasticIp?.publicIp;
  }

  /** The security group's id. */
  public get securityGroupId(): string {
    return this.securityGroup.id;
  }
}
