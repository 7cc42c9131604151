import type { Ipv4Block } from "../aws/ipv4-cidr";
import { ALL_OF_IPV4, parseIpv4Cidr } from "../aws/ipv4-cidr";
import { awsServiceName } from "../aws/service-names";
import type { PolicyDocument } from "./policy-document";
import { readPolicy } from "./policy-document";
import { knownText } from "./symbolic-value";
import type { TerraformDocument } from "./terraform-json";
import { addressOf, blocksOf, parseReference, stringsOf } from "./terraform-json";
import type { DeploymentFacts } from "./terraform-values";
import { TerraformValues } from "./terraform-values";

/** The identity of an AWS-managed prefix list the analysis knows the contents of. */
export const MANAGED_PREFIX_LISTS = { s3: "managed:s3", instanceConnect: "managed:instance-connect" } as const;

/** Facts beside the JSON: the account, and prefix list ids that stand for EC2 Instance Connect. */
export interface NetworkFacts extends DeploymentFacts {
  /** Literal prefix list ids of EC2 Instance Connect (offline mode's stand-in id). */
  readonly instanceConnectPrefixListIds?: readonly string[];
}

/** Where a route sends traffic. */
export type RouteTarget =
  | { readonly kind: "local" }
  | { readonly kind: "internet-gateway"; readonly address: string }
  | { readonly kind: "peering"; readonly address: string }
  | { readonly kind: "gateway-endpoint"; readonly address: string }
  | { readonly kind: "other"; readonly description: string };

/** A route of a route table. */
export interface RouteEntry {
  /** The resource that defines it (`aws_route.vpc1_to_vpc2`, or the route table for inline routes). */
  readonly address: string;
  /** Destination block; undefined for a prefix-list destination. */
  readonly destination?: Ipv4Block;
  /** The destination as written, when it cannot be resolved at synth. */
  readonly destinationUnresolved?: string;
  /** Destination prefix list (gateway endpoint routes), as a literal or symbol. */
  readonly prefixList?: string;
  readonly target: RouteTarget;
}

/** A route table with its routes (the implicit local route is not listed). */
export interface RouteTableNode {
  readonly address: string;
  readonly vpc?: string;
  readonly routes: RouteEntry[];
}

/** Protocols as security groups and ACLs name them. */
export type Protocol = "all" | "icmp" | "tcp" | "udp" | "other";

/** A security group rule, from any of the three ways Terraform writes them. */
export interface SecurityGroupRule {
  readonly address: string;
  readonly direction: "ingress" | "egress";
  readonly protocol: Protocol;
  /** TCP/UDP port range, or ICMP type in `fromPort` (-1 for every type). */
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr?: Ipv4Block;
  /** The source or destination CIDR as written, when it cannot be resolved at synth. */
  readonly cidrUnresolved?: string;
  /** A prefix list: {@link MANAGED_PREFIX_LISTS} when known, else the id as written. */
  readonly prefixList?: string;
  /** Address of a referenced security group. */
  readonly securityGroup?: string;
  /** A referenced security group that is not in the stack (a literal id). */
  readonly securityGroupUnresolved?: string;
  readonly description?: string;
}

/** A security group and all its rules. */
export interface SecurityGroupNode {
  readonly address: string;
  readonly vpc?: string;
  readonly rules: SecurityGroupRule[];
}

/** A network ACL rule. */
export interface AclRule {
  readonly address: string;
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly protocol: Protocol;
  readonly cidr?: Ipv4Block;
  /** The CIDR as written, when it cannot be resolved at synth. */
  readonly cidrUnresolved?: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly icmpType: number;
}

/** A network ACL and the subnets it guards. */
export interface NetworkAclNode {
  readonly address: string;
  readonly vpc?: string;
  readonly subnets: string[];
  readonly rules: AclRule[];
  /** The VPC's default ACL (adopted with aws_default_network_acl). */
  readonly isDefault: boolean;
}

/** An EC2 instance. */
export interface InstanceNode {
  readonly address: string;
  readonly subnet?: string;
  readonly securityGroups: string[];
  /** What gives it a public address: an EIP's address, "launch", or undefined for none. */
  readonly publicAddress?: string;
  /** Its private address as a block: the literal /32 when set, else its subnet's block. */
  readonly privateRange?: Ipv4Block;
  /** The VPC of its subnet. */
  readonly vpc?: string;
  /** Its region (its provider's). */
  readonly region?: string;
  readonly instanceProfile?: string;
}

