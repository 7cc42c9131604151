import { addresses, resource, resourcesOf, synthLab, vpcConfig } from "../../test-support/synth-lab";

const vpc = vpcConfig;

describe("LabStack", () => {
  describe("with the default lab", () => {
    const { json, text } = synthLab();

    it("builds two VPCs, one peering with a route each way, and an instance with an Elastic IP in each VPC", () => {
      expect(Object.keys(resourcesOf(json, "aws_vpc")).sort()).toEqual(["vpc1", "vpc2"]);
      expect(Object.keys(resourcesOf(json, "aws_vpc_peering_connection"))).toEqual(["vpc1_vpc2"]);
      expect(resource(json, "aws_route", "vpc1_to_vpc2").vpc_peering_connection_id).toBe("${aws_vpc_peering_connection.vpc1_vpc2.id}");
      expect(resource(json, "aws_route", "vpc2_to_vpc1").vpc_peering_connection_id).toBe("${aws_vpc_peering_connection.vpc1_vpc2.id}");
      expect(Object.keys(resourcesOf(json, "aws_instance")).sort()).toEqual(["vpc1", "vpc2"]);
      expect(resource(json, "aws_eip", "vpc2").instance).toBe("${aws_instance.vpc2.id}");
    });

    it("launches Amazon Linux 2023 from AWS's public SSM parameter", () => {
      expect(json.data?.aws_ssm_parameter?.al2023_x86_64).toMatchObject({
        name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      });
      expect(resource(json, "aws_instance", "vpc1").ami).toBe("${data.aws_ssm_parameter.al2023_x86_64.insecure_value}");
    });

    it("looks up the region's EC2 Instance Connect prefix list for the SSH rule", () => {
      expect(json.data?.aws_ec2_managed_prefix_list?.ec2_instance_connect).toMatchObject({
        name: "com.amazonaws.us-east-1.ec2-instance-connect",
      });
      expect(resource(json, "aws_vpc_security_group_ingress_rule", "vpc1_ssh_from_instance_connect").prefix_list_id).toBe(
        "${data.aws_ec2_managed_prefix_list.ec2_instance_connect.id}",
      );
    });

    it("tags everything through provider default tags", () => {
      expect(text).toHaveProviderWithProperties(
        { tfResourceType: "aws" },
        { region: "us-east-1", default_tags: [{ tags: { Project: "vpc-lab", ManagedBy: "cdktf" } }] },
      );
    });

    it("keeps state outside cdktf.out with a relative local backend path", () => {
      expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.vpc-lab.tfstate" } });
    });

    it("contains no absolute path of this machine", () => {
      expect(text).not.toContain(process.cwd());
      expect(text).not.toMatch(/"\/(home|root|tmp|work|Users)\//);
    });

    it("outputs VPC ids, peering ids and, per instance, addresses, ping commands and the Instance Connect link", () => {
      expect(json.output?.vpc_ids?.value).toEqual({ vpc1: "${aws_vpc.vpc1.id}", vpc2: "${aws_vpc.vpc2.id}" });
      expect(json.output?.peering_connection_ids?.value).toEqual({ vpc1_vpc2: "${aws_vpc_peering_connection.vpc1_vpc2.id}" });
      expect(json.output?.instances?.value).toMatchObject({
        vpc1: {
          id: "${aws_instance.vpc1.id}",
          private_ip: "${aws_instance.vpc1.private_ip}",
          public_ip: "${aws_eip.vpc1.public_ip}",
          ping_commands: { vpc2: "ping -c 4 ${aws_instance.vpc2.private_ip}" },
          instance_connect_url:
            "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#ConnectToInstance:instanceId=${aws_instance.vpc1.id}",
        },
      });
      expect((json.output?.instances?.value as Record<string, Record<string, unknown>>).vpc1?.ssh_command).toBeUndefined();
    });
  });

  it("adds the aws ec2-instance-connect ssh command to the outputs when sshCidrs is set", () => {
    const { json } = synthLab({ sshCidrs: ["203.0.113.7/32"] });
    expect((json.output?.instances?.value as Record<string, Record<string, unknown>>).vpc1?.ssh_command).toBe(
      "aws ec2-instance-connect ssh --region us-east-1 --instance-id ${aws_instance.vpc1.id}",
    );
  });

  it("puts each public subnet in the first zone that offers its instance's type, and keeps it there", () => {
    const { json } = synthLab();
    expect(json.data?.aws_ec2_instance_type_offerings?.t3_micro).toMatchObject({
      location_type: "availability-zone",
      filter: [{ name: "instance-type", values: ["t3.micro"] }],
    });
    expect(resource(json, "aws_subnet", "vpc1_public")).toMatchObject({
      availability_zone: "${element(sort(data.aws_ec2_instance_type_offerings.t3_micro.locations), 0)}",
      lifecycle: { ignore_changes: ["availability_zone"] },
    });
  });

  it("uses a configured availability zone as given, and <region>a offline", () => {
    const configured = synthLab({ vpcs: [vpc("vpc1", 1, { availabilityZone: "us-east-1c" }), vpc("vpc2", 2)] }).json;
    expect(resource(configured, "aws_subnet", "vpc1_public").availability_zone).toBe("us-east-1c");
    expect(resource(configured, "aws_subnet", "vpc1_public").lifecycle).toBeUndefined();
    expect(resource(synthLab({ offline: true }).json, "aws_subnet", "vpc2_public").availability_zone).toBe("us-east-1a");
  });

  it("keeps instances when AWS publishes a new Amazon Linux image, but not when a configured AMI id changes", () => {
    expect(resource(synthLab().json, "aws_instance", "vpc1").lifecycle).toEqual({ ignore_changes: ["ami"] });
    const pinned = synthLab({ vpcs: [vpc("vpc1", 1, { instance: { amiId: "ami-0abcdef0123456789" } }), vpc("vpc2", 2)] }).json;
    expect(resource(pinned, "aws_instance", "vpc1").lifecycle).toBeUndefined();
  });

  it("gives Graviton instance types the arm64 Amazon Linux image", () => {
    const { json } = synthLab({ vpcs: [vpc("vpc1", 1, { instance: { type: "t4g.micro" } }), vpc("vpc2", 2)] });
    expect(resource(json, "aws_instance", "vpc1").ami).toBe("${data.aws_ssm_parameter.al2023_arm64.insecure_value}");
    expect(resource(json, "aws_instance", "vpc2").ami).toBe("${data.aws_ssm_parameter.al2023_x86_64.insecure_value}");
  });

  it("uses a configured AMI id without looking one up", () => {
    const { json } = synthLab({
      vpcs: [
        vpc("vpc1", 1, { instance: { amiId: "ami-0abcdef0123456789" } }),
        vpc("vpc2", 2, { instance: { amiId: "ami-0abcdef0123456789" } }),
      ],
    });
    expect(resource(json, "aws_instance", "vpc1").ami).toBe("ami-0abcdef0123456789");
    expect(json.data?.aws_ssm_parameter).toBeUndefined();
  });

  it("builds a VPC without an instance when instance is false", () => {
    const { json } = synthLab({ vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { instance: false })] });
    expect(Object.keys(resourcesOf(json, "aws_instance"))).toEqual(["vpc1"]);
    expect((json.output?.instances?.value as Record<string, Record<string, unknown>>).vpc1?.ping_commands).toEqual({});
  });

  describe("in offline mode", () => {
    const { json, text } = synthLab({ offline: true });

    it("gives the provider fake credentials and every skip flag", () => {
      expect(text).toHaveProviderWithProperties(
        { tfResourceType: "aws" },
        {
          access_key: "offline-preview",
          secret_key: "offline-preview",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_region_validation: true,
          skip_metadata_api_check: "true",
        },
      );
    });

    it("uses no data source that calls AWS", () => {
      const callers = [
        "aws_caller_identity",
        "aws_iam_session_context",
        "aws_ssm_parameter",
        "aws_ec2_managed_prefix_list",
        "aws_ec2_instance_type_offerings",
      ];
      expect(Object.keys(json.data ?? {}).filter((type) => callers.includes(type))).toEqual([]);
      expect(resource(json, "aws_instance", "vpc1").ami).toBe("ami-0123456789abcdef0");
      expect(resource(json, "aws_vpc_security_group_ingress_rule", "vpc1_ssh_from_instance_connect").prefix_list_id).toBe(
        "pl-0e4bcff02b13bef1e",
      );
    });
  });

  describe("Terraform addresses", () => {
    const two = [vpc("vpc1", 1), vpc("vpc2", 2)];

    it("come from configured names: readable, never hashed", () => {
      const { json } = synthLab({ vpcs: two });
      // One per lab, not per VPC: fixed, readable names.
      const labWide = [
        /^aws_s3_[a-z_]+\.lab$/,
        /^aws_s3_object\.test_object$/,
        /^aws_iam_role(_policy)?\.flow_logs$/,
        /^aws_cloudwatch_query_definition\.(top_byte_transfers|rejected_traffic|peered_vpc_traffic)$/,
      ];
      for (const address of addresses(json).filter((a) => !labWide.some((pattern) => pattern.test(a))))
        expect(address).toMatch(/^aws_[a-z0-9_]+\.(vpc1|vpc2)(_[a-z0-9_]+)?$/);
    });

    it("survive adding a third VPC and reordering vpcs, each still pointing at the same VPC", () => {
      const before = synthLab({ vpcs: two }).json;
      const after = synthLab({ vpcs: [vpc("vpc3", 3), two[1], two[0]] }).json;
      const kept = addresses(before);
      expect(addresses(after)).toEqual(expect.arrayContaining(kept));
      // Same address, same content: nothing Terraform would update or replace. The saved flow-log
      // queries cover every VPC, so a new VPC updates them in place (reordering alone does not).
      for (const address of kept.filter((a) => !a.startsWith("aws_cloudwatch_query_definition."))) {
        const [type, name] = address.split(".") as [string, string];
        const strip = (r: Record<string, unknown>) => ({ ...r, "//": undefined });
        expect([address, strip(resource(after, type, name))]).toEqual([address, strip(resource(before, type, name))]);
      }
      expect(resource(after, "aws_vpc", "vpc1").cidr_block).toBe("10.1.0.0/16");
      expect(addresses(after).filter((a) => !kept.includes(a))).toEqual(
        expect.arrayContaining(["aws_vpc.vpc3", "aws_vpc_peering_connection.vpc1_vpc3", "aws_route.vpc3_to_vpc2", "aws_instance.vpc3"]),
      );
    });
  });
});
