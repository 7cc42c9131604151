import type { PathVerdict, StackAnalysis } from "../analysis/analyze-stack";
import { PATH_CODES } from "../analysis/explanation-codes";
import type { Finding } from "../analysis/finding";
import type { LabIntent, PathProtocol } from "../analysis/intent";
import { NetworkModel } from "../analysis/network-model";
import type { Verdict } from "../analysis/path-steps";
import type { AddressedBlock, TerraformJson } from "../analysis/terraform-json";
import { addressOf, parseReference, TerraformDocument } from "../analysis/terraform-json";
import { instanceAddress } from "../model/lab-contract";
import { fixFor } from "./blocker-fixes";

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
 * Reads the lab's topology and its proven paths. A pure function of the synthesized Terraform
 * JSON, the intent written beside it and the analysis of both: what is drawn is what will be
 * deployed, never what the constructs meant to build.
 */
export function buildLabTopology(json: TerraformJson, intent: LabIntent, analysis: StackAnalysis): LabTopology {
  const doc = new TerraformDocument(json);
  const model = new NetworkModel(doc, {
    accountId: intent.accountId,
    instanceConnectPrefixListIds: intent.instanceConnectPrefixListIds,
    contexts: intent.contexts,
  });
  const providers = readProviders(json, intent);
  const instanceTypes = new Map(doc.resources("aws_instance").map((i) => [i.address, stringOrUndefined(i.body.instance_type)]));
  const connectEndpoints = doc.resources("aws_ec2_instance_connect_endpoint");

  const subnetsByVpc = new Map<string, SubnetView[]>();
  for (const [address, subnet] of model.subnets) {
    if (!subnet.vpc) continue;
    const table = model.routeTableOf(address);
    const view: SubnetView = {
      address,
      cidr: subnet.cidr ? `${subnet.cidr.address.toString()}/${subnet.cidr.prefix}` : stringOrUndefined(doc.get(address)?.body.cidr_block),
      isPublic: table.routes.some((r) => r.target.kind === "internet-gateway" && r.destination?.prefix === 0),
      routeTable: table.address,
      routes: [
        ...table.routes.map((r) => ({
          address: r.address,
          destination: r.destination ? r.destination.text : (r.destinationUnresolved ?? r.prefixList ?? "?"),
          target: r.target.kind === "local" ? "local" : r.target.kind === "other" ? r.target.description : r.target.address,
        })),
        ...model.endpointsOn(table).map((e) => ({ address: e.address, destination: `${e.serviceName} prefix list`, target: e.address })),
      ],
      instances: [...model.instances.values()]
        .filter((i) => i.subnet === address)
        .map((i) => ({
          address: i.address,
          instanceType: instanceTypes.get(i.address),
          publicAddress: i.publicAddress,
          securityGroups: i.securityGroups,
        })),
      instanceConnectEndpoints: connectEndpoints.filter((e) => addressOf(e.body.subnet_id) === address).map((e) => e.address),
    };
    subnetsByVpc.set(subnet.vpc, [...(subnetsByVpc.get(subnet.vpc) ?? []), view]);
  }
  const logGroupName = (value: unknown): string | undefined => {
    const group = doc.deref(value);
    return group ? (stringOrUndefined(group.body.name) ?? group.address) : stringOrUndefined(value);
  };
  const vpcs: VpcView[] = naturalOrder(doc.resources("aws_vpc"), (vpc) => vpc.name).map((vpc) => {
    const provider = providers.of(vpc);
    const cidr = model.vpcCidrs.get(vpc.address);
    return {
      address: vpc.address,
      name: vpc.name,
      cidr: cidr ? `${cidr.address.toString()}/${cidr.prefix}` : stringOrUndefined(vpc.body.cidr_block),
      region: provider.region,
      account: provider.account,
      accountKey: provider.accountKey,
      provider: provider.provider,
      internetGateways: model.internetGateways.get(vpc.address) ?? [],
      subnets: subnetsByVpc.get(vpc.address) ?? [],
      endpoints: [...model.endpoints.values()]
        .filter((e) => e.vpc === vpc.address)
        .map((e) => ({ address: e.address, service: e.serviceName.split(".").pop() ?? e.serviceName })),
      flowLogs: doc
        .resources("aws_flow_log")
        .filter((f) => addressOf(f.body.vpc_id) === vpc.address)
        .map((f) => ({ address: f.address, logGroup: logGroupName(f.body.log_destination ?? f.body.log_group_name) })),
    };
  });

  const routesByPeering = new Map<string, { address: string; vpc?: string; destination: string }[]>();
  for (const table of model.uniqueRouteTables())
    for (const route of table.routes)
      if (route.target.kind === "peering") {
        const destination = route.destination
          ? `${route.destination.address.toString()}/${route.destination.prefix}`
          : (route.destinationUnresolved ?? "?");
        const routes = routesByPeering.get(route.target.address) ?? [];
        routes.push({ address: route.address, vpc: table.vpc, destination });
        routesByPeering.set(route.target.address, routes);
      }
  const peerings: PeeringView[] = [...model.peerings.values()].map((pcx) => ({
    address: pcx.address,
    requester: pcx.requester,
    accepter: pcx.accepter,
    accepted: pcx.accepted || pcx.acceptedElsewhere,
    routes: (routesByPeering.get(pcx.address) ?? []).sort((a, b) => a.address.localeCompare(b.address)),
  }));

  const buckets = doc.resources("aws_s3_bucket").map((b) => ({
    address: b.address,
    name: stringOrUndefined(b.body.bucket) ?? (typeof b.body.bucket_prefix === "string" ? `${b.body.bucket_prefix}…` : undefined),
  }));
  const drawn = new Set<string>([
    ...vpcs.flatMap((v) => [
      v.address,
      ...v.internetGateways,
      ...v.endpoints.map((e) => e.address),
      ...v.flowLogs.map((f) => f.address),
      ...v.subnets.flatMap((s) => [s.address, s.routeTable, ...s.instances.map((i) => i.address), ...s.instanceConnectEndpoints]),
    ]),
    ...peerings.map((p) => p.address),
    ...buckets.map((b) => b.address),
  ]);
  const locate = elementLocator(doc, model, drawn);
  const bucket = buckets.find((b) => nameOf(b.address) === "lab") ?? buckets[0];
  const reader = new RouteReader(vpcs, peerings, bucket?.address, locate);
  const paths = analysis.verdicts.map((v): PathView => pathView(v, reader));
  const groups = groupVpcs(vpcs);
  return {
    stack: intent.stack,
    vpcs,
    groups,
    peerings,
    buckets,
    paths,
    findings: analysis.findings.map((f) => ({ ...f, element: locate(f.component) })),
  };
}