/** An EC2 Instance Connect Endpoint: SSH to instances of its VPC without a public address. */
export interface InstanceConnectEndpointNode {
  readonly address: string;
  readonly subnet?: string;
  readonly securityGroups: string[];
  /** The instance sees the client's address instead of the endpoint's. */
  readonly preserveClientIp: boolean;
}

/** A VPC peering connection. */
export interface PeeringNode {
  readonly address: string;
  readonly requester?: string;
  readonly accepter?: string;
  readonly accepted: boolean;
  /** Cross-account or cross-region, with no accepter in this stack: accepted (or not) elsewhere. */
  readonly acceptedElsewhere: boolean;
}

/** A VPC endpoint. */
export interface EndpointNode {
  readonly address: string;
  readonly vpc?: string;
  readonly serviceName: string;
  readonly type: string;
  readonly routeTables: string[];
  /** Its policy; undefined means AWS's default full-access policy. */
  readonly policy?: PolicyDocument;
}

const PROTOCOLS = new Map<string, Protocol>([
  ["-1", "all"],
  ["all", "all"],
  ["icmp", "icmp"],
  ["1", "icmp"],
  ["tcp", "tcp"],
  ["6", "tcp"],
  ["udp", "udp"],
  ["17", "udp"],
]);
const protocolOf = (value: unknown): Protocol => PROTOCOLS.get(String(value ?? "-1").toLowerCase()) ?? "other";
const numberOf = (value: unknown, fallback: number): number =>
  typeof value === "number" ? value : typeof value === "string" && value !== "" && !Number.isNaN(Number(value)) ? Number(value) : fallback;
const cidrOf = (value: unknown): Ipv4Block | undefined => (typeof value === "string" ? parseIpv4Cidr(value) : undefined);

/**
 * The network a Terraform document describes, reduced to what reachability depends on: VPCs,
 * subnets, route tables and their routes, gateways, peerings, endpoints, security groups, network
 * ACLs and instances. Built once per document; every analysis rule reads it.
 */
export class NetworkModel {
  public readonly vpcCidrs = new Map<string, Ipv4Block | undefined>();
  public readonly subnets = new Map<string, { vpc?: string; cidr?: Ipv4Block; mapPublicIp: boolean }>();
  public readonly routeTables = new Map<string, RouteTableNode>();
  /** Route table of each subnet with an explicit association. */
  public readonly subnetRouteTables = new Map<string, string>();
  /** Internet gateways by VPC. */
  public readonly internetGateways = new Map<string, string[]>();
  public readonly peerings = new Map<string, PeeringNode>();
  public readonly endpoints = new Map<string, EndpointNode>();
  public readonly securityGroups = new Map<string, SecurityGroupNode>();
  public readonly networkAcls: NetworkAclNode[] = [];
  public readonly instances = new Map<string, InstanceNode>();
  /** Instances by the address of their VPC. */
  public readonly instancesByVpc = new Map<string, InstanceNode[]>();
  /** EC2 Instance Connect Endpoints by the address of their VPC. */
  public readonly instanceConnectEndpoints = new Map<string, InstanceConnectEndpointNode[]>();
  /** Resolves attribute values (references to what the stack knows). */
  public readonly values: TerraformValues;
  private readonly explicitAcls = new Map<string, NetworkAclNode>();
  private readonly defaultAcls = new Map<string, NetworkAclNode>();
  private readonly endpointsByTable = new Map<RouteTableNode, EndpointNode[]>();
  private readonly instanceConnectIds: ReadonlySet<string>;

