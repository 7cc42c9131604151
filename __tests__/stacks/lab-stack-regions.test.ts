/**
 * VPCs in other regions and accounts (issue 13): one provider alias per (region, account) made
 * only when used, lookups per context, peering across them in one apply, and the lab's own
 * region and account exactly as before.
 */
import { SHARED_ACCOUNT, multiRegionLab } from "../../test-support/multi-region-lab";
import { addresses, resource, resourcesOf, synthLab, vpcConfig as vpc } from "../../test-support/synth-lab";

type Block = Record<string, unknown>;
const providers = (json: { provider?: Record<string, Block[]> }) => json.provider?.aws ?? [];

describe("LabStack across regions and accounts", () => {
  describe("with the default lab", () => {
    it("keeps one provider without an alias", () => {
      const { json } = synthLab();
      expect(providers(json)).toHaveLength(1);
      expect(providers(json)[0]).not.toHaveProperty("alias");
      const elements = [...Object.values(json.resource), ...Object.values(json.data ?? {})].flatMap((byName) => Object.values(byName));
      expect(elements.filter((element) => "provider" in element)).toEqual([]);
    });
  });

  describe("with a lab in two regions and two accounts, online", () => {
    const { json, stack } = synthLab(multiRegionLab());

    it("adds one alias per (region, account) other than the lab's own, each in its region", () => {
      expect(providers(json).map((p) => [p.alias, p.region])).toEqual([
        [undefined, "us-east-1"],
        ["eu-west-1", "eu-west-1"],
        ["shared", "us-east-1"],
        ["shared_eu-west-1", "eu-west-1"],
      ]);
      expect([...stack.contexts.keys()]).toEqual(["eu-west-1", "shared", "shared_eu-west-1"]);
    });

    it("assumes the account's role in its aliases only", () => {
      const assumed = providers(json).map((p) => (p.assume_role as Block[] | undefined)?.[0]?.role_arn);
      expect(assumed).toEqual([undefined, undefined, SHARED_ACCOUNT.shared.roleArn, SHARED_ACCOUNT.shared.roleArn]);
    });

    it("builds each VPC's resources through its context's provider, and the lab's own through the default", () => {
      expect(resource(json, "aws_vpc", "vpc1")).not.toHaveProperty("provider");
      expect(resource(json, "aws_vpc", "vpc2").provider).toBe("aws.eu-west-1");
      expect(resource(json, "aws_instance", "vpc3").provider).toBe("aws.shared");
      expect(resource(json, "aws_iam_role", "vpc4_instance").provider).toBe("aws.shared_eu-west-1");
      expect(resource(json, "aws_subnet", "vpc4_public").provider).toBe("aws.shared_eu-west-1");
    });

    it("looks up zones, AMIs and the Instance Connect prefix list in each context", () => {
      const prefixLists = json.data!.aws_ec2_managed_prefix_list!;
      expect(prefixLists["ec2_instance_connect-eu-west-1"]).toMatchObject({
        name: "com.amazonaws.eu-west-1.ec2-instance-connect",
        provider: "aws.eu-west-1",
      });
      expect(resource(json, "aws_instance", "vpc2").ami).toBe("${data.aws_ssm_parameter.al2023_x86_64-eu-west-1.insecure_value}");
      expect(json.data!.aws_ec2_instance_type_offerings!["t3_micro-shared"]).toMatchObject({ provider: "aws.shared" });
      expect(json.data!.aws_ec2_managed_prefix_list!.ec2_instance_connect).not.toHaveProperty("provider");
    });

    it("requests a peering across regions and accounts with peer_region and peer_owner_id, and accepts it in the accepter's provider", () => {
      expect(resource(json, "aws_vpc_peering_connection", "vpc2_vpc3")).toMatchObject({
        provider: "aws.eu-west-1",
        peer_region: "us-east-1",
        peer_owner_id: "210987654321",
      });
      expect(resource(json, "aws_vpc_peering_connection", "vpc2_vpc3")).not.toHaveProperty("auto_accept");
      expect(resource(json, "aws_vpc_peering_connection_accepter", "vpc2_vpc3").tags).toEqual(
        resource(json, "aws_vpc_peering_connection", "vpc2_vpc3").tags,
      );
      expect(resource(json, "aws_vpc_peering_connection_accepter", "vpc2_vpc3")).toMatchObject({
        provider: "aws.shared",
        vpc_peering_connection_id: "${aws_vpc_peering_connection.vpc2_vpc3.id}",
        auto_accept: true,
      });
      // The lab's own account accepts from "shared": its id comes from the caller identity.
      expect(resource(json, "aws_vpc_peering_connection", "vpc3_vpc4")).not.toHaveProperty("peer_owner_id");
      expect(resource(json, "aws_vpc_peering_connection", "vpc1_vpc3").peer_owner_id).toBe("210987654321");
    });

    it("turns on DNS resolution across a peering on each side, in each side's provider, once accepted", () => {
      const accepted = "${aws_vpc_peering_connection.vpc1_vpc4.id}";
      expect(resource(json, "aws_vpc_peering_connection_options", "vpc1_vpc4_requester")).toMatchObject({
        vpc_peering_connection_id: accepted,
        requester: { allow_remote_vpc_dns_resolution: true },
        depends_on: ["aws_vpc_peering_connection_accepter.vpc1_vpc4"],
      });
      expect(resource(json, "aws_vpc_peering_connection_options", "vpc1_vpc4_requester")).not.toHaveProperty("provider");
      expect(resource(json, "aws_vpc_peering_connection_options", "vpc1_vpc4_accepter")).toMatchObject({
        vpc_peering_connection_id: accepted,
        accepter: { allow_remote_vpc_dns_resolution: true },
        provider: "aws.shared_eu-west-1",
      });
    });

    it("routes both sides through the accepted peering, each route in its own VPC's provider", () => {
      expect(resource(json, "aws_route", "vpc4_to_vpc1")).toMatchObject({
        provider: "aws.shared_eu-west-1",
        destination_cidr_block: "10.1.0.0/16",
        vpc_peering_connection_id: "${aws_vpc_peering_connection.vpc1_vpc4.id}",
        depends_on: ["aws_vpc_peering_connection_accepter.vpc1_vpc4"],
      });
      expect(resource(json, "aws_route", "vpc1_to_vpc4")).not.toHaveProperty("provider");
    });

    it("gives the account one flow-log role whose trust names each region it delivers from", () => {
      expect(Object.keys(resourcesOf(json, "aws_iam_role")).filter((name) => name.startsWith("flow_logs"))).toEqual([
        "flow_logs",
        "flow_logs-shared",
      ]);
      const trust = json.data!.aws_iam_policy_document!["flow_logs_trust-shared"]!;
      const statement = (trust.statement as Block[])[0]!;
      expect(statement.condition).toEqual([
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["210987654321"] },
        {
          test: "ArnLike",
          variable: "aws:SourceArn",
          values: [
            "arn:${data.aws_partition.current-shared_eu-west-1.partition}:ec2:${data.aws_region.current-shared_eu-west-1.name}:210987654321:vpc-flow-log/*",
            "arn:${data.aws_partition.current-shared.partition}:ec2:${data.aws_region.current-shared.name}:210987654321:vpc-flow-log/*",
          ],
        },
      ]);
      expect(resource(json, "aws_flow_log", "vpc4")).toMatchObject({
        provider: "aws.shared_eu-west-1",
        iam_role_arn: "${aws_iam_role.flow_logs-shared.arn}",
        log_destination: "${aws_cloudwatch_log_group.vpc4_flow_logs.arn}",
      });
      expect(resource(json, "aws_cloudwatch_log_group", "vpc4_flow_logs").provider).toBe("aws.shared_eu-west-1");
    });

    it("saves the flow-log queries in each context, over that context's groups", () => {
      expect(resource(json, "aws_cloudwatch_query_definition", "top_byte_transfers-eu-west-1")).toMatchObject({
        provider: "aws.eu-west-1",
        log_group_names: ["${aws_cloudwatch_log_group.vpc2_flow_logs.name}"],
      });
      expect(resource(json, "aws_cloudwatch_query_definition", "top_byte_transfers").log_group_names).toEqual([
        "${aws_cloudwatch_log_group.vpc1_flow_logs.name}",
      ]);
    });

    it("puts S3 gateway endpoints only in the bucket's region, and lets the other account's instance role in through the bucket policy", () => {
      expect(Object.keys(resourcesOf(json, "aws_vpc_endpoint"))).toEqual(["vpc1_s3", "vpc3_s3"]);
      expect(resource(json, "aws_vpc_endpoint", "vpc3_s3").provider).toBe("aws.shared");
      const statements = json.data!.aws_iam_policy_document!.bucket_policy!.statement as Block[];
      expect(statements.map((s) => s.sid)).toEqual([
        "DenyOutsideLabEndpoints",
        "DenyInsecureTransport",
        "ListLabBucketFromOtherAccounts",
        "ReadWriteLabObjectsFromOtherAccounts",
      ]);
      expect(statements[2]!.principals).toEqual([{ type: "AWS", identifiers: ["${aws_iam_role.vpc3_instance.arn}"] }]);
    });

    it("links each instance to the console of its own region", () => {
      const instances = json.output!.instances!.value as Record<string, Block>;
      expect(instances.vpc2!.instance_connect_url).toContain("https://eu-west-1.console.aws.amazon.com/");
      expect(instances.vpc1!.instance_connect_url).toContain("https://us-east-1.console.aws.amazon.com/");
    });

    it("keeps every address the lab's own VPC had in the default lab", () => {
      const before = addresses(synthLab({ vpcs: [vpc("vpc1", 1)] }).json).filter((a) => !a.includes("query_definition"));
      expect(addresses(json)).toEqual(expect.arrayContaining(before));
    });
  });

  it("creates an alias only for a context that a VPC uses", () => {
    const { json } = synthLab({ accounts: SHARED_ACCOUNT, vpcs: [vpc("vpc1", 1), vpc("vpc2", 2, { region: "eu-west-1" })] });
    expect(providers(json).map((p) => p.alias)).toEqual([undefined, "eu-west-1"]);
  });

  it("gives each context its fake credentials and offline values, and assumes no role offline", () => {
    const { json } = synthLab(
      multiRegionLab({
        offline: true,
        offlineValues: {
          regions: { "eu-west-1": { instanceConnectPrefixListId: "pl-0eeeeeeeeeeeeeeee", amiIds: { x86_64: "ami-0eeeeeeeeeeeeeeee" } } },
        },
      }),
    );
    for (const provider of providers(json)) {
      expect(provider).toMatchObject({ access_key: "offline-preview", skip_credentials_validation: true });
      expect(provider).not.toHaveProperty("assume_role");
    }
    expect(resource(json, "aws_instance", "vpc4").ami).toBe("ami-0eeeeeeeeeeeeeeee");
    expect(resource(json, "aws_instance", "vpc1").ami).toBe("ami-0123456789abcdef0");
    expect(resource(json, "aws_vpc_security_group_ingress_rule", "vpc2_ssh_from_instance_connect").prefix_list_id).toBe(
      "pl-0eeeeeeeeeeeeeeee",
    );
    expect(resource(json, "aws_subnet", "vpc2_public").availability_zone).toBe("eu-west-1a");
    expect(
      resource(
        json,
        "aws_vpc_peering_connection",
        "vpc3_vpc1" in resourcesOf(json, "aws_vpc_peering_connection") ? "vpc3_vpc1" : "vpc1_vpc3",
      ).peer_owner_id,
    ).toBe("210987654321");
    expect(json.data?.aws_caller_identity).toBeUndefined();
  });

  it("synthesizes byte-identical Terraform whatever the order of vpcs, providers included", () => {
    const lab = multiRegionLab();
    const reversed = { ...lab, vpcs: [...(lab.vpcs as unknown[])].reverse() };
    expect(synthLab(reversed).text).toBe(synthLab(lab).text);
  });

  it("moves the resources of a renamed VPC in another account and region, accepter and options included", () => {
    const { json } = synthLab(
      multiRegionLab({
        vpcs: [vpc("vpc1", 1), vpc("edge", 4, { account: "shared", region: "eu-west-1", previousNames: ["vpc4"] })],
      }),
    );
    const moved = ((json as unknown as { moved?: { from: string; to: string }[] }).moved ?? []).map(({ from, to }) => `${from} -> ${to}`);
    expect(moved).toEqual(
      expect.arrayContaining([
        "aws_vpc.vpc4 -> aws_vpc.edge",
        "aws_vpc_peering_connection_accepter.vpc1_vpc4 -> aws_vpc_peering_connection_accepter.vpc1_edge",
        "aws_vpc_peering_connection_options.vpc1_vpc4_accepter -> aws_vpc_peering_connection_options.vpc1_edge_accepter",
        "aws_route.vpc4_to_vpc1 -> aws_route.edge_to_vpc1",
      ]),
    );
    expect(resource(json, "aws_vpc", "edge").provider).toBe("aws.shared_eu-west-1");
  });

  it("gives the lab's own account id from the caller identity to a peering that another account requests", () => {
    const { json } = synthLab({
      accounts: SHARED_ACCOUNT,
      vpcs: [vpc("a", 1, { account: "shared" }), vpc("b", 2)],
    });
    expect(resource(json, "aws_vpc_peering_connection", "a_b")).toMatchObject({
      provider: "aws.shared",
      peer_owner_id: "${data.aws_caller_identity.current.account_id}",
    });
  });
});