/** The same key for both orders of two VPCs. */
const pairKey = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** A VPC's instance as a route's stop (the lab's `aws_instance.<vpc>`, else the VPC's first). */
interface PlacedInstance {
  readonly vpc: VpcView;
  readonly subnet: SubnetView;
  readonly instance: InstanceView;
}

/**
 * Lays each path's proof onto the drawn elements. The route follows the way the analysis decided
 * the traffic goes: ping from the instance through its subnet's route table and the peering to
 * the other instance; SSH from EC2 Instance Connect through the VPC's internet gateway to the
 * instance, or from the VPC's Instance Connect Endpoint to it; S3 from the instance through its
 * route table and the gateway endpoint (or the internet gateway) to the bucket. The components
 * the analysis walked (its hops) choose the peering, gateway or endpoint; a blocked path, whose
 * proof stops at its blocker, takes the way its subnet's routes give, and stops at the element
 * that holds the blocking component.
 */
class RouteReader {
  private readonly instances = new Map<string, PlacedInstance>();
  /** Each drawn element's enclosing subnet and VPC (to stop a route at a blocking subnet ACL or VPC). */
  private readonly containers = new Map<string, readonly string[]>();
  /** A route's address to its table's element; `<table element>|<endpoint>` for an endpoint the table sends to. */
  private readonly routeTables = new Map<string, string>();
  private readonly subnetTables = new Map<string, string>();
  private readonly clusters = new Set<string>();

