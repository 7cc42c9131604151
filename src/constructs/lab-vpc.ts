import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { VpcImportConfig } from "../config";
import type { LabEnvironment } from "./lab-environment";
import { pinAddress } from "./terraform-address";
import { useProvider } from "./use-provider";

/** Properties of {@link LabVpc}. */
export interface LabVpcProps {
  /** The VPC's name in config; it names every resource (`aws_vpc.<name>`). */
  readonly name: string;
  /** Stack name, prefixed to the `Name` tags. */
  readonly projectName: string;
  /** IPv4 block of the VPC, e.g. `10.1.0.0/16`. */
  readonly cidr: string;
  /** IPv4 block of the public subnet, inside `cidr`. */
  readonly publicSubnetCidr: string;
  /** Availability zone of the public subnet. */
  readonly availabilityZone: string;
  /**
   * The zone was looked up (the first one offering the instance type) rather than configured:
   * a later change of the lookup's answer must not replace the subnet and everything in it.
   * @default false
   */
  readonly availabilityZoneIsLookedUp?: boolean;
  /**
   * The name AWS-side names and Name tags derive from: the VPC's first name, so that renaming it
   * (which changes `name`, and so the Terraform addresses) replaces nothing.
   * @default name
   */
  readonly physicalName?: string;
  /** Ids of hand-built resources to adopt through `import` blocks instead of creating them. @default none */
  readonly import?: VpcImportConfig;
  /**
   * The (region, account) context the VPC lives in: its resources, and those of the constructs
   * built on it (instance, role, endpoints), take that context's provider.
   * @default the lab's own context (the unaliased provider)
   */
  readonly environment?: LabEnvironment;
}

/**
 * A VPC with one public subnet: DNS on, an internet gateway, a route table with a default route
 * to it, and the default security group emptied.
 *
 * Addresses: `aws_vpc.<name>`, `aws_subnet.<name>_public`, `aws_internet_gateway.<name>`,
 * `aws_route_table.<name>_public`, `aws_route.<name>_public_internet`,
 * `aws_route_table_association.<name>_public`, `aws_default_security_group.<name>`.
 */
export class LabVpc extends Construct {
  /** The configured name. */
  public readonly name: string;
  /** The name AWS-side names derive from (the VPC's first name). */
  public readonly physicalName: string;
  /** The VPC's IPv4 block, as configured (a literal, usable in analysis and outputs). */
  public readonly cidr: string;
  public readonly vpc: Vpc;
  public readonly publicSubnet: Subnet;
  public readonly internetGateway: InternetGateway;
  public readonly publicRouteTable: RouteTable;
  /** The route to the internet gateway. */
  public readonly internetRoute: Route;
  /** The public subnet's association with its route table. */
  public readonly publicRouteTableAssociation: RouteTableAssociation;
  /** The id of a hand-built route table this VPC adopts, if any (its routes to peers are adopted too). */
  public importedRouteTableId?: string;
  /** The (region, account) context, when one was given. */
  public readonly environment?: LabEnvironment;

  public constructor(scope: Construct, id: string, props: LabVpcProps) {
    super(scope, id);
    const { name } = props;
    this.name = name;
    this.physicalName = props.physicalName ?? name;
    this.cidr = props.cidr;
    const label = `${props.projectName}-${this.physicalName}`;

    this.vpc = pinAddress(
      new Vpc(this, "vpc", { cidrBlock: props.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: label } }),
      name,
    );

    // No public IP at launch: the instance gets an Elastic IP, which survives stop/start, so the
    // address a learner noted down stays valid.
    this.publicSubnet = pinAddress(
      new Subnet(this, "public-subnet", {
        vpcId: this.vpc.id,
        cidrBlock: props.publicSubnetCidr,
        availabilityZone: props.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${label}-public` },
        ...(props.availabilityZoneIsLookedUp ? { lifecycle: { ignoreChanges: ["availability_zone"] } } : {}),
      }),
      `${name}_public`,
    );

    this.internetGateway = pinAddress(new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: label } }), name);

    this.publicRouteTable = pinAddress(
      new RouteTable(this, "public-rt", { vpcId: this.vpc.id, tags: { Name: `${label}-public` } }),
      `${name}_public`,
    );
    this.internetRoute = pinAddress(
      new Route(this, "internet-route", {
        routeTableId: this.publicRouteTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: this.internetGateway.id,
      }),
      `${name}_public_internet`,
    );
    this.publicRouteTableAssociation = pinAddress(
      new RouteTableAssociation(this, "public-rta", { subnetId: this.publicSubnet.id, routeTableId: this.publicRouteTable.id }),
      `${name}_public`,
    );

    // Adopting the default security group with no rule blocks removes AWS's allow-all rules, so
    // nothing that lands in it by mistake is reachable (CIS AWS 5.4).
    pinAddress(new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpc.id, tags: { Name: `${label}-default-unused` } }), name);
    this.adopt(props.import);
    this.environment = props.environment;
    useProvider(this, this.provider);
  }

  /** The region the VPC lives in, as configured (a literal), when its context is known. */
  public get region(): string | undefined {
    return this.environment?.region;
  }

  /** The name of the account in `accounts`: undefined in the account Terraform runs in. */
  public get accountName(): string | undefined {
    return this.environment?.accountName;
  }

  /** The account id of the VPC's context (a literal or a lookup). */
  public get accountId(): string | undefined {
    return this.environment?.accountId;
  }

  /** The provider of the VPC's context: undefined in the lab's own context (the unaliased default). */
  public get provider(): AwsProvider | undefined {
    return this.environment?.resourceProvider;
  }

  /** The VPC's id. */
  /** Adopts what the configuration says was built by hand (Terraform >= 1.5 `import` blocks). */
  private adopt(ids: VpcImportConfig | undefined): void {
    if (ids?.vpc) this.vpc.importFrom(ids.vpc);
    if (ids?.subnet) this.publicSubnet.importFrom(ids.subnet);
    if (ids?.internetGateway) this.internetGateway.importFrom(ids.internetGateway);
    if (ids?.routeTable) {
      this.publicRouteTable.importFrom(ids.routeTable);
      this.importedRouteTableId = ids.routeTable;
      // A route table built by hand for the lab already has the default route and (with the
      // subnet) the association: creating them again would fail at apply (RouteAlreadyExists,
      // Resource.AlreadyAssociated), so they are adopted too, by the ids AWS gives them.
      this.internetRoute.importFrom(`${ids.routeTable}_0.0.0.0/0`);
      if (ids.subnet) this.publicRouteTableAssociation.importFrom(`${ids.subnet}/${ids.routeTable}`);
    }
  }

  public get vpcId(): string {
    return this.vpc.id;
  }

  /** Ids of the route tables that serve the VPC's subnets. */
  public get routeTableIds(): string[] {
    return [this.publicRouteTable.id];
  }
}
