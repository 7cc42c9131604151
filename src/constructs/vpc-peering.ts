import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { VpcPeeringConnectionOptions } from "@cdktf/provider-aws/lib/vpc-peering-connection-options";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import type { LabVpc } from "./lab-vpc";
import { pinAddress } from "./terraform-address";

/** Properties of {@link VpcPeering}. */
export interface VpcPeeringProps {
  /** The VPC that requests the peering. */
  readonly requester: LabVpc;
  /** The VPC that accepts it. */
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
 * In one region and account the requester accepts its own request. Across regions or accounts
 * (the VPCs' contexts differ), in the same apply: the request names `peer_region` and
 * `peer_owner_id`, an `aws_vpc_peering_connection_accepter` accepts it in the accepter's provider,
 * each side turns on DNS resolution across the peering once it is active
 * (`aws_vpc_peering_connection_options`, one per side, each in its side's provider), and the
 * routes wait for the acceptance (`depends_on`).
 *
 * Addresses: `aws_vpc_peering_connection.<requester>_<accepter>`,
 * `aws_route.<requester>_to_<accepter>`, `aws_route.<accepter>_to_<requester>`; across contexts also
 * `aws_vpc_peering_connection_accepter.<requester>_<accepter>` and
 * `aws_vpc_peering_connection_options.<requester>_<accepter>_{requester,accepter}`.
 */
export class VpcPeering extends Construct {
  public readonly connection: VpcPeeringConnection;
  /** True when the connection is adopted from one built by hand. */
  private readonly adopted: boolean;
  /** The accepter side, across regions or accounts only. */
  public readonly accepterSide?: VpcPeeringConnectionAccepterA;

  public constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const { requester, accepter } = props;
    if (requester.name === accepter.name) throw new Error(`VpcPeering: a VPC cannot be peered with itself (${requester.name})`);
    const pair = `${requester.name}_${accepter.name}`;
    const crossRegion = requester.region !== accepter.region;
    const crossAccount = requester.accountName !== accepter.accountName;
    const name = `${props.projectName}-${requester.physicalName}-${accepter.physicalName}`;
    this.connection = pinAddress(
      new VpcPeeringConnection(this, "connection", {
        vpcId: requester.vpcId,
        peerVpcId: accepter.vpcId,
        ...(crossRegion || crossAccount
          ? {
              ...(crossRegion ? { peerRegion: accepter.region } : {}),
              ...(crossAccount ? { peerOwnerId: accepter.accountId } : {}),
            }
          : // Same account and region: the requester can accept its own request.
            { autoAccept: true }),
        // Across contexts both sides tag the one connection (the emulator keeps a single set of
        // tags for both), so they write the same tags, or each re-plan would undo the other's.
        tags: crossRegion || crossAccount ? { Name: name } : { Name: name, Side: "requester" },
        provider: requester.provider,
      }),
      pair,
    );
    if (props.import) this.connection.importFrom(props.import);
    this.adopted = props.import !== undefined;
    // Across contexts, what needs the connection active waits for the accepter (depends_on) and
    // still names the connection itself, as a route to a peering always does.
    const waitFor: TerraformResource[] = [];
    if (crossRegion || crossAccount) {
      const accepterSide = pinAddress(
        new VpcPeeringConnectionAccepterA(this, "accepter", {
          vpcPeeringConnectionId: this.connection.id,
          autoAccept: true,
          tags: { Name: name },
          provider: accepter.provider,
        }),
        pair,
      );
      this.accepterSide = accepterSide;
      waitFor.push(accepterSide);
      pinAddress(
        new VpcPeeringConnectionOptions(this, "requester-options", {
          vpcPeeringConnectionId: this.connection.id,
          requester: { allowRemoteVpcDnsResolution: true },
          provider: requester.provider,
          dependsOn: waitFor,
        }),
        `${pair}_requester`,
      );
      pinAddress(
        new VpcPeeringConnectionOptions(this, "accepter-options", {
          vpcPeeringConnectionId: this.connection.id,
          accepter: { allowRemoteVpcDnsResolution: true },
          provider: accepter.provider,
          dependsOn: waitFor,
        }),
        `${pair}_accepter`,
      );
    }
    this.routeBetween(requester, accepter, waitFor);
    this.routeBetween(accepter, requester, waitFor);
  }

  /** The peering connection's id. */
  public get peeringConnectionId(): string {
    return this.connection.id;
  }

  private routeBetween(from: LabVpc, to: LabVpc, waitFor: readonly TerraformResource[]): void {
    const route = pinAddress(
      new Route(this, `${from.name}-to-${to.name}`, {
        routeTableId: from.publicRouteTable.id,
        destinationCidrBlock: to.cidr,
        vpcPeeringConnectionId: this.connection.id,
        provider: from.provider,
        ...(waitFor.length > 0 ? { dependsOn: [...waitFor] } : {}),
      }),
      `${from.name}_to_${to.name}`,
    );
    // An adopted peering between adopted route tables already has its routes (the lab adds them
    // by hand): they are adopted too, or the apply would fail with RouteAlreadyExists.
    if (this.adopted && from.importedRouteTableId) route.importFrom(`${from.importedRouteTableId}_${to.cidr}`);
  }
}
