import type { InstanceNode, NetworkModel } from "./network-model";
import type { BucketTarget } from "./bucket-target";

/**
 * The one reading of a synthesized stack (`readLab(json, intent)`): the network model, where each
 * resource is built, and the lab's parts (its VPCs with their subnets, instances and endpoints,
 * its peerings, its bucket), each found by one rule. The analysis decides its verdicts on it and
 * returns it beside them; the diagram draws it and the diff compares two of them, so that no
 * part of the project reads the JSON its own way.
 */
export interface LabReading {
  /** The network as reachability sees it: routes, gateways, security groups, ACLs, instances, endpoints. */
  readonly network: NetworkModel;
  /** The VPCs (`aws_vpc`), in natural order of their names (vpc2 before vpc10). */
  readonly vpcs: readonly VpcReading[];
  /** The peering connections, with the routes that send traffic into each. */
  readonly peerings: readonly PeeringReading[];
  /** Every `aws_s3_bucket` of the stack, in the JSON's order. */
  readonly buckets: readonly BucketReading[];
  /** The lab's bucket: the one named `lab` (`aws_s3_bucket.lab`), else the only bucket; undefined otherwise. */
  readonly bucket?: LabBucketReading;
  /** Every AWS provider configuration, by alias (`""` for the default provider). */
  readonly contexts: ReadonlyMap<string, ResourceContext>;
  /** Where a resource or data source is built: its provider's context (the default provider's when it names none). */
  contextOf(address: string): ResourceContext;
  /**
   * The instance a path names by its VPC: `aws_instance.<vpc>`, else the first instance in
   * `aws_vpc.<vpc>`; undefined when the VPC holds none (or does not exist).
   */
  instanceOf(vpcName: string): InstanceReading | undefined;
  /**
   * The part of the lab that holds a component the analysis names (a security group, a rule, a
   * route, a policy, an instance profile, an association): the instance, endpoint, bucket, route
   * table, subnet, peering, gateway or VPC of {@link vpcs}, {@link peerings} and {@link buckets}
   * it belongs to; a part holds itself. A security group, an Elastic IP, a profile and its role
   * belong to the instance that uses them (the first in the VPCs' order, for a shared one), an
   * Instance Connect Endpoint's group to that endpoint (and so do their rules and policies), a
   * route through a peering to the peering.
   * Undefined when no part holds it.
   */
  ownerOf(address: string): string | undefined;
}

/**
 * Where a resource is built: the AWS provider configuration it names (`provider = "aws.<alias>"`),
 * with that configuration's region and account.
 */
export interface ResourceContext {
  /** The provider alias; `""` for the default provider. */
  readonly alias: string;
  /** `aws.<alias>` for an aliased provider; undefined for the default one. */
  readonly provider?: string;
  /** The provider's region, when literal in the JSON (or named for the alias by the intent). */
  readonly region?: string;
  /**
   * The account number, when known: the intent's for the alias (offline values), else the
   * provider's assumed role ARN or its single `allowed_account_ids`; for the default provider
   * and an alias that assumes no role, Terraform's own account (the intent's `accountId`, when
   * known). Undefined when the JSON and the intent do not name it.
   */
  readonly accountId?: string;
  /**
   * Tells accounts apart when their numbers are not known: the account number; `"default"` for
   * Terraform's own account; else `aws.<alias>` (an unnamed account of its own).
   */
  readonly accountKey: string;
  /** True when the resource is built in Terraform's own account (the default provider's). */
  readonly ownAccount: boolean;
}

/** A VPC of the stack and what it holds. */
export interface VpcReading {
  /** `aws_vpc.vpc1`. */
  readonly address: string;
  /** Its configured name: the address's name part (`vpc1`). */
  readonly name: string;
  /** Its IPv4 block as text (`10.1.0.0/16`), or the expression as written when not known at synth. */
  readonly cidr?: string;
  readonly context: ResourceContext;
  /** Internet gateways attached to it. */
  readonly internetGateways: readonly string[];
  readonly subnets: readonly SubnetReading[];
  /** Its VPC endpoints (gateway and interface), with the service each reaches. */
  readonly endpoints: readonly EndpointReading[];
  /** Its flow logs, with the log group each writes to (the group's name when literal, else its address). */
  readonly flowLogs: readonly { readonly address: string; readonly logGroup?: string }[];
  /** The instance paths name this VPC by ({@link LabReading.instanceOf}). */
  readonly instance?: InstanceReading;
}

