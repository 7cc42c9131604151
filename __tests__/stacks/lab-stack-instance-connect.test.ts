/** `"instanceConnect": "endpoint"` (issue 13): private instances reached through an EC2 Instance Connect Endpoint. */
import { resource, resourcesOf, synthLab, vpcConfig as vpc } from "../../test-support/synth-lab";

describe('LabStack with "instanceConnect": "endpoint"', () => {
  const { json } = synthLab({
    instanceConnect: "endpoint",
    vpcs: [vpc("vpc1", 1), vpc("vpc2", 2), vpc("vpc3", 3, { instance: false })],
  });

  it("puts an endpoint in each VPC with an instance, in the instance's subnet, without client IP preservation", () => {
    expect(Object.keys(resourcesOf(json, "aws_ec2_instance_connect_endpoint"))).toEqual(["vpc1", "vpc2"]);
    expect(resource(json, "aws_ec2_instance_connect_endpoint", "vpc1")).toMatchObject({
      subnet_id: "${aws_subnet.vpc1_public.id}",
      security_group_ids: ["${aws_security_group.vpc1_instance_connect_endpoint.id}"],
      preserve_client_ip: false,
    });
    // One endpoint per VPC: a replacement must destroy first.
    expect(resource(json, "aws_ec2_instance_connect_endpoint", "vpc1")).not.toHaveProperty("lifecycle");
  });

  it("gives the instances no public address: no Elastic IP, none at launch", () => {
    expect(resourcesOf(json, "aws_eip")).toEqual({});
    // The subnet maps no public IP at launch, in either mode.
    expect(resource(json, "aws_subnet", "vpc1_public").map_public_ip_on_launch).toBe(false);
    expect(resource(json, "aws_instance", "vpc1")).not.toHaveProperty("associate_public_ip_address");
  });

  it("allows SSH into an instance only from its endpoint's security group, and the endpoint out only to the instance", () => {
    const ingress = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
    const ssh = Object.entries(ingress).filter(([, rule]) => rule.from_port === 22);
    expect(ssh.map(([name]) => name).sort()).toEqual([
      "vpc1_ssh_from_instance_connect_endpoint",
      "vpc2_ssh_from_instance_connect_endpoint",
    ]);
    expect(ingress.vpc1_ssh_from_instance_connect_endpoint).toMatchObject({
      security_group_id: "${aws_security_group.vpc1_instance.id}",
      referenced_security_group_id: "${aws_security_group.vpc1_instance_connect_endpoint.id}",
      ip_protocol: "tcp",
      to_port: 22,
    });
    expect(resource(json, "aws_vpc_security_group_egress_rule", "vpc1_eice_ssh_to_instance")).toMatchObject({
      security_group_id: "${aws_security_group.vpc1_instance_connect_endpoint.id}",
      referenced_security_group_id: "${aws_security_group.vpc1_instance.id}",
      from_port: 22,
      to_port: 22,
    });
  });

  it("looks up no Instance Connect prefix list", () => {
    expect(json.data?.aws_ec2_managed_prefix_list).toBeUndefined();
  });

  it("outputs the eice SSH command and no public IP", () => {
    const instances = json.output!.instances!.value as Record<string, Record<string, unknown>>;
    expect(instances.vpc1).not.toHaveProperty("public_ip");
    expect(instances.vpc1!.ssh_command).toBe(
      "aws ec2-instance-connect ssh --region us-east-1 --instance-id ${aws_instance.vpc1.id} --connection-type eice",
    );
  });
});
