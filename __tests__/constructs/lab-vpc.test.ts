import { Testing } from "cdktf";
import { LabVpc } from "../../src/constructs/lab-vpc";
import { resource, resourcesOf } from "../../test-support/synth-lab";

function synthVpc() {
  const text = Testing.synthScope((scope) => {
    new LabVpc(scope, "vpc1", {
      name: "vpc1",
      projectName: "lab",
      cidr: "10.1.0.0/16",
      publicSubnetCidr: "10.1.0.0/24",
      availabilityZone: "us-east-1a",
    });
  });
  return { text, json: JSON.parse(text) };
}

describe("LabVpc", () => {
  const { text, json } = synthVpc();

  it("creates a VPC with DNS support and hostnames on and a Name tag", () => {
    expect(text).toHaveResourceWithProperties(
      { tfResourceType: "aws_vpc" },
      { cidr_block: "10.1.0.0/16", enable_dns_support: true, enable_dns_hostnames: true, tags: { Name: "lab-vpc1" } },
    );
  });

  it("creates a public subnet that does not map public IPs on launch (instances get Elastic IPs)", () => {
    expect(text).toHaveResourceWithProperties(
      { tfResourceType: "aws_subnet" },
      { cidr_block: "10.1.0.0/24", availability_zone: "us-east-1a", map_public_ip_on_launch: false, vpc_id: "${aws_vpc.vpc1.id}" },
    );
  });

  it("routes 0.0.0.0/0 of the public route table to the VPC's internet gateway", () => {
    expect(resource(json, "aws_route", "vpc1_public_internet")).toMatchObject({
      route_table_id: "${aws_route_table.vpc1_public.id}",
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: "${aws_internet_gateway.vpc1.id}",
    });
    expect(resource(json, "aws_internet_gateway", "vpc1")).toMatchObject({ vpc_id: "${aws_vpc.vpc1.id}" });
  });

  it("associates the public subnet with the public route table", () => {
    expect(resource(json, "aws_route_table_association", "vpc1_public")).toMatchObject({
      subnet_id: "${aws_subnet.vpc1_public.id}",
      route_table_id: "${aws_route_table.vpc1_public.id}",
    });
  });

  it("adopts the default security group with no rules at all", () => {
    const sg = resource(json, "aws_default_security_group", "vpc1");
    expect(sg.vpc_id).toBe("${aws_vpc.vpc1.id}");
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("names every resource after the configured VPC name, not a hash", () => {
    const names = Object.values(json.resource as Record<string, Record<string, unknown>>).flatMap((byName) => Object.keys(byName));
    expect(names.sort()).toEqual(["vpc1", "vpc1", "vpc1", "vpc1_public", "vpc1_public", "vpc1_public", "vpc1_public_internet"]);
    expect(Object.keys(resourcesOf(json, "aws_vpc"))).toEqual(["vpc1"]);
  });
});