  public constructor(
    public readonly doc: TerraformDocument,
    facts: NetworkFacts = {},
  ) {
    this.values = new TerraformValues(doc, facts);
    this.instanceConnectIds = new Set(facts.instanceConnectPrefixListIds ?? []);
    for (const vpc of doc.resources("aws_vpc")) this.vpcCidrs.set(vpc.address, this.block(vpc.body.cidr_block));
    for (const subnet of doc.resources("aws_subnet")) {
      this.subnets.set(subnet.address, {
        vpc: addressOf(subnet.body.vpc_id),
        cidr: this.block(subnet.body.cidr_block),
        mapPublicIp: subnet.body.map_public_ip_on_launch === true,
      });
    }
    for (const igw of doc.resources("aws_internet_gateway")) this.addGateway(addressOf(igw.body.vpc_id), igw.address);
    for (const attachment of doc.resources("aws_internet_gateway_attachment"))
      this.addGateway(addressOf(attachment.body.vpc_id), addressOf(attachment.body.internet_gateway_id));
    this.readPeerings();
    this.readRouteTables();
    this.readEndpoints();
    this.readSecurityGroups();
    this.readNetworkAcls();
    this.readInstances();
    this.readInstanceConnectEndpoints();
  }

  /** The route table that serves a subnet: its explicit association, else the VPC's main table. */
  public routeTableOf(subnet: string): RouteTableNode {
    const explicit = this.routeTables.get(this.subnetRouteTables.get(subnet) ?? "");
    if (explicit) return explicit;
    const vpc = this.subnets.get(subnet)?.vpc;
    return this.routeTables.get(`main:${vpc}`) ?? { address: `the main route table of ${vpc ?? "the VPC"}`, vpc, routes: [] };
  }

  /** Every route table once (the main table of a VPC is also listed under the key `main:<vpc>`). */
  public uniqueRouteTables(): RouteTableNode[] {
    return [...new Set(this.routeTables.values())];
  }

  /** True when a gateway endpoint is associated with the table (by its address or the VPC's main-table attribute). */
  public endpointServes(endpoint: EndpointNode, table: RouteTableNode): boolean {
    return this.endpointsOn(table).includes(endpoint);
  }

  /** The endpoints associated with a route table. */
  public endpointsOn(table: RouteTableNode): readonly EndpointNode[] {
    return this.endpointsByTable.get(table) ?? [];
  }

  /** The network ACL of a subnet: an explicit one, else the VPC's default (adopted or AWS's allow-all). */
  public aclOf(subnet: string): NetworkAclNode | undefined {
    return this.explicitAcls.get(subnet) ?? this.defaultAcls.get(this.subnets.get(subnet)?.vpc ?? "");
  }

  /**
   * A prefix list as the analysis knows it: {@link MANAGED_PREFIX_LISTS} for S3's (an endpoint's
   * `prefix_list_id`, or the managed list by name) and EC2 Instance Connect's (by name, or the
   * configured id); any other id as written.
   */
  public prefixListIdentity(value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    if (this.instanceConnectIds.has(value)) return MANAGED_PREFIX_LISTS.instanceConnect;
    const ref = parseReference(value);
    const block = this.doc.get(ref?.address);
    const region = this.values.regionOf(block?.body);
    if (!ref || !region) return value;
    const name = (field: unknown) => knownText(this.values.resolve(field) ?? []);
    if (
      block?.type === "aws_vpc_endpoint" &&
      ref.attribute === "prefix_list_id" &&
      name(block.body.service_name) === awsServiceName(region, "s3")
    )
      return MANAGED_PREFIX_LISTS.s3;
    if (block?.type === "aws_ec2_managed_prefix_list" && ref.address.startsWith("data.") && ref.attribute === "id") {
      const listName = name(block.body.name);
      if (listName === awsServiceName(region, "s3")) return MANAGED_PREFIX_LISTS.s3;
      if (listName === awsServiceName(region, "ec2-instance-connect")) return MANAGED_PREFIX_LISTS.instanceConnect;
    }
    return value;
  }

  /** A CIDR attribute as a block, when known at synth. */
  private block(value: unknown): Ipv4Block | undefined {
    const cidr = this.values.cidr(value);
    return cidr && "block" in cidr ? cidr.block : undefined;
  }

  /** A CIDR attribute as rule fields: the block, or the text that could not be resolved. */
  private cidrFields(value: unknown): { cidr?: Ipv4Block; cidrUnresolved?: string } {
    const cidr = this.values.cidr(value);
    if (!cidr) return {};
    return "block" in cidr ? { cidr: cidr.block } : { cidrUnresolved: cidr.unresolved };
  }

  private addGateway(vpc: string | undefined, gateway: string | undefined): void {
    if (!vpc || !gateway) return;
    this.internetGateways.set(vpc, [...(this.internetGateways.get(vpc) ?? []), gateway]);
  }

