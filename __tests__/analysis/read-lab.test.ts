import { INSTANCE_CONNECT_SERVICE } from "../../src/analysis/lab-reading";
import { readLab } from "../../src/analysis/read-lab";
import { analyze, labFixture, setResource, verdict } from "../../test-support/lab-analysis";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { vpcConfig } from "../../test-support/synth-lab";

const kinds = (route: readonly { kind: string; address: string; stop?: string }[]) =>
  route.map((c) => `${c.kind} ${c.address}${c.stop ? ` (${c.stop})` : ""}`);

describe("readLab", () => {
  describe("of the default lab", () => {
    const fixture = labFixture();
    const reading = readLab(fixture.json, fixture.intent);

    it("reads each VPC with its block, subnet, instance, gateway, endpoint and flow log", () => {
      expect(reading.vpcs.map((v) => [v.name, v.cidr, v.internetGateways, v.endpoints.map((e) => `${e.service} ${e.type}`)])).toEqual([
        ["vpc1", "10.1.0.0/16", ["aws_internet_gateway.vpc1"], ["s3 Gateway"]],
        ["vpc2", "10.2.0.0/16", ["aws_internet_gateway.vpc2"], ["s3 Gateway"]],
      ]);
      const [subnet] = reading.vpcs[0]!.subnets;
      expect(subnet).toMatchObject({
        address: "aws_subnet.vpc1_public",
        cidr: "10.1.0.0/24",
        isPublic: true,
        routeTable: "aws_route_table.vpc1_public",
      });
      expect(subnet!.instances.map((i) => [i.address, i.instanceType, i.publicAddress])).toEqual([
        ["aws_instance.vpc1", "t3.micro", "aws_eip.vpc1"],
      ]);
      expect(reading.vpcs[0]!.flowLogs).toEqual([{ address: "aws_flow_log.vpc1", logGroup: "/vpc-lab/vpc-flow-logs/vpc1" }]);
      expect(reading.vpcs[0]!.instance?.address).toBe("aws_instance.vpc1");
    });

    it("reads the peering with the route from each side", () => {
      expect(reading.peerings).toEqual([
        {
          address: "aws_vpc_peering_connection.vpc1_vpc2",
          requester: "aws_vpc.vpc1",
          accepter: "aws_vpc.vpc2",
          accepted: true,
          acceptedElsewhere: false,
          routes: [
            { address: "aws_route.vpc1_to_vpc2", vpc: "aws_vpc.vpc1", destination: "10.2.0.0/16" },
            { address: "aws_route.vpc2_to_vpc1", vpc: "aws_vpc.vpc2", destination: "10.1.0.0/16" },
          ],
        },
      ]);
    });

    it("places every resource in the default provider's region and Terraform's own account", () => {
      expect(reading.contextOf("aws_vpc.vpc2")).toEqual({
        alias: "",
        region: "us-east-1",
        accountId: "123456789012",
        accountKey: "123456789012",
        ownAccount: true,
      });
      expect([...reading.contexts.keys()]).toEqual([""]);
    });

    it("finds the lab's bucket and the instance each VPC's paths start from", () => {
      expect(reading.bucket?.address).toBe("aws_s3_bucket.lab");
      expect(reading.buckets.map((b) => b.address)).toEqual(["aws_s3_bucket.lab"]);
      expect(reading.instanceOf("vpc2")?.address).toBe("aws_instance.vpc2");
      expect(reading.instanceOf("vpc9")).toBeUndefined();
    });

    it("reads each instance's IAM role through its instance profile", () => {
      expect(reading.vpcs.map((v) => [v.instance?.instanceProfile, v.instance?.role])).toEqual([
        ["aws_iam_instance_profile.vpc1_instance", "aws_iam_role.vpc1_instance"],
        ["aws_iam_instance_profile.vpc2_instance", "aws_iam_role.vpc2_instance"],
      ]);
    });

    it.each([
      ["a part holds itself", "aws_route_table.vpc1_public", "aws_route_table.vpc1_public"],
      ["a security group belongs to the instance that uses it", "aws_security_group.vpc1_instance", "aws_instance.vpc1"],
      ["a rule belongs to its group's instance", "aws_vpc_security_group_ingress_rule.vpc2_icmp_from_vpc1", "aws_instance.vpc2"],
      ["an Elastic IP belongs to its instance", "aws_eip.vpc1", "aws_instance.vpc1"],
      ["an instance profile belongs to its instance", "aws_iam_instance_profile.vpc2_instance", "aws_instance.vpc2"],
      ["a role's policy belongs to the instance of the role", "aws_iam_role_policy.vpc1_instance_s3", "aws_instance.vpc1"],
      ["a route through a peering belongs to the peering", "aws_route.vpc2_to_vpc1", "aws_vpc_peering_connection.vpc1_vpc2"],
      ["a route to the internet belongs to its table", "aws_route.vpc1_public_internet", "aws_route_table.vpc1_public"],
      ["an association belongs to its table", "aws_route_table_association.vpc2_public", "aws_route_table.vpc2_public"],
      ["the bucket policy belongs to the bucket", "aws_s3_bucket_policy.lab", "aws_s3_bucket.lab"],
      ["a VPC's default group belongs to the VPC", "aws_default_security_group.vpc1", "aws_vpc.vpc1"],
      ["the main route table the analysis names belongs to its VPC", "the main route table of aws_vpc.vpc2", "aws_vpc.vpc2"],
    ])("ownerOf: %s", (_, component, owner) => {
      expect(reading.ownerOf(component)).toBe(owner);
    });

    it("ownerOf: no part holds what is not in the lab, nor what nothing of the lab uses", () => {
      expect(reading.ownerOf("aws_security_group.nowhere")).toBeUndefined();
      expect(reading.ownerOf("aws_cloudwatch_query_definition.rejected_traffic")).toBeUndefined();
    });
  });

  it("ownerOf: an Instance Connect Endpoint's security group and its rule belong to the endpoint", () => {
    const fixture = labFixture({ instanceConnect: "endpoint" });
    const reading = readLab(fixture.json, fixture.intent);
    expect(reading.ownerOf("aws_security_group.vpc1_instance_connect_endpoint")).toBe("aws_ec2_instance_connect_endpoint.vpc1");
    expect(reading.ownerOf("aws_vpc_security_group_egress_rule.vpc1_eice_ssh_to_instance")).toBe("aws_ec2_instance_connect_endpoint.vpc1");
    expect(reading.ownerOf("aws_vpc_security_group_ingress_rule.vpc1_ssh_from_instance_connect_endpoint")).toBe("aws_instance.vpc1");
  });

  it("ownerOf: a group two instances share belongs to the first instance in the VPCs' order", () => {
    // vpc2 comes before vpc10 in the VPCs' order, after it in the alphabet.
    const fixture = labFixture({ vpcs: [vpcConfig("vpc2", 2), vpcConfig("vpc10", 10)] });
    fixture.json.resource.aws_instance!.vpc2!.vpc_security_group_ids = ["${aws_security_group.vpc10_instance.id}"];
    const reading = readLab(fixture.json, fixture.intent);
    expect(reading.vpcs.map((v) => v.name)).toEqual(["vpc2", "vpc10"]);
    expect(reading.ownerOf("aws_security_group.vpc10_instance")).toBe("aws_instance.vpc2");
    expect(reading.ownerOf("aws_vpc_security_group_egress_rule.vpc10_https_out")).toBe("aws_instance.vpc2");
  });

  it("finds the lab's bucket by one rule: the one named lab, else the only one", () => {
    const withOther = labFixture();
    setResource(withOther, "aws_s3_bucket", "other", { bucket: "another-bucket" });
    expect(readLab(withOther.json, withOther.intent).bucket?.address).toBe("aws_s3_bucket.lab");

    const renamed = labFixture();
    renamed.json.resource.aws_s3_bucket = { logs: renamed.json.resource.aws_s3_bucket!.lab! };
    expect(readLab(renamed.json, renamed.intent).bucket?.address).toBe("aws_s3_bucket.logs");

    setResource(renamed, "aws_s3_bucket", "other", { bucket: "another-bucket" });
    expect(readLab(renamed.json, renamed.intent).bucket).toBeUndefined();
  });

  it("places each VPC of a lab across regions and accounts by its provider, with the intent's account for the alias", () => {
    const fixture = labFixture(multiRegionLab());
    const reading = readLab(fixture.json, fixture.intent);
    expect(reading.vpcs.map((v) => [v.name, v.context.provider, v.context.region, v.context.accountKey, v.context.ownAccount])).toEqual([
      ["vpc1", undefined, "us-east-1", "123456789012", true],
      ["vpc2", "aws.eu-west-1", "eu-west-1", "123456789012", true],
      ["vpc3", "aws.shared", "us-east-1", "210987654321", false],
      ["vpc4", "aws.shared_eu-west-1", "eu-west-1", "210987654321", false],
    ]);
  });

  it("keeps an alias that assumes a role in an account it cannot name apart, by its provider", () => {
    const fixture = labFixture(multiRegionLab());
    const providers = fixture.json.provider as { aws: Record<string, unknown>[] };
    const shared = providers.aws.find((p) => p.alias === "shared")!;
    shared.assume_role = [{ role_arn: "${var.shared_role}" }];
    const reading = readLab(fixture.json, { ...fixture.intent, contexts: {} });
    expect(reading.contextOf("aws_vpc.vpc3")).toMatchObject({ provider: "aws.shared", accountKey: "aws.shared", ownAccount: false });
    expect(reading.contextOf("aws_vpc.vpc3").accountId).toBeUndefined();
  });
});

