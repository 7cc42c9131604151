import { Testing } from "cdktf";
import { InstanceConnectEndpoint } from "../../src/constructs/instance-connect-endpoint";
import { LabInstance } from "../../src/constructs/lab-instance";
import { LabVpc } from "../../src/constructs/lab-vpc";

function instanceIn(mode: "public-ip" | "endpoint") {
  let made: LabInstance | undefined;
  Testing.synthScope((scope) => {
    const vpc = new LabVpc(scope, "vpc1", {
      name: "vpc1",
      projectName: "lab",
      cidr: "10.1.0.0/16",
      publicSubnetCidr: "10.1.0.0/24",
      availabilityZone: "us-east-1a",
    });
    made = new LabInstance(scope, "instance", {
      vpc,
      projectName: "lab",
      instanceType: "t3.micro",
      amiId: "ami-0123456789abcdef0",
      peers: [],
      instanceConnect: mode,
      ...(mode === "public-ip" ? { instanceConnectPrefixListId: "pl-0123456789abcdef0" } : {}),
    });
    if (mode === "endpoint") new InstanceConnectEndpoint(scope, "eice", { instance: made, projectName: "lab" });
  });
  return made!;
}

describe("InstanceConnectEndpoint", () => {
  it("refuses an instance built with a public IP (its SSH rules would stay open beside the endpoint)", () => {
    const instance = instanceIn("public-ip");
    expect(() => new InstanceConnectEndpoint(instance.node.scope!, "eice", { instance, projectName: "lab" })).toThrow(/"endpoint" mode/);
  });

  it("leaves an endpoint-mode instance without an Elastic IP", () => {
    const instance = instanceIn("endpoint");
    expect(instance.elasticIp).toBeUndefined();
    expect(instance.publicIp).toBeUndefined();
  });
});

describe("LabInstance", () => {
  it('requires the Instance Connect prefix list in "public-ip" mode', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const vpc = new LabVpc(scope, "vpc1", {
          name: "vpc1",
          projectName: "lab",
          cidr: "10.1.0.0/16",
          publicSubnetCidr: "10.1.0.0/24",
          availabilityZone: "us-east-1a",
        });
        new LabInstance(scope, "instance", {
          vpc,
          projectName: "lab",
          instanceType: "t3.micro",
          amiId: "ami-0123456789abcdef0",
          peers: [],
        });
      }),
    ).toThrow(/instanceConnectPrefixListId/);
  });
});
