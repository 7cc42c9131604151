import type { PathVerdict, StackAnalysis } from "../analysis/analyze-stack";
import { PATH_CODES } from "../analysis/explanation-codes";
import type { Finding } from "../analysis/finding";
import type { LabIntent, PathProtocol } from "../analysis/intent";
import type { LabReading, RouteComponent, VpcReading } from "../analysis/lab-reading";
import type { NetworkModel } from "../analysis/network-model";
import type { Verdict } from "../analysis/path-steps";
import { fixFor } from "../analysis/rule-registry";

/** An EC2 instance as drawn: its name, type and how it gets a public address. */
export interface InstanceView {
  readonly address: string;
  readonly instanceType?: string;
  /** The Elastic IP's address (`aws_eip.vpc1`), "launch" for a launch-time public IP, or undefined for none. */
  readonly publicAddress?: string;
  /** Its security groups' addresses (drawn as a label on the instance: a group belongs to its network interface). */
  readonly securityGroups: readonly string[];
}

/** A subnet with the instances and Instance Connect Endpoints in it. */
export interface SubnetView {
  readonly address: string;
  readonly cidr?: string;
  /** Its route table sends 0.0.0.0/0 to an internet gateway. */
  readonly isPublic: boolean;
  /** The route table it uses: its association, else its VPC's main table (`the main route table of aws_vpc.x` when Terraform does not manage it). */
  readonly routeTable: string;
  /** The routes of that table, for the table's node and its hover. */
  readonly routes: readonly { readonly address: string; readonly destination: string; readonly target: string }[];
  readonly instances: readonly InstanceView[];
  readonly instanceConnectEndpoints: readonly string[];
}

/** A VPC with what it holds, and where it lives. */
export interface VpcView {
  readonly address: string;
  /** The configured name (`vpc1` for `aws_vpc.vpc1`). */
  readonly name: string;
  readonly cidr?: string;
  /** From the AWS provider the VPC is created with. */
  readonly region?: string;
  /** From that provider's allowed account or assumed role, else the intent's account (when the provider assumes no role). */
  readonly account?: string;
  /** Tells accounts apart when their numbers are not known (see {@link VpcGroup}). */
  readonly accountKey: string;
  /** The provider alias it is built through, when its account is neither named nor Terraform's own. */
  readonly provider?: string;
  readonly internetGateways: readonly string[];
  readonly subnets: readonly SubnetView[];
  /** Gateway and interface endpoints, with the service they reach. */
  readonly endpoints: readonly { readonly address: string; readonly service: string }[];
  /** Flow logs, with the log group each writes to. */
  readonly flowLogs: readonly { readonly address: string; readonly logGroup?: string }[];
}

/** A peering connection and the routes that carry traffic over it. */
export interface PeeringView {
  readonly address: string;
  readonly requester?: string;
  readonly accepter?: string;
  readonly accepted: boolean;
  readonly routes: readonly { readonly address: string; readonly vpc?: string; readonly destination: string }[];
}

/** An intended path with its verdict, and what to show about it. */
export interface PathView {
  /** Element id in the picture (`path:icmp:vpc1:vpc2`). */
  readonly id: string;
  readonly protocol: PathProtocol;
  /** "ping vpc1 -> vpc2". */
  readonly title: string;
  readonly from: string;
  readonly to: string;
  /** Ids of the elements the path runs between. */
  readonly fromElement: string;
  readonly toElement: string;
  readonly intendedReachable: boolean;
  readonly verdict: Verdict;
  readonly asIntended: boolean;
  readonly reason: string;
  readonly hops: readonly string[];
  /**
   * The drawn route: the elements the path passes, in order, from where it starts to where it
   * ends, or (blocked) to the element that holds its blocking component, which is then last.
   */
  readonly route: readonly RouteStop[];
  /** True when the route stops at its blocking component (a blocked path). */
  readonly stopsAtBlocker: boolean;
  readonly blocker?: {
    readonly component: string;
    readonly code: string;
    readonly codeText?: string;
    readonly explanation: string;
    readonly fix: string;
    /** Id of the drawn element that holds the blocking component, when one does. */
    readonly element?: string;
  };
}