  private readonly peeringsByAddress = new Map<string, PeeringView>();
  private readonly peeringsByPair = new Map<string, PeeringView>();

  public constructor(
    vpcs: readonly VpcView[],
    peerings: readonly PeeringView[],
    private readonly bucket: string | undefined,
    public readonly locate: (address: string) => string | undefined,
  ) {
    for (const peering of peerings) {
      this.peeringsByAddress.set(peering.address, peering);
      if (peering.requester && peering.accepter) {
        const key = pairKey(peering.requester, peering.accepter);
        if (!this.peeringsByPair.has(key)) this.peeringsByPair.set(key, peering);
      }
    }
    for (const vpc of vpcs) {
      const placed = vpc.subnets.flatMap((subnet) => subnet.instances.map((instance) => ({ vpc, subnet, instance })));
      const instance = placed.find((p) => p.instance.address === instanceAddress(vpc.name)) ?? placed[0];
      if (instance) this.instances.set(vpc.name, instance);
      const inVpc = [resourceElementId(vpc.address)];
      for (const id of [...vpc.internetGateways, ...vpc.endpoints.map((e) => e.address)]) this.containers.set(resourceElementId(id), inVpc);
      this.clusters.add(inVpc[0]!);
      for (const subnet of vpc.subnets) {
        const inSubnet = [resourceElementId(subnet.address), ...inVpc];
        const table = resourceElementId(subnet.routeTable);
        this.clusters.add(inSubnet[0]!);
        this.subnetTables.set(inSubnet[0]!, table);
        for (const route of subnet.routes) {
          if (route.address !== route.target) this.routeTables.set(route.address, table);
          this.routeTables.set(`${table}|${route.target}`, table);
        }
        for (const id of [subnet.routeTable, ...subnet.instances.map((i) => i.address), ...subnet.instanceConnectEndpoints])
          this.containers.set(resourceElementId(id), inSubnet);
      }
    }
  }

