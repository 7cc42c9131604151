import { Ec2InstanceConnectEndpoint } from "@cdktf/provider-aws/lib/ec2-instance-connect-endpoint";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { SSH_PORT } from "../model/lab-contract";
import type { LabInstance } from "./lab-instance";
import { pinAddress } from "./terraform-address";
import { useProvider } from "./use-provider";

/** Properties of {@link InstanceConnectEndpoint}. */
export interface InstanceConnectEndpointProps {
  /** The instance the endpoint reaches (built in `"endpoint"` mode: no public address); its VPC names the resources. */
  readonly instance: LabInstance;
  /** Stack name, prefixed to `Name` tags and the security group's name. */
  readonly projectName: string;
}

/**
 * An EC2 Instance Connect Endpoint in the instance's subnet, with a security group of its own
 * that may open SSH to the instance's group only, and the instance's one SSH rule: from that
 * group. `aws ec2-instance-connect ssh --connection-type eice` and the console then reach an
 * instance that has no public address at all.
 *
 * AWS allows one endpoint per VPC, and an endpoint cannot be created before the old one is
 * destroyed: a replacement destroys first (no `create_before_destroy`). Client IP preservation is
 * off, so the instance sees the endpoint's address and the rule by security group matches.
 *
 * Addresses: `aws_ec2_instance_connect_endpoint.<vpc>`, `aws_security_group.<vpc>_instance_connect_endpoint`,
 * `aws_vpc_security_group_egress_rule.<vpc>_eice_ssh_to_instance`,
 * `aws_vpc_security_group_ingress_rule.<vpc>_ssh_from_instance_connect_endpoint`.
 */
export class InstanceConnectEndpoint extends Construct {
  public readonly endpoint: Ec2InstanceConnectEndpoint;
  public readonly securityGroup: SecurityGroup;

  public constructor(scope: Construct, id: string, props: InstanceConnectEndpointProps) {
    super(scope, id);
    const { instance } = props;
    if (instance.instanceConnect !== "endpoint")
      throw new Error(
        `InstanceConnectEndpoint ${instance.vpc.name}: the instance was built in "public-ip" mode; build it in "endpoint" mode`,
      );
    const vpc = instance.vpc;
    const name = vpc.name;
    const label = `${props.projectName}-${vpc.physicalName}`;

    this.securityGroup = pinAddress(
      new SecurityGroup(this, "sg", {
        namePrefix: `${label}-eice-`,
        description: `EC2 Instance Connect Endpoint in ${vpc.physicalName}: SSH to the lab instance only`,
        vpcId: vpc.vpcId,
        tags: { Name: `${label}-instance-connect-endpoint` },
        lifecycle: { createBeforeDestroy: true },
      }),
      `${name}_instance_connect_endpoint`,
    );
    pinAddress(
      new VpcSecurityGroupEgressRule(this, "out-ssh", {
        securityGroupId: this.securityGroup.id,
        description: `SSH to the lab instance in ${vpc.physicalName}`,
        ipProtocol: "tcp",
        fromPort: SSH_PORT,
        toPort: SSH_PORT,
        referencedSecurityGroupId: instance.securityGroupId,
      }),
      `${name}_eice_ssh_to_instance`,
    );
    pinAddress(
      new VpcSecurityGroupIngressRule(this, "in-ssh", {
        securityGroupId: instance.securityGroupId,
        description: "SSH from the EC2 Instance Connect Endpoint",
        ipProtocol: "tcp",
        fromPort: SSH_PORT,
        toPort: SSH_PORT,
        referencedSecurityGroupId: this.securityGroup.id,
      }),
      `${name}_ssh_from_instance_connect_endpoint`,
    );
    this.endpoint = pinAddress(
      new Ec2InstanceConnectEndpoint(this, "endpoint", {
        subnetId: vpc.publicSubnet.id,
        securityGroupIds: [this.securityGroup.id],
        preserveClientIp: false,
        tags: { Name: `${label}-instance-connect` },
      }),
      name,
    );
    useProvider(this, vpc.provider);
  }

  /** The endpoint's id (`eice-...`). */
  public get endpointId(): string {
    return this.endpoint.id;
  }
}