/** One element a path's drawn route passes, with the components of the proof it stands for. */
export interface RouteStop {
  /** The drawn element's id (`res:aws_vpc_endpoint.vpc1_s3`, `svc:instance-connect`). */
  readonly element: string;
  /** What the reader sees it as, e.g. "S3 gateway endpoint vpc1_s3". */
  readonly label: string;
  /** The Terraform components the analysis went through there (security group rules, routes, policies), in its order. */
  readonly components: readonly string[];
}

/** VPCs that share a region and account: drawn as one cluster. */
export interface VpcGroup {
  readonly key: string;
  readonly region?: string;
  readonly account?: string;
  /** The provider alias, when the account is not known from the JSON. */
  readonly provider?: string;
  readonly vpcs: readonly string[];
}

/** Everything the diagram draws, read from the synthesized Terraform, the intent and the analysis. */
export interface LabTopology {
  readonly stack: string;
  readonly vpcs: readonly VpcView[];
  readonly groups: readonly VpcGroup[];
  readonly peerings: readonly PeeringView[];
  readonly buckets: readonly { readonly address: string; readonly name?: string }[];
  readonly paths: readonly PathView[];
  readonly findings: readonly (Finding & { readonly element?: string })[];
}

/** The element id of a resource in the picture: `res:aws_vpc.vpc1`. */
export const resourceElementId = (address: string): string => `res:${address}`;
/** The element id of the EC2 Instance Connect service (where ssh paths start). */
export const INSTANCE_CONNECT_ELEMENT = "svc:instance-connect";
/** The element id used for a path's end that does not exist in the Terraform. */
export const MISSING_ELEMENT = "svc:missing";

const PROTOCOL_NAMES: Record<PathProtocol, string> = { icmp: "ping", ssh: "ssh", s3: "s3" };
const nameOf = (address: string): string => address.slice(address.indexOf(".") + 1);

/**
 * What the diagram draws: the lab as the analysis read it (its one reading of the synthesized
 * JSON, returned beside the verdicts) and each path's verdict along the route the analysis
 * walked. What is drawn is what will be deployed, never what the constructs meant to build.
 */
export function buildLabTopology(intent: LabIntent, analysis: StackAnalysis): LabTopology {
  const reading = analysis.reading;
  const network = reading.network;
  const vpcs: VpcView[] = reading.vpcs.map((vpc) => vpcView(vpc, network));
  const peerings: PeeringView[] = reading.peerings.map((pcx) => ({
    address: pcx.address,
    requester: pcx.requester,
    accepter: pcx.accepter,
    accepted: pcx.accepted || pcx.acceptedElsewhere,
    routes: [...pcx.routes].sort((a, b) => a.address.localeCompare(b.address)),
  }));
  const buckets = reading.buckets.map((b) => ({ address: b.address, name: b.name }));
  const reader = new RouteReader(reading, vpcs);
  const paths = analysis.verdicts.map((v): PathView => pathView(v, reader));
  return {
    stack: intent.stack,
    vpcs,
    groups: groupVpcs(vpcs),
    peerings,
    buckets,
    paths,
    findings: analysis.findings.map((f) => ({ ...f, element: reader.elementOf(f.component) })),
  };
}

/** A VPC of the reading as drawn, with each subnet's route table and its routes. */
function vpcView(vpc: VpcReading, network: NetworkModel): VpcView {
  const context = vpc.context;
  return {
    address: vpc.address,
    name: vpc.name,
    cidr: vpc.cidr,
    region: context.region,
    account: context.accountId,
    accountKey: context.accountKey,
    provider: context.accountId || context.ownAccount ? undefined : context.provider,
    internetGateways: vpc.internetGateways,
    subnets: vpc.subnets.map((subnet): SubnetView => {
      const table = network.routeTableOf(subnet.address);
      return {
        address: subnet.address,
        cidr: subnet.cidr,
        isPublic: subnet.isPublic,
        routeTable: subnet.routeTable,
        routes: [
          ...table.routes.map((r) => ({
            address: r.address,
            destination: r.destination ? r.destination.text : (r.destinationUnresolved ?? r.prefixList ?? "?"),
            target: r.target.kind === "local" ? "local" : r.target.kind === "other" ? r.target.description : r.target.address,
          })),
          ...network
            .endpointsOn(table)
            .map((e) => ({ address: e.address, destination: `${e.serviceName} prefix list`, target: e.address })),
        ],
        instances: subnet.instances.map((i) => ({
          address: i.address,
          instanceType: i.instanceType,
          publicAddress: i.publicAddress,
          securityGroups: i.securityGroups,
        })),
        instanceConnectEndpoints: subnet.instanceConnectEndpoints,
      };
    }),
    endpoints: vpc.endpoints.map((e) => ({ address: e.address, service: e.service })),
    flowLogs: vpc.flowLogs,
  };
}