  /** The stops of a path, before it is cut at its blocker. */
  public stops(v: PathVerdict): RouteStop[] {
    const hops = new Set(v.hops);
    const from = this.instances.get(v.from);
    const to = this.instances.get(v.to);
    const missing: RouteStop = { element: MISSING_ELEMENT, label: "not in the Terraform", components: [] };
    const instanceStop = (placed: PlacedInstance | undefined): RouteStop =>
      placed
        ? { element: resourceElementId(placed.instance.address), label: `EC2 instance ${nameOf(placed.instance.address)}`, components: [] }
        : missing;
    const tableStop = (placed: PlacedInstance): RouteStop => ({
      element: resourceElementId(placed.subnet.routeTable),
      label: `route table of ${placed.vpc.name}'s subnet`,
      components: [],
    });
    if (v.protocol === "icmp") {
      if (!from) return [missing];
      if (!to) return [instanceStop(from), missing];
      const walked = v.hops.find((hop) => this.peeringsByAddress.has(hop));
      const peering = walked ? this.peeringsByAddress.get(walked) : this.peeringsByPair.get(pairKey(from.vpc.address, to.vpc.address));
      return [
        instanceStop(from),
        tableStop(from),
        ...(peering && from.vpc !== to.vpc
          ? [{ element: resourceElementId(peering.address), label: `peering ${nameOf(peering.address)}`, components: [] }]
          : []),
        instanceStop(to),
      ];
    }
    if (v.protocol === "ssh") {
      if (!to) return [{ element: INSTANCE_CONNECT_ELEMENT, label: "EC2 Instance Connect", components: [] }, missing];
      const endpoint = to.vpc.subnets.flatMap((s) => s.instanceConnectEndpoints);
      // The analysis takes the endpoint when it proves the way through it; a blocked path without
      // a public address is judged through the endpoint too.
      const viaEndpoint =
        endpoint.find((e) => hops.has(e)) ??
        (v.verdict !== "reachable" &&
        endpoint.length > 0 &&
        (!to.instance.publicAddress || endpoint.some((e) => this.locate(v.blocker?.component ?? "") === resourceElementId(e)))
          ? endpoint[0]
          : undefined);
      if (viaEndpoint)
        return [
          { element: resourceElementId(viaEndpoint), label: `EC2 Instance Connect Endpoint ${nameOf(viaEndpoint)}`, components: [] },
          instanceStop(to),
        ];
      const gateway = to.vpc.internetGateways.find((g) => hops.has(g)) ?? to.vpc.internetGateways[0];
      return [
        { element: INSTANCE_CONNECT_ELEMENT, label: "EC2 Instance Connect", components: [] },
        ...(gateway ? [{ element: resourceElementId(gateway), label: `internet gateway ${nameOf(gateway)}`, components: [] }] : []),
        instanceStop(to),
      ];
    }
    if (!from) return [missing];
    const s3Endpoints = from.vpc.endpoints.filter((e) => e.service === "s3");
    const endpoint = s3Endpoints.find((e) => hops.has(e.address));
    const gateway = from.vpc.internetGateways.find((g) => hops.has(g));
    // Without the proof's hops (a blocked path), the subnet's routes say which way S3 is reached.
    const wayOut =
      endpoint?.address ??
      gateway ??
      (v.verdict === "reachable" ? undefined : from.subnet.routes.find((r) => s3Endpoints.some((e) => e.address === r.target))?.target) ??
      (v.verdict === "reachable" ? undefined : from.subnet.routes.find((r) => from.vpc.internetGateways.includes(r.target))?.target);
    return [
      instanceStop(from),
      tableStop(from),
      ...(wayOut
        ? [
            {
              element: resourceElementId(wayOut),
              label: wayOut.startsWith("aws_vpc_endpoint.")
                ? `S3 gateway endpoint ${nameOf(wayOut)}`
                : `internet gateway ${nameOf(wayOut)}`,
              components: [],
            },
          ]
        : []),
      this.bucket ? { element: resourceElementId(this.bucket), label: `S3 bucket ${nameOf(this.bucket)}`, components: [] } : missing,
    ];
  }

  /** The element a path is meant to end at: the destination's instance, or the bucket. */
  public endOf(v: PathVerdict): string {
    const end = v.protocol === "s3" ? this.bucket : this.instances.get(v.to)?.instance.address;
    return end ? resourceElementId(end) : MISSING_ELEMENT;
  }

  /** How a route names an element it passes. */
  public labelOf(element: string, component: { readonly kind: string; readonly address: string }): string {
    const words: Record<string, string> = {
      "instance-connect": "EC2 Instance Connect",
      "instance-connect-endpoint": "EC2 Instance Connect Endpoint",
      "gateway-endpoint": "gateway endpoint",
      "internet-gateway": "internet gateway",
      "route-table": "route table",
      peering: "peering",
      bucket: "S3 bucket",
    };
    if (element === INSTANCE_CONNECT_ELEMENT) return words["instance-connect"]!;
    if (element === MISSING_ELEMENT) return "not in the Terraform";
    const address = element.slice("res:".length);
    if (address.startsWith("aws_instance.")) return `EC2 instance ${nameOf(address)}`;
    return `${words[component.kind] ?? address.split(".")[0]} ${nameOf(address)}`;
  }

  /** The route table element that holds a route (`aws_route.x`, or a table's inline route). */
  public tableOfRoute(route: string): string | undefined {
    return this.routeTables.get(route);
  }

  /** The route table, of the subnet an element is in, that sends traffic to a gateway endpoint. */
  public tableServing(element: string, endpoint: string): string | undefined {
    const subnet = this.containersOf(element)[0];
    const table = subnet ? this.subnetTables.get(subnet) : undefined;
    return table && this.routeTables.get(`${table}|${endpoint}`) ? table : undefined;
  }

  /** True for the element of a VPC or a subnet (a cluster in the picture, which no edge can end at). */
  public isCluster(element: string): boolean {
    return this.clusters.has(element);
  }