  private readPeerings(): void {
    const accepted = new Set(
      this.doc
        .resources("aws_vpc_peering_connection_accepter")
        .filter((a) => a.body.auto_accept === true)
        .map((a) => addressOf(a.body.vpc_peering_connection_id)),
    );
    for (const pcx of this.doc.resources("aws_vpc_peering_connection")) {
      this.peerings.set(pcx.address, {
        address: pcx.address,
        requester: addressOf(pcx.body.vpc_id),
        accepter: addressOf(pcx.body.peer_vpc_id),
        accepted: pcx.body.auto_accept === true || accepted.has(pcx.address),
        acceptedElsewhere:
          !accepted.has(pcx.address) &&
          pcx.body.auto_accept !== true &&
          (pcx.body.peer_owner_id !== undefined || pcx.body.peer_region !== undefined),
      });
    }
  }

  private targetOf(route: Record<string, unknown>): RouteTarget {
    const gateway = addressOf(route.gateway_id);
    if (gateway?.startsWith("aws_internet_gateway.")) return { kind: "internet-gateway", address: gateway };
    if (gateway?.startsWith("aws_vpc_endpoint.")) return { kind: "gateway-endpoint", address: gateway };
    if (route.gateway_id === "local") return { kind: "local" };
    const pcx = addressOf(route.vpc_peering_connection_id);
    if (pcx) return { kind: "peering", address: pcx };
    const endpoint = addressOf(route.vpc_endpoint_id);
    if (endpoint) return { kind: "gateway-endpoint", address: endpoint };
    const other = [
      "nat_gateway_id",
      "transit_gateway_id",
      "network_interface_id",
      "egress_only_gateway_id",
      "carrier_gateway_id",
      "core_network_arn",
      "local_gateway_id",
      "gateway_id",
    ].find((key) => route[key] !== undefined);
    return { kind: "other", description: other ? `${other} ${String(route[other])}` : "no target" };
  }

  private readRouteTables(): void {
    const table = (address: string, vpc: string | undefined, inline: unknown): RouteTableNode => {
      const routes = blocksOf(inline).map((route) => ({
        address,
        ...this.routeDestination(route.cidr_block),
        prefixList: typeof route.destination_prefix_list_id === "string" ? route.destination_prefix_list_id : undefined,
        target: this.targetOf(route),
      }));
      const node = { address, vpc, routes };
      this.routeTables.set(address, node);
      return node;
    };
    // Every VPC has a main route table; one that Terraform does not manage holds only the local route.
    for (const vpc of this.vpcCidrs.keys())
      this.routeTables.set(`main:${vpc}`, { address: `the main route table of ${vpc}`, vpc, routes: [] });
    for (const rt of this.doc.resources("aws_route_table")) table(rt.address, addressOf(rt.body.vpc_id), rt.body.route);
    for (const rt of this.doc.resources("aws_default_route_table")) {
      const vpc = addressOf(rt.body.default_route_table_id);
      const node = table(rt.address, vpc, rt.body.route);
      if (vpc) this.routeTables.set(`main:${vpc}`, node);
    }
    for (const main of this.doc.resources("aws_main_route_table_association")) {
      const vpc = addressOf(main.body.vpc_id);
      const rt = this.routeTables.get(this.routeTableKey(main.body.route_table_id) ?? "");
      if (vpc && rt) this.routeTables.set(`main:${vpc}`, rt);
    }
    for (const route of this.doc.resources("aws_route")) {
      const rt = this.routeTables.get(this.routeTableKey(route.body.route_table_id) ?? "");
      if (!rt) continue;
      rt.routes.push({
        address: route.address,
        ...this.routeDestination(route.body.destination_cidr_block),
        prefixList: typeof route.body.destination_prefix_list_id === "string" ? route.body.destination_prefix_list_id : undefined,
        target: this.targetOf(route.body),
      });
    }
    for (const association of this.doc.resources("aws_route_table_association")) {
      const subnet = addressOf(association.body.subnet_id);
      const rt = this.routeTableKey(association.body.route_table_id);
      if (subnet && rt) this.subnetRouteTables.set(subnet, rt);
    }
  }

  private routeDestination(value: unknown): { destination?: Ipv4Block; destinationUnresolved?: string } {
    const { cidr, cidrUnresolved } = this.cidrFields(value);
    return { destination: cidr, destinationUnresolved: cidrUnresolved };
  }

