import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { LabBucket } from "./lab-bucket";
import type { LabInstance } from "./lab-instance";
import type { LabVpc } from "./lab-vpc";
import type { S3GatewayEndpoint } from "./s3-gateway-endpoint";
import type { VpcFlowLogs } from "./vpc-flow-logs";
import type { VpcPeering } from "./vpc-peering";

/** An instance as the outputs describe it. */
export interface InstanceOutput {
  readonly instance: LabInstance;
  /** Its VPC's region (a literal): it names the console and CLI commands. */
  readonly region: string;
  /** Names of the peered VPCs, in peering order: a ping command per peer that has an instance. */
  readonly peers: readonly string[];
}

/** Properties of {@link LabOutputs}. */
export interface LabOutputsProps {
  /** VPCs by name. */
  readonly vpcs: ReadonlyMap<string, LabVpc>;
  /** Peerings by `<requester>_<accepter>`. */
  readonly peerings: ReadonlyMap<string, VpcPeering>;
  /** Instances by the name of their VPC. */
  readonly instances: ReadonlyMap<string, InstanceOutput>;
  /**
   * Extra SSH sources: in `"public-ip"` mode an `ssh_command` is given only when a laptop can
   * connect (the console's prefix list covers the console only). @default []
   */
  readonly sshCidrs?: readonly string[];
  /** The flow logs and the region of their Logs Insights console. @default no flow log outputs */
  readonly flowLogs?: { readonly flowLogs: VpcFlowLogs; readonly region: string };
  /** The lab bucket and its gateway endpoints by VPC name. @default no S3 outputs */
  readonly s3?: { readonly bucket: LabBucket; readonly endpoints: ReadonlyMap<string, S3GatewayEndpoint> };
}

/**
 * The lab's Terraform outputs: VPC, peering and instance ids with the commands of the lab (ping,
 * Instance Connect), the flow logs' groups and saved queries, and the bucket with its endpoints.
 *
 * The outputs are the stack's own elements (`output.vpc_ids`, ...), not this construct's children:
 * cdktf writes each output's construct path into the stack's `//` metadata, which `cdktf output`
 * and `--outputs-file` nest their values by, so outputs one level down would change what every
 * script reading those files sees.
 */
export class LabOutputs extends Construct {
  public constructor(scope: Construct, id: string, props: LabOutputsProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const output = (name: string, description: string, value: unknown) => new TerraformOutput(stack, name, { description, value });

    if (props.flowLogs) {
      const { flowLogs, region } = props.flowLogs;
      output("flow_log_group_names", "CloudWatch log group of each VPC's flow log, by VPC name", flowLogs.logGroupNames);
      output("flow_log_ids", "Flow log id by VPC name", flowLogs.flowLogIds);
      output(
        "flow_log_query_names",
        "Saved Logs Insights queries over the flow logs (CloudWatch > Logs Insights > Saved queries)",
        flowLogs.queryNames,
      );
      output(
        "logs_insights_url",
        "CloudWatch Logs Insights in the lab's region: pick a saved query there",
        `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights`,
      );
    }

    output("vpc_ids", "VPC id per configured VPC name", byName([...props.vpcs].map(([name, vpc]) => [name, vpc.vpcId])));
    output(
      "peering_connection_ids",
      "VPC peering connection id per <requester>_<accepter>",
      byName([...props.peerings].map(([key, peering]) => [key, peering.peeringConnectionId])),
    );
    output(
      "instances",
      "Per instance (by VPC name): id, addresses, ping commands to its peers and the Instance Connect console link",
      byName([...props.instances].map(([name, described]) => [name, instanceOutput(described, props)])),
    );

    if (props.s3) {
      const { bucket, endpoints } = props.s3;
      output("s3_bucket", "The lab bucket's name and ARN", { name: bucket.bucketName, arn: bucket.bucketArn });
      output(
        "s3_endpoint_ids",
        "S3 gateway endpoint id per VPC name (the aws:SourceVpce values the bucket policy admits)",
        byName([...endpoints].map(([name, endpoint]) => [name, endpoint.endpointId])),
      );
      output("s3_commands", "The lab's commands, to run on an instance (its role supplies the credentials: no aws configure)", {
        create_test_file: "touch /tmp/test.txt",
        list_bucket: `aws s3 ls s3://${bucket.bucketName}`,
        upload_test_file: `aws s3 cp /tmp/test.txt s3://${bucket.bucketName}/`,
      });
    }
  }
}

function instanceOutput({ instance, region, peers }: InstanceOutput, props: LabOutputsProps): Record<string, unknown> {
  const publicIp = instance.instanceConnect === "public-ip";
  const pings = byName(
    peers.flatMap((peer) => {
      const target = props.instances.get(peer);
      return target ? [[peer, `ping -c 4 ${target.instance.privateIp}`] as const] : [];
    }),
  );
  const id = instance.instanceId;
  return {
    id,
    private_ip: instance.privateIp,
    ...(publicIp ? { public_ip: instance.publicIp } : {}),
    ping_commands: pings,
    instance_connect_url: `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ConnectToInstance:instanceId=${id}`,
    ...(!publicIp
      ? { ssh_command: `aws ec2-instance-connect ssh --region ${region} --instance-id ${id} --connection-type eice` }
      : (props.sshCidrs ?? []).length > 0
        ? { ssh_command: `aws ec2-instance-connect ssh --region ${region} --instance-id ${id}` }
        : {}),
  };
}

/**
 * An output map keyed by VPC names, as an object without a prototype: a VPC named `constructor`
 * is a key like any other.
 */
function byName(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const map = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of entries) map[key] = value;
  return map;
}