  /** The elements that hold an element: its subnet, then its VPC. */
  public containersOf(element: string): readonly string[] {
    return this.containers.get(element) ?? [];
  }
}

/**
 * A path's drawn route: its stops, each with the components the proof went through there (a hop
 * that no stop holds joins the stop before it), cut after the stop that holds the blocking
 * component when the path is blocked.
 */
function drawnRoute(
  v: PathVerdict,
  reader: RouteReader,
  template: () => readonly RouteStop[],
): { route: RouteStop[]; stopsAtBlocker: boolean } {
  const walked = (v as PathVerdict & { readonly route?: readonly WalkedComponent[] }).route;
  if (walked && walked.length > 0) return walkedRoute(walked, reader, template);
  const stops = template().map((stop) => ({ ...stop, components: [] as string[] }));
  const indexOf = (element: string | undefined): number => {
    if (element === undefined) return -1;
    const exact = stops.findIndex((s) => s.element === element);
    if (exact >= 0) return exact;
    // A blocking subnet (its ACL) or VPC holds the first stop inside it.
    return stops.findIndex((s) => reader.containersOf(s.element).includes(element));
  };
  let last = 0;
  for (const hop of v.hops) {
    const at = indexOf(reader.locate(hop));
    if (at >= 0) last = at;
    stops[at >= 0 ? at : last]!.components.push(hop);
  }
  if (v.verdict !== "blocked" || !v.blocker) return { route: stops, stopsAtBlocker: false };
  const at = indexOf(reader.locate(v.blocker.component));
  if (at < 0) return { route: stops, stopsAtBlocker: false };
  stops[at]!.components.push(v.blocker.component);
  return { route: stops.slice(0, at + 1), stopsAtBlocker: true };
}

/**
 * One component of the route the analysis walked, as it returns it beside a verdict: what kind
 * of component, its address, the resources that decided the step there, and on the last one of
 * a path that is not reachable whether it stops there.
 */
export interface WalkedComponent {
  readonly kind: string;
  readonly address: string;
  readonly via: readonly string[];
  readonly stop?: "blocked" | "unknown";
}

/** Kinds of walked components that lead traffic out of a route table: a route before one of them is a stop at its table. */
const LEADS_OUT = new Set(["peering", "internet-gateway", "gateway-endpoint"]);

/**
 * The drawn route of a walked route: each component on the element that shows it, consecutive
 * repeats merged. A security group, a role or a public address is drawn on its instance; a route
 * is a stop at its route table when it leads the traffic out (to a peering, a gateway or an
 * endpoint), else it belongs to the stop before; a gateway endpoint is reached through the
 * route table it is associated with. A component held by a subnet or a VPC (a network ACL, a VPC
 * without a gateway) is drawn on the stop inside it.
 */
function walkedRoute(
  walked: readonly WalkedComponent[],
  reader: RouteReader,
  template: () => readonly RouteStop[],
): { route: RouteStop[]; stopsAtBlocker: boolean } {
  const stops: { element: string; label: string; components: string[] }[] = [];
  const add = (element: string, component: WalkedComponent, components: string[]) => {
    const previous = stops.at(-1);
    if (previous?.element === element) previous.components.push(...components);
    else stops.push({ element, label: reader.labelOf(element, component), components });
  };
  walked.forEach((component, i) => {
    const components = [component.address, ...component.via.filter((a) => a !== component.address)];
    const previous = stops.at(-1);
    const last = i === walked.length - 1;
    if (component.kind === "instance-connect") return add(INSTANCE_CONNECT_ELEMENT, component, components);
    if (component.kind === "route") {
      const table = reader.tableOfRoute(component.address);
      if (table && (last || LEADS_OUT.has(walked[i + 1]?.kind ?? ""))) return add(table, { ...component, kind: "route-table" }, components);
      if (previous) return previous.components.push(...components);
    }
    if (component.kind === "gateway-endpoint" && previous) {
      const table = reader.tableServing(previous.element, component.address);
      if (table) add(table, { ...component, kind: "route-table" }, []);
    }
    let element = reader.locate(component.address);
    if (element && reader.isCluster(element)) {
      // A subnet's ACL or a VPC: the stop before, when it is inside, else the route's first stop inside.
      const inside = (id: string) => reader.containersOf(id).includes(element!);
      element = previous && inside(previous.element) ? previous.element : template().find((stop) => inside(stop.element))?.element;
    }
    if (element === undefined) {
      if (previous && !last) return previous.components.push(...components);
      element = previous?.element ?? MISSING_ELEMENT;
    }
    add(element, component, components);
  });
  return { route: stops, stopsAtBlocker: walked.at(-1)?.stop === "blocked" };
}