  /**
   * The key of the route table a value refers to: a table's address, or `main:<vpc>` for
   * `${aws_vpc.x.main_route_table_id}` and `${aws_vpc.x.default_route_table_id}`.
   */
  private routeTableKey(value: unknown): string | undefined {
    const ref = parseReference(value);
    if (!ref) return undefined;
    if (ref.address.startsWith("aws_vpc.") && (ref.attribute === "main_route_table_id" || ref.attribute === "default_route_table_id"))
      return `main:${ref.address}`;
    return ref.address;
  }

  private readEndpoints(): void {
    for (const endpoint of this.doc.resources("aws_vpc_endpoint")) {
      this.endpoints.set(endpoint.address, {
        address: endpoint.address,
        vpc: addressOf(endpoint.body.vpc_id),
        serviceName: knownText(this.values.resolve(endpoint.body.service_name) ?? []) ?? String(endpoint.body.service_name ?? ""),
        type: String(endpoint.body.vpc_endpoint_type ?? "Gateway"),
        routeTables: stringsOf(endpoint.body.route_table_ids).flatMap((id) => this.routeTableKey(id) ?? []),
        policy: endpoint.body.policy === undefined ? undefined : readPolicy(this.doc, endpoint.body.policy, endpoint.address),
      });
    }
    // A policy attached with its own resource replaces the endpoint's.
    for (const attached of this.doc.resources("aws_vpc_endpoint_policy")) {
      const endpoint = this.endpoints.get(addressOf(attached.body.vpc_endpoint_id) ?? "");
      if (endpoint)
        this.endpoints.set(endpoint.address, { ...endpoint, policy: readPolicy(this.doc, attached.body.policy, attached.address) });
    }
    for (const association of this.doc.resources("aws_vpc_endpoint_route_table_association")) {
      const endpoint = this.endpoints.get(addressOf(association.body.vpc_endpoint_id) ?? "");
      const rt = this.routeTableKey(association.body.route_table_id);
      if (endpoint && rt) endpoint.routeTables.push(rt);
    }
    for (const endpoint of this.endpoints.values()) {
      for (const key of new Set(endpoint.routeTables)) {
        const table = this.routeTables.get(key);
        if (table && !this.endpointsOn(table).includes(endpoint)) this.endpointsByTable.set(table, [...this.endpointsOn(table), endpoint]);
      }
    }
  }

  private readSecurityGroups(): void {
    const group = (address: string) => {
      let node = this.securityGroups.get(address);
      if (!node) {
        node = { address, rules: [] };
        this.securityGroups.set(address, node);
      }
      return node;
    };
    for (const sg of [...this.doc.resources("aws_security_group"), ...this.doc.resources("aws_default_security_group")]) {
      this.securityGroups.set(sg.address, { address: sg.address, vpc: addressOf(sg.body.vpc_id), rules: [] });
      for (const direction of ["ingress", "egress"] as const) {
        for (const rule of blocksOf(sg.body[direction])) {
          const base = {
            address: sg.address,
            direction,
            protocol: protocolOf(rule.protocol),
            fromPort: numberOf(rule.from_port, -1),
            toPort: numberOf(rule.to_port, -1),
            description: rule.description as string | undefined,
          };
          const sources = [
            ...stringsOf(rule.cidr_blocks).map((c) => this.cidrFields(c)),
            ...stringsOf(rule.prefix_list_ids).map((p) => ({ prefixList: this.prefixListIdentity(p) })),
            ...stringsOf(rule.security_groups).map((s) => this.groupFields(s)),
            ...(rule.self === true ? [{ securityGroup: sg.address }] : []),
          ];
          for (const source of sources) group(sg.address).rules.push({ ...base, ...source });
        }
      }
    }
    for (const direction of ["ingress", "egress"] as const) {
      for (const rule of this.doc.resources(`aws_vpc_security_group_${direction}_rule`)) {
        const sg = addressOf(rule.body.security_group_id);
        if (!sg) continue;
        group(sg).rules.push({
          address: rule.address,
          direction,
          protocol: protocolOf(rule.body.ip_protocol),
          fromPort: numberOf(rule.body.from_port, -1),
          toPort: numberOf(rule.body.to_port, -1),
          ...this.cidrFields(rule.body.cidr_ipv4),
          prefixList: this.prefixListIdentity(rule.body.prefix_list_id),
          ...(rule.body.referenced_security_group_id === undefined ? {} : this.groupFields(rule.body.referenced_security_group_id)),
          description: rule.body.description as string | undefined,
        });
      }
    }
    for (const rule of this.doc.resources("aws_security_group_rule")) {
      const sg = addressOf(rule.body.security_group_id);
      if (!sg) continue;
      const base = {
        address: rule.address,
        direction: rule.body.type === "egress" ? ("egress" as const) : ("ingress" as const),
        protocol: protocolOf(rule.body.protocol),
        fromPort: numberOf(rule.body.from_port, -1),
        toPort: numberOf(rule.body.to_port, -1),
      };
      const sources = [
        ...stringsOf(rule.body.cidr_blocks).map((c) => this.cidrFields(c)),
        ...stringsOf(rule.body.prefix_list_ids).map((p) => ({ prefixList: this.prefixListIdentity(p) })),
        ...(rule.body.source_security_group_id ? [this.groupFields(rule.body.source_security_group_id)] : []),
        ...(rule.body.self === true ? [{ securityGroup: sg }] : []),
      ];
      for (const source of sources) group(sg).rules.push({ ...base, ...source });
    }
  }

