import { Testing } from "cdktf";
import { LabVpc } from "../../src/constructs/lab-vpc";
import { VpcPeering } from "../../src/constructs/vpc-peering";
import { resource, resourcesOf } from "../../test-support/synth-lab";

function synthPeering() {
  const text = Testing.synthScope((scope) => {
    const vpc = (name: string, n: number) =>
      new LabVpc(scope, name, {
        name,
        projectName: "lab",
        cidr: `10.${n}.0.0/16`,
        publicSubnetCidr: `10.${n}.0.0/24`,
        availabilityZone: "us-east-1a",
      });
    new VpcPeering(scope, "peering", { requester: vpc("vpc1", 1), accepter: vpc("vpc2", 2), projectName: "lab" });
  });
  return { text, json: JSON.parse(text) };
}

describe("VpcPeering", () => {
  const { text, json } = synthPeering();

  it("requests the peering from the requester VPC to the accepter VPC and accepts it automatically", () => {
    expect(text).toHaveResourceWithProperties(
      { tfResourceType: "aws_vpc_peering_connection" },
      { vpc_id: "${aws_vpc.vpc1.id}", peer_vpc_id: "${aws_vpc.vpc2.id}", auto_accept: true },
    );
  });

  it("routes each VPC's public route table to exactly the peer's CIDR through the peering", () => {
    expect(resource(json, "aws_route", "vpc1_to_vpc2")).toMatchObject({
      route_table_id: "${aws_route_table.vpc1_public.id}",
      destination_cidr_block: "10.2.0.0/16",
      vpc_peering_connection_id: "${aws_vpc_peering_connection.vpc1_vpc2.id}",
    });
    expect(resource(json, "aws_route", "vpc2_to_vpc1")).toMatchObject({
      route_table_id: "${aws_route_table.vpc2_public.id}",
      destination_cidr_block: "10.1.0.0/16",
      vpc_peering_connection_id: "${aws_vpc_peering_connection.vpc1_vpc2.id}",
    });
  });

  it("adds one route per side and one connection", () => {
    const peeringRoutes = Object.values(resourcesOf(json, "aws_route")).filter((route) => route.vpc_peering_connection_id);
    expect(peeringRoutes).toHaveLength(2);
    expect(Object.keys(resourcesOf(json, "aws_vpc_peering_connection"))).toEqual(["vpc1_vpc2"]);
  });

  it("refuses to peer a VPC with itself", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const vpc = new LabVpc(scope, "vpc1", {
          name: "vpc1",
          projectName: "lab",
          cidr: "10.1.0.0/16",
          publicSubnetCidr: "10.1.0.0/24",
          availabilityZone: "us-east-1a",
        });
        new VpcPeering(scope, "peering", { requester: vpc, accepter: vpc, projectName: "lab" });
      }),
    ).toThrow(/cannot be peered with itself/);
  });
});