function pathView(v: PathVerdict, reader: RouteReader): PathView {
  const to = v.protocol === "s3" ? "bucket" : v.to;
  const code = v.blocker?.code;
  let stops: readonly RouteStop[] | undefined;
  const template = () => (stops ??= reader.stops(v));
  const { route, stopsAtBlocker } = drawnRoute(v, reader, template);
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
            element: reader.locate(v.blocker.component),
          }
        : undefined,
  };
}

/** Fields that lead from a component to the resource it belongs to, most specific first. */
const OWNER_FIELDS = [
  "security_group_id",
  "route_table_id",
  "network_acl_id",
  "subnet_id",
  "instance",
  "instance_id",
  "vpc_endpoint_id",
  "bucket",
  "role",
  "vpc_peering_connection_id",
  "vpc_id",
  "default_route_table_id",
  "default_network_acl_id",
  "default_security_group_id",
];
/** Components that belong to what uses them (a group to its instance, a role to its instance, a key to its bucket). */
const OWNED_BY_USERS = new Set([
  "aws_security_group",
  "aws_iam_role",
  "aws_iam_instance_profile",
  "aws_kms_key",
  "aws_iam_policy_document",
]);

/**
 * Finds the drawn element that holds a component named by the analysis: the element itself, a
 * peering for a route through it, the VPC named in "the main route table of aws_vpc.x", else
 * what the component belongs to (a rule to its group, a group or role to the instance that uses
 * it, a route table to its VPC, a bucket policy or key to its bucket).
 */
