import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { Construct } from "constructs";
import type { LabVpc } from "./lab-vpc";
import { pinAddress } from "./terraform-address";

/** Properties of {@link VpcPeering}. */
export interface VpcPeeringProps {
  /** The VPC that requests the peering. */
  readonly requester: LabVpc;
  /** The VPC that accepts it (same account and region, so it is accepted automatically). */
  readonly accepter: LabVpc;
  /** Stack name, prefixed to the `Name` tag. */
  readonly projectName: string;
  /** The id of a hand-built peering connection between the two VPCs, to adopt (`import` block). @default none */
  readonly import?: string;
}

/**
 * A peering connection between two lab VPCs and, in each side's route tables, a route to exactly
 * the other VPC's block through it. Peering is not transitive: a VPC reaches only its direct peers.
 *
 * Addresses: `aws_vpc_peering_connection.<requester>_<accepter>`,
 * `aws_route.<requester>_to_<accepter>`, `aws_route.<accepter>_to_<requester>`.
 */
export class VpcPeering extends Construct {
  public readonly connection: VpcPeeringConnection;

  public constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const { requester, accepter } = props;
    if (requester.name === accepter.name) throw new Error(`VpcPeering: a VPC cannot be peered with itself (${requester.name})`);
    const pair = `${requester.name}_${accepter.name}`;
    this.connection = pinAddress(
      new VpcPeeringConnection(this, "connection", {
        vpcId: requester.vpcId,
        peerVpcId: accepter.vpcId,
        // Same account and region: the requester can accept its own request.
        autoAccept: true,
        tags: { Name: `${props.projectName}-${requester.physicalName}-${accepter.physicalName}`, Side: "requester" },
      }),
      pair,
    );
    if (props.import) this.connection.importFrom(props.import);
    this.routeBetween(requester, accepter);
    this.routeBetween(accepter, requester);
  }

  /** The peering connection's id. */
  public get peeringConnectionId(): string {
    return this.connection.id;
  }

  private routeBetween(from: LabVpc, to: LabVpc): void {
    pinAddress(
      new Route(this, `${from.name}-to-${to.name}`, {
        routeTableId: from.publicRouteTable.id,
        destinationCidrBlock: to.cidr,
        vpcPeeringConnectionId: this.connection.id,
      }),
      `${from.name}_to_${to.name}`,
    );
  }
}