describe("the route of a path verdict", () => {
  const analysis = analyze(labFixture());

  it("goes from instance to instance through the groups, the route and the peering for ping", () => {
    expect(kinds(verdict(analysis, "icmp", "vpc1", "vpc2").route)).toEqual([
      "instance aws_instance.vpc1",
      "security-group aws_security_group.vpc1_instance",
      "route aws_route.vpc1_to_vpc2",
      "peering aws_vpc_peering_connection.vpc1_vpc2",
      "security-group aws_security_group.vpc2_instance",
      "instance aws_instance.vpc2",
    ]);
    expect(verdict(analysis, "icmp", "vpc1", "vpc2").route[1]!.via).toEqual(["aws_vpc_security_group_egress_rule.vpc1_icmp_to_vpc2"]);
  });

  it("goes from the Instance Connect service through the internet gateway and the Elastic IP for ssh", () => {
    expect(kinds(verdict(analysis, "ssh", "instance-connect", "vpc1").route)).toEqual([
      `instance-connect ${INSTANCE_CONNECT_SERVICE}`,
      "internet-gateway aws_internet_gateway.vpc1",
      "route aws_route.vpc1_public_internet",
      "public-address aws_eip.vpc1",
      "security-group aws_security_group.vpc1_instance",
      "instance aws_instance.vpc1",
    ]);
  });

  it("goes from the instance through its role, its group, its subnet's route table and the gateway endpoint to the bucket for s3", () => {
    expect(kinds(verdict(analysis, "s3", "vpc1", "s3").route)).toEqual([
      "instance aws_instance.vpc1",
      "iam-role aws_iam_role.vpc1_instance",
      "security-group aws_security_group.vpc1_instance",
      "route-table aws_route_table.vpc1_public",
      "gateway-endpoint aws_vpc_endpoint.vpc1_s3",
      "bucket aws_s3_bucket.lab",
    ]);
  });

  it("ends a blocked path at its blocking component, marked", () => {
    const fixture = labFixture();
    delete fixture.json.resource.aws_route!.vpc1_to_vpc2;
    delete fixture.json.resource.aws_vpc_endpoint!.vpc1_s3;
    const blocked = analyze(fixture);
    expect(kinds(verdict(blocked, "icmp", "vpc1", "vpc2").route)).toEqual([
      "instance aws_instance.vpc1",
      "security-group aws_security_group.vpc1_instance",
      "route-table aws_route_table.vpc1_public (blocked)",
    ]);
    // Without its endpoint vpc1 goes out the internet gateway, and the endpoint-only bucket policy denies it.
    expect(kinds(verdict(blocked, "s3", "vpc1", "s3").route).at(-1)).toBe("bucket aws_s3_bucket.lab (blocked)");
  });

  it("ends an unknown path at the component that cannot be read, marked", () => {
    const fixture = labFixture();
    fixture.json.resource.aws_vpc_security_group_ingress_rule!.vpc2_icmp_from_vpc1!.cidr_ipv4 = "${var.peer_cidr}";
    const route = verdict(analyze(fixture), "icmp", "vpc1", "vpc2").route;
    expect(kinds(route).at(-1)).toBe("security-group aws_security_group.vpc2_instance (unknown)");
  });
});