function elementLocator(doc: TerraformDocument, model: NetworkModel, drawn: ReadonlySet<string>): (address: string) => string | undefined {
  // Who refers to what: built on the first component that needs it (most labs have few blockers).
  let users: Map<string, string[]> | undefined;
  const usersOf = (address: string): readonly string[] => {
    if (!users) {
      users = new Map();
      for (const [type, blocks] of Object.entries(doc.json.resource ?? {}))
        for (const [name, body] of Object.entries(blocks))
          for (const target of referencesIn(body)) {
            const list = users.get(target) ?? [];
            list.push(`${type}.${name}`);
            users.set(target, list);
          }
    }
    return users.get(address) ?? [];
  };
  const peeringOfRoute = new Map<string, string>();
  for (const table of model.uniqueRouteTables())
    for (const route of table.routes) if (route.target.kind === "peering") peeringOfRoute.set(route.address, route.target.address);
  // Instances first, then what leads to them or to a bucket.
  const rank = (address: string) => (address.startsWith("aws_instance.") ? 0 : address.startsWith("aws_iam_instance_profile.") ? 1 : 2);

  const find = (address: string, visited: Set<string>, depth: number): string | undefined => {
    if (drawn.has(address)) return address;
    if (visited.has(address) || depth > 4) return undefined;
    visited.add(address);
    const block = doc.get(address);
    if (!block) {
      const named = /\b(aws_vpc\.[A-Za-z0-9_-]+)/.exec(address);
      return named && drawn.has(named[1]!) ? named[1] : undefined;
    }
    const peering = peeringOfRoute.get(address);
    if (peering && drawn.has(peering)) return peering;
    const byUsers = () => {
      for (const user of [...usersOf(address)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) {
        const found = find(user, visited, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    const byOwners = () => {
      for (const field of OWNER_FIELDS) {
        const owner = addressOf(block.body[field]);
        const found = owner && find(owner, visited, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    return OWNED_BY_USERS.has(block.type) ? (byUsers() ?? byOwners()) : (byOwners() ?? byUsers());
  };
  const cache = new Map<string, string | undefined>();
  return (address: string) => {
    if (!cache.has(address)) cache.set(address, find(address, new Set(), 0));
    const found = cache.get(address);
    return found === undefined ? undefined : resourceElementId(found);
  };
}

/** Every address a block's values refer to, in the order they appear. */
function referencesIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") {
    for (const match of value.matchAll(/\$\{([^}]*)\}/g)) {
      const ref = parseReference(`\${${match[1]}}`);
      if (ref && !found.includes(ref.address)) found.push(ref.address);
    }
  } else if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) if (key !== "//" && key !== "depends_on") referencesIn(item, found);
  return found;
}

/** Where a provider builds: its region, and its account (a number when the JSON names it). */
interface ProviderPlace {
  readonly region?: string;
  readonly account?: string;
  /** Tells accounts apart when their numbers are not known: the number, "default", or the provider. */
  readonly accountKey: string;
  /** The provider alias, when its account is neither named nor the default one. */
  readonly provider?: string;
}

/**
 * Region and account of each AWS provider configuration (by alias), for the blocks that use them.
 * The account is the one the provider or the intent's contexts name; else an alias that assumes
 * no role builds in Terraform's own account, and so does one named after its region (issue 13's
 * aliases: an offline preview drops the roles but keeps the names).
 */
function readProviders(json: TerraformJson, intent: LabIntent) {
  const intentAccount = intent.accountId;
  const configs = (json.provider as { aws?: Record<string, unknown>[] } | undefined)?.aws ?? [];
  const numbered = (config: Record<string, unknown>): string | undefined => {
    const allowed =
      Array.isArray(config.allowed_account_ids) && config.allowed_account_ids.length === 1 ? config.allowed_account_ids[0] : undefined;
    const roles = Array.isArray(config.assume_role) ? (config.assume_role as Record<string, unknown>[]) : [];
    return stringOrUndefined(allowed) ?? roles.map((r) => /^arn:[^:]+:iam::(\d{12}):/.exec(String(r.role_arn ?? ""))?.[1]).find(Boolean);
  };
  const defaultConfig = configs.find((c) => typeof c.alias !== "string");
  const defaultAccount = (defaultConfig && numbered(defaultConfig)) ?? intentAccount;
  const ownAccount = { account: defaultAccount, accountKey: defaultAccount ?? "default" };
  const byAlias = new Map<string, ProviderPlace>();
  for (const config of configs) {
    const alias = typeof config.alias === "string" ? config.alias : "";
    const region = stringOrUndefined(config.region);
    // The intent names each alias's account where the configuration does (an offline preview drops the roles).
    const account = numbered(config) ?? intent.contexts?.[alias]?.accountId;
    const assumesRole = Array.isArray(config.assume_role) && config.assume_role.length > 0;
    const place: ProviderPlace = account
      ? { region, account, accountKey: account }
      : alias === "" || (!assumesRole && alias === region)
        ? { region, ...ownAccount }
        : assumesRole || alias !== region
          ? { region, accountKey: `aws.${alias}`, provider: `aws.${alias}` }
          : { region, ...ownAccount };
    byAlias.set(alias, place);
  }
  return {
    of(block: AddressedBlock): ProviderPlace {
      const provider = typeof block.body.provider === "string" ? /^aws\.(.+)$/.exec(block.body.provider)?.[1] : undefined;
      return byAlias.get(provider ?? "") ?? byAlias.get("") ?? ownAccount;
    },
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

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Sorted by name with digit runs compared as numbers (vpc2 before vpc10), independent of locale. */
function naturalOrder<T>(items: readonly T[], nameOfItem: (item: T) => string): T[] {
  const key = (name: string) =>
    name
      .split(/(\d+)/)
      .map((part, i) => (i % 2 === 1 ? part.padStart(12, "0") : part))
      .join("");
  return [...items].sort((a, b) => {
    const [x, y] = [key(nameOfItem(a)), key(nameOfItem(b))];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