/** A subnet, with the instances and EC2 Instance Connect Endpoints in it. */
export interface SubnetReading {
  readonly address: string;
  /** Its block as text, or the expression as written. */
  readonly cidr?: string;
  /** Its route table sends 0.0.0.0/0 to an internet gateway. */
  readonly isPublic: boolean;
  /** The route table that serves it (its association, else the VPC's main table). */
  readonly routeTable: string;
  readonly instances: readonly InstanceReading[];
  /** Addresses of the EC2 Instance Connect Endpoints in it. */
  readonly instanceConnectEndpoints: readonly string[];
}

/** An EC2 instance as the network model reads it, with its instance type. */
export interface InstanceReading extends InstanceNode {
  /** `t3.micro`, when literal. */
  readonly instanceType?: string;
  /** The IAM role its requests are signed with: its instance profile's role (`aws_iam_role.vpc1_instance`), when a reference. */
  readonly role?: string;
}

/** A VPC endpoint as the lab shows it. */
export interface EndpointReading {
  readonly address: string;
  /** The service's last name part (`s3` of `com.amazonaws.us-east-1.s3`). */
  readonly service: string;
  /** The full service name, as resolved (`com.amazonaws.us-east-1.s3`). */
  readonly serviceName: string;
  /** `Gateway` or `Interface` (AWS's default is Gateway). */
  readonly type: string;
}

/** A peering connection and the routes that carry traffic over it. */
export interface PeeringReading {
  readonly address: string;
  readonly requester?: string;
  readonly accepter?: string;
  /** Accepted in this stack (auto_accept or an accepter resource). */
  readonly accepted: boolean;
  /** To another account or region with no accepter here: accepted (or not) elsewhere. */
  readonly acceptedElsewhere: boolean;
  /** Routes whose target is this peering, by address, with the VPC of their table and their destination as text. */
  readonly routes: readonly { readonly address: string; readonly vpc?: string; readonly destination: string }[];
}

/** An S3 bucket, as the picture names it. */
export interface BucketReading {
  readonly address: string;
  /** Its name when literal (`bucket`), else its prefix followed by `…` (`bucket_prefix`). */
  readonly name?: string;
}

/** The lab's bucket: its name, and what the S3 paths decide on (ARN, account, region, policy, key). */
export type LabBucketReading = BucketReading & BucketTarget;

/** What kind of component a path goes through, in the order a picture draws them. */
export type RouteComponentKind =
  /** The source or destination instance. */
  | "instance"
  /** What gives an instance its public address: an Elastic IP (or its association), or the instance for a launch-time IP. */
  | "public-address"
  /** The IAM role an instance's requests are signed with (S3 paths). */
  | "iam-role"
  | "security-group"
  | "network-acl"
  | "route-table"
  /** A route of a route table (`aws_route`), beside the table. */
  | "route"
  | "peering"
  | "internet-gateway"
  /** The console's EC2 Instance Connect service (address {@link INSTANCE_CONNECT_SERVICE}), where ssh paths start. */
  | "instance-connect"
  | "instance-connect-endpoint"
  | "gateway-endpoint"
  | "bucket"
  /** A component the analysis names that is none of the above (a VPC without a gateway, a missing target). */
  | "other";

/** The address standing for the EC2 Instance Connect service in a route (it has no Terraform address). */
export const INSTANCE_CONNECT_SERVICE = "ec2-instance-connect";

/** One component of the route a path verdict walked. */
export interface RouteComponent {
  readonly kind: RouteComponentKind;
  /**
   * The component's Terraform address: a security group or network ACL for their rules, a route
   * table, `aws_route.x` for a route, {@link INSTANCE_CONNECT_SERVICE} for the service. The main
   * route table of an unmanaged VPC is named as the analysis names it ("the main route table of aws_vpc.x").
   */
  readonly address: string;
  /** The resources that decided the step here (the rules that matched, the route), in walk order. */
  readonly via: readonly string[];
  /** The VPC the component is in, when it is in one. */
  readonly vpc?: string;
  /**
   * On the last component of a path that is not reachable: the path provably stops here
   * (`blocked`, with the verdict's code) or cannot be proven here (`unknown`).
   */
  readonly stop?: "blocked" | "unknown";
}