  /** A referenced security group: its address in the stack, or the id as written. */
  private groupFields(value: unknown): { securityGroup?: string; securityGroupUnresolved?: string } {
    const address = addressOf(value);
    return address && this.doc.get(address) ? { securityGroup: address } : { securityGroupUnresolved: String(value) };
  }

  private readNetworkAcls(): void {
    const aclRule = (address: string, rule: Record<string, unknown>, egress: boolean): AclRule => ({
      address,
      ruleNumber: numberOf(rule.rule_no ?? rule.rule_number, 32767),
      egress,
      allow: String(rule.action ?? rule.rule_action).toLowerCase() === "allow",
      protocol: protocolOf(rule.protocol),
      ...this.cidrFields(rule.cidr_block),
      fromPort: numberOf(rule.from_port, 0),
      toPort: numberOf(rule.to_port, 65535),
      // The provider sends 0 (echo reply) when icmp_type is left out, not "every type".
      icmpType: numberOf(rule.icmp_type, 0),
    });
    const acls = new Map<string, NetworkAclNode>();
    for (const acl of this.doc.resources("aws_network_acl")) {
      const node: NetworkAclNode = {
        address: acl.address,
        vpc: addressOf(acl.body.vpc_id),
        subnets: stringsOf(acl.body.subnet_ids).flatMap((s) => addressOf(s) ?? []),
        rules: [
          ...blocksOf(acl.body.ingress).map((r) => aclRule(acl.address, r, false)),
          ...blocksOf(acl.body.egress).map((r) => aclRule(acl.address, r, true)),
        ],
        isDefault: false,
      };
      acls.set(acl.address, node);
    }
    for (const acl of this.doc.resources("aws_default_network_acl")) {
      const ref = parseReference(acl.body.default_network_acl_id);
      const vpc = ref?.address.startsWith("aws_vpc.") && this.vpcCidrs.has(ref.address) ? ref.address : undefined;
      acls.set(acl.address, {
        address: acl.address,
        vpc,
        subnets: stringsOf(acl.body.subnet_ids).flatMap((s) => addressOf(s) ?? []),
        rules: [
          ...blocksOf(acl.body.ingress).map((r) => aclRule(acl.address, r, false)),
          ...blocksOf(acl.body.egress).map((r) => aclRule(acl.address, r, true)),
        ],
        isDefault: true,
      });
    }
    for (const rule of this.doc.resources("aws_network_acl_rule")) {
      acls.get(addressOf(rule.body.network_acl_id) ?? "")?.rules.push(aclRule(rule.address, rule.body, rule.body.egress === true));
    }
    for (const association of this.doc.resources("aws_network_acl_association")) {
      const subnet = addressOf(association.body.subnet_id);
      if (subnet) acls.get(addressOf(association.body.network_acl_id) ?? "")?.subnets.push(subnet);
    }
    this.networkAcls.push(...acls.values());
    for (const acl of this.networkAcls) {
      if (acl.isDefault) {
        if (acl.vpc && !this.defaultAcls.has(acl.vpc)) this.defaultAcls.set(acl.vpc, acl);
      } else for (const subnet of acl.subnets) if (!this.explicitAcls.has(subnet)) this.explicitAcls.set(subnet, acl);
    }
  }