describe("names the schema accepts that an object's prototype also has", () => {
  it.each([
    ["constructor", "toString"],
    ["hasOwnProperty", "valueOf"],
  ])("decides every path of a lab whose VPCs are named %s and %s", (first, second) => {
    const renamed = (text: string) => text.split("vpc1").join(first).split("vpc2").join(second);
    const fixture = labFixture();
    const json = JSON.parse(renamed(JSON.stringify(fixture.json))) as typeof fixture.json;
    const intent = JSON.parse(renamed(JSON.stringify(fixture.intent))) as typeof fixture.intent;
    const analysis = analyze({ json, intent });
    expect(analysis.verdicts.map((v) => `${v.protocol} ${v.from} -> ${v.to}: ${v.verdict}`)).toEqual([
      `icmp ${first} -> ${second}: reachable`,
      `icmp ${second} -> ${first}: reachable`,
      `ssh instance-connect -> ${first}: reachable`,
      `ssh instance-connect -> ${second}: reachable`,
      `s3 ${first} -> s3: reachable`,
      `s3 ${second} -> s3: reachable`,
    ]);
    expect(analysis.reading.vpcs.map((v) => v.name)).toEqual([first, second].sort());
  });
});

describe("the route of an S3 path", () => {
  it("passes its subnet's route table as a stop only on the way to a gateway endpoint", () => {
    const fixture = labFixture();
    fixture.json.resource.aws_vpc_endpoint!.vpc1_s3!.route_table_ids = [];
    expect(kinds(verdict(analyze(fixture), "s3", "vpc1", "s3").route)).toEqual([
      "instance aws_instance.vpc1",
      "iam-role aws_iam_role.vpc1_instance",
      "security-group aws_security_group.vpc1_instance",
      "route aws_route.vpc1_public_internet",
      "internet-gateway aws_internet_gateway.vpc1",
      "bucket aws_s3_bucket.lab (blocked)",
    ]);
  });
});