/**
 * Lays each path's walked route onto the drawn elements: which element shows each component
 * (a rule on its group's instance, a route on its table, a policy on its bucket), which
 * elements hold others (a subnet its instances and route table, a VPC its gateways), and the
 * element each path is meant to end at.
 */
class RouteReader {
  /** Each drawn element's enclosing subnet and VPC (to stop a route at a blocking subnet ACL or VPC). */
  private readonly containers = new Map<string, readonly string[]>();
  /** A route's address to its table's element. */
  private readonly routeTables = new Map<string, string>();
  private readonly clusters = new Set<string>();
  public constructor(
    private readonly reading: LabReading,
    vpcs: readonly VpcView[],
  ) {
    for (const vpc of vpcs) {
      const inVpc = [resourceElementId(vpc.address)];
      this.clusters.add(inVpc[0]!);
      for (const id of [...vpc.internetGateways, ...vpc.endpoints.map((e) => e.address)]) this.containers.set(resourceElementId(id), inVpc);
      for (const subnet of vpc.subnets) {
        const inSubnet = [resourceElementId(subnet.address), ...inVpc];
        const table = resourceElementId(subnet.routeTable);
        this.clusters.add(inSubnet[0]!);
        for (const route of subnet.routes) {
          if (route.address !== route.target) this.routeTables.set(route.address, table);
        }
        for (const id of [subnet.routeTable, ...subnet.instances.map((i) => i.address), ...subnet.instanceConnectEndpoints])
          this.containers.set(resourceElementId(id), inSubnet);
      }
    }
  }

  /** The drawn element that shows a component: the part of the lab that holds it ({@link LabReading.ownerOf}). */
  public elementOf(address: string): string | undefined {
    const owner = this.reading.ownerOf(address);
    return owner === undefined ? undefined : resourceElementId(owner);
  }

  /** The element a path is meant to end at: the destination's instance, or the lab's bucket. */
  public endOf(v: PathVerdict): string {
    const end = v.protocol === "s3" ? this.reading.bucket?.address : this.reading.instanceOf(v.to)?.address;
    return end ? resourceElementId(end) : MISSING_ELEMENT;
  }

  /** The route table element that holds a route (`aws_route.x`, or a table's inline route). */
  public tableOfRoute(route: string): string | undefined {
    return this.routeTables.get(route);
  }

  /** True for the element of a VPC or a subnet (a cluster in the picture, which no edge can end at). */
  public isCluster(element: string): boolean {
    return this.clusters.has(element);
  }

  /** How a route names an element it passes: "S3 gateway endpoint vpc1_s3", "EC2 instance vpc2". */
  public labelOf(element: string): string {
    if (element === INSTANCE_CONNECT_ELEMENT) return "EC2 Instance Connect";
    if (element === MISSING_ELEMENT) return "not in the Terraform";
    const address = element.slice("res:".length);
    const type = address.slice(0, address.indexOf("."));
    const word = ELEMENT_WORDS[type];
    return word ? `${word} ${nameOf(address)}` : address;
  }

  /** The elements that hold an element: its subnet, then its VPC. */
  public containersOf(element: string): readonly string[] {
    return this.containers.get(element) ?? [];
  }
}

/** What a route calls the elements it passes, by resource type. */
const ELEMENT_WORDS: Readonly<Record<string, string>> = {
  aws_instance: "EC2 instance",
  aws_ec2_instance_connect_endpoint: "EC2 Instance Connect Endpoint",
  aws_vpc_endpoint: "S3 gateway endpoint",
  aws_internet_gateway: "internet gateway",
  aws_route_table: "route table",
  aws_default_route_table: "route table",
  aws_vpc_peering_connection: "peering",
  aws_s3_bucket: "S3 bucket",
};

/** Kinds of walked components that lead traffic out of a route table: a route before one of them is a stop at its table. */
const LEADS_OUT = new Set(["peering", "internet-gateway", "gateway-endpoint"]);