  private readInstanceConnectEndpoints(): void {
    for (const endpoint of this.doc.resources("aws_ec2_instance_connect_endpoint")) {
      const subnet = addressOf(endpoint.body.subnet_id);
      const vpc = this.subnets.get(subnet ?? "")?.vpc;
      if (!vpc) continue;
      const node: InstanceConnectEndpointNode = {
        address: endpoint.address,
        subnet,
        securityGroups: this.instanceGroups({ vpc_security_group_ids: endpoint.body.security_group_ids }, vpc),
        // The provider and AWS default to preserving the client's address.
        preserveClientIp: endpoint.body.preserve_client_ip !== false,
      };
      this.instanceConnectEndpoints.set(vpc, [...(this.instanceConnectEndpoints.get(vpc) ?? []), node]);
    }
  }

  private readInstances(): void {
    const eips = new Map<string, string>();
    for (const eip of this.doc.resources("aws_eip")) {
      const instance = addressOf(eip.body.instance);
      if (instance) eips.set(instance, eip.address);
    }
    for (const association of this.doc.resources("aws_eip_association")) {
      const instance = addressOf(association.body.instance_id);
      if (instance) eips.set(instance, association.address);
    }
    for (const instance of this.doc.resources("aws_instance")) {
      const subnet = addressOf(instance.body.subnet_id);
      const subnetNode = this.subnets.get(subnet ?? "");
      const launchPublic =
        instance.body.associate_public_ip_address === true ||
        (instance.body.associate_public_ip_address === undefined && subnetNode?.mapPublicIp === true);
      const node: InstanceNode = {
        address: instance.address,
        subnet,
        vpc: subnetNode?.vpc,
        region: this.values.regionOf(instance.body),
        securityGroups: this.instanceGroups(instance.body, subnetNode?.vpc),
        publicAddress: eips.get(instance.address) ?? (launchPublic ? "launch" : undefined),
        privateRange:
          cidrOf(typeof instance.body.private_ip === "string" ? `${instance.body.private_ip}/32` : undefined) ?? subnetNode?.cidr,
        instanceProfile: addressOf(instance.body.iam_instance_profile),
      };
      this.instances.set(instance.address, node);
      if (node.vpc) this.instancesByVpc.set(node.vpc, [...(this.instancesByVpc.get(node.vpc) ?? []), node]);
    }
  }

  private defaultGroupsByVpc?: Map<string, SecurityGroupNode>;

  private defaultGroups(): Map<string, SecurityGroupNode> {
    if (!this.defaultGroupsByVpc) {
      this.defaultGroupsByVpc = new Map();
      for (const group of this.securityGroups.values())
        if (group.address.startsWith("aws_default_security_group.") && group.vpc && !this.defaultGroupsByVpc.has(group.vpc))
          this.defaultGroupsByVpc.set(group.vpc, group);
    }
    return this.defaultGroupsByVpc;
  }

  /** An instance's security groups; with none listed, AWS puts it in its VPC's default group. */
  private instanceGroups(body: Record<string, unknown>, vpc: string | undefined): string[] {
    // A group that is not in the stack keeps its id: its rules are unknown, and the path steps say so.
    const listed = [...stringsOf(body.vpc_security_group_ids), ...stringsOf(body.security_groups)].map((id) => {
      const address = addressOf(id);
      return address && this.securityGroups.has(address) ? address : id;
    });
    if (listed.length > 0 || !vpc) return listed;
    const adopted = this.defaultGroups().get(vpc);
    if (adopted) return [adopted.address];
    // Not adopted by Terraform: AWS's default group allows all egress and all traffic from itself.
    const address = `the default security group of ${vpc}`;
    if (!this.securityGroups.has(address)) {
      const all = { address, protocol: "all" as const, fromPort: -1, toPort: -1 };
      this.securityGroups.set(address, {
        address,
        vpc,
        rules: [
          { ...all, direction: "egress", cidr: ALL_OF_IPV4 },
          { ...all, direction: "ingress", securityGroup: address },
        ],
      });
    }
    return [address];
  }
}
