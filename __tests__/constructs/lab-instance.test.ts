import { Testing } from "cdktf";
import { LabInstance } from "../../src/constructs/lab-instance";
import { LabVpc } from "../../src/constructs/lab-vpc";
import { resource, resourcesOf } from "../../test-support/synth-lab";

function synthInstance(sshCidrs: string[] = []) {
  const text = Testing.synthScope((scope) => {
    const vpc = (name: string, n: number) =>
      new LabVpc(scope, name, {
        name,
        projectName: "lab",
        cidr: `10.${n}.0.0/16`,
        publicSubnetCidr: `10.${n}.0.0/24`,
        availabilityZone: "us-east-1a",
      });
    const vpc1 = vpc("vpc1", 1);
    new LabInstance(scope, "instance", {
      vpc: vpc1,
      projectName: "lab",
      instanceType: "t3.micro",
      amiId: "ami-0123456789abcdef0",
      peers: [vpc("vpc2", 2), vpc("vpc3", 3)],
      instanceConnectPrefixListId: "pl-0e4bcff02b13bef1e",
      sshCidrs,
    });
  });
  return { text, json: JSON.parse(text) };
}

describe("LabInstance", () => {
  const { text, json } = synthInstance();

  it("launches in the public subnet with no key pair and no public IP at launch", () => {
    const instance = resource(json, "aws_instance", "vpc1");
    expect(instance).toMatchObject({
      ami: "ami-0123456789abcdef0",
      instance_type: "t3.micro",
      subnet_id: "${aws_subnet.vpc1_public.id}",
      vpc_security_group_ids: ["${aws_security_group.vpc1_instance.id}"],
    });
    expect(instance.key_name).toBeUndefined();
    // Left to the subnet (map_public_ip_on_launch false): false beside an EIP replaces the instance on every plan.
    expect(instance.associate_public_ip_address).toBeUndefined();
  });

  it("requires IMDSv2 and encrypts a gp3 root volume", () => {
    expect(text).toHaveResourceWithProperties(
      { tfResourceType: "aws_instance" },
      {
        metadata_options: expect.objectContaining({ http_tokens: "required", http_endpoint: "enabled" }),
        root_block_device: expect.objectContaining({ encrypted: true, volume_type: "gp3" }),
      },
    );
  });

  it("associates an Elastic IP (domain vpc) with the instance after the internet gateway exists", () => {
    expect(resource(json, "aws_eip", "vpc1")).toMatchObject({
      domain: "vpc",
      instance: "${aws_instance.vpc1.id}",
      depends_on: ["aws_internet_gateway.vpc1"],
    });
  });

  it("lets each peered VPC's CIDR ping in, and lets the instance ping each peer", () => {
    for (const [peer, cidr] of [
      ["vpc2", "10.2.0.0/16"],
      ["vpc3", "10.3.0.0/16"],
    ]) {
      expect(resource(json, "aws_vpc_security_group_ingress_rule", `vpc1_icmp_from_${peer}`)).toMatchObject({
        ip_protocol: "icmp",
        from_port: 8,
        to_port: -1,
        cidr_ipv4: cidr,
        security_group_id: "${aws_security_group.vpc1_instance.id}",
      });
      expect(resource(json, "aws_vpc_security_group_egress_rule", `vpc1_icmp_to_${peer}`)).toMatchObject({
        ip_protocol: "icmp",
        from_port: 8,
        to_port: -1,
        cidr_ipv4: cidr,
      });
    }
  });

  it("allows SSH only from the EC2 Instance Connect prefix list, never from 0.0.0.0/0", () => {
    expect(resource(json, "aws_vpc_security_group_ingress_rule", "vpc1_ssh_from_instance_connect")).toMatchObject({
      ip_protocol: "tcp",
      from_port: 22,
      to_port: 22,
      prefix_list_id: "pl-0e4bcff02b13bef1e",
    });
    const open = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).filter((rule) => rule.cidr_ipv4 === "0.0.0.0/0");
    expect(open).toEqual([]);
  });

  it("allows HTTPS out to anywhere, explicitly (a Terraform-made group has no egress)", () => {
    expect(resource(json, "aws_vpc_security_group_egress_rule", "vpc1_https_out")).toMatchObject({
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  it("describes the security group and every rule", () => {
    expect(resource(json, "aws_security_group", "vpc1_instance").description).toMatch(/\S/);
    const rules = [
      ...Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule")),
      ...Object.values(resourcesOf(json, "aws_vpc_security_group_egress_rule")),
    ];
    expect(rules).toHaveLength(6);
    for (const rule of rules) expect(rule.description).toMatch(/\S/);
  });

  it("adds an SSH rule per sshCidrs entry, named after the block", () => {
    const { json: withSsh } = synthInstance(["203.0.113.7/32"]);
    expect(resource(withSsh, "aws_vpc_security_group_ingress_rule", "vpc1_ssh_from_203_0_113_7_32")).toMatchObject({
      cidr_ipv4: "203.0.113.7/32",
      from_port: 22,
      to_port: 22,
    });
  });
});