/**
 * The drawn route of a path: each component the analysis walked on the element that shows it,
 * consecutive repeats merged. A security group, a role or a public address is drawn on its
 * instance; a route is a stop at its route table when it leads the traffic out (to a peering, a
 * gateway or an endpoint), else it belongs to the stop before; a route table (the one that
 * sends an S3 path to its gateway endpoint) is a stop of its own. A component held by a subnet
 * or a VPC (a network ACL, a VPC without a gateway) is drawn on the stop inside it: the one
 * before, else the path's end or start. A blocked path's route ends at its blocking component.
 */
function drawnRoute(v: PathVerdict, reader: RouteReader): { route: RouteStop[]; stopsAtBlocker: boolean } {
  const walked: readonly RouteComponent[] = v.route;
  const stops: { element: string; label: string; components: string[] }[] = [];
  const add = (element: string, components: string[]) => {
    const previous = stops.at(-1);
    if (previous?.element === element) previous.components.push(...components);
    else stops.push({ element, label: reader.labelOf(element), components });
  };
  walked.forEach((component, i) => {
    const components = [component.address, ...component.via.filter((a) => a !== component.address)];
    const previous = stops.at(-1);
    const last = i === walked.length - 1;
    if (component.kind === "instance-connect") return add(INSTANCE_CONNECT_ELEMENT, components);
    if (component.kind === "route") {
      const table = reader.tableOfRoute(component.address);
      if (table && (last || LEADS_OUT.has(walked[i + 1]?.kind ?? ""))) return add(table, components);
      if (previous) return void previous.components.push(...components);
    }
    let element = reader.elementOf(component.address);
    if (element && reader.isCluster(element)) {
      const cluster = element;
      const inside = (id: string) => reader.containersOf(id).includes(cluster);
      const start = stops[0]?.element;
      const end = reader.endOf(v);
      element =
        previous && inside(previous.element) ? previous.element : inside(end) ? end : start && inside(start) ? start : previous?.element;
    }
    if (element === undefined) {
      if (previous && !last) return void previous.components.push(...components);
      element = previous?.element ?? MISSING_ELEMENT;
    }
    add(element, components);
  });
  if (stops.length === 0) add(MISSING_ELEMENT, []);
  return { route: stops, stopsAtBlocker: walked.at(-1)?.stop === "blocked" };
}

function pathView(v: PathVerdict, reader: RouteReader): PathView {
  const to = v.protocol === "s3" ? "bucket" : v.to;
  const code = v.blocker?.code;
  const { route, stopsAtBlocker } = drawnRoute(v, reader);
  return {
    id: `path:${v.protocol}:${v.from}:${v.to}`,
    protocol: v.protocol,
    title: `${PROTOCOL_NAMES[v.protocol]} ${v.from} -> ${to}`,
    from: v.from,
    to: v.to,
    fromElement: route[0]!.element,
    toElement: reader.endOf(v),
    intendedReachable: v.reachable,
    verdict: v.verdict,
    asIntended: v.asIntended,
    reason: v.reason,
    hops: v.hops,
    route,
    stopsAtBlocker,
    blocker:
      v.blocker && code
        ? {
            component: v.blocker.component,
            code,
            codeText: (PATH_CODES as Record<string, { readonly text: string } | undefined>)[code]?.text,
            explanation: v.blocker.explanation,
            fix: fixFor(code),
            element: reader.elementOf(v.blocker.component),
          }
        : undefined,
  };
}

/**
 * VPCs grouped by account and region, in the order the VPCs first appear. VPCs built through a
 * provider whose account the JSON does not name (an offline preview of another account) form a
 * group of their own, named after the provider.
 */
function groupVpcs(vpcs: readonly VpcView[]): VpcGroup[] {
  const groups = new Map<string, { region?: string; account?: string; provider?: string; vpcs: string[] }>();
  for (const vpc of vpcs) {
    const key = `${vpc.accountKey}/${vpc.region ?? ""}`;
    const group = groups.get(key) ?? {
      region: vpc.region,
      account: vpc.account,
      provider: vpc.account ? undefined : vpc.provider,
      vpcs: [],
    };
    group.vpcs.push(vpc.address);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => ({ key, ...group }));
}
