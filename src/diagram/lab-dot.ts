import type { LabTopology, PathView, VpcGroup, VpcView } from "./lab-topology";
import { INSTANCE_CONNECT_ELEMENT, MISSING_ELEMENT, resourceElementId } from "./lab-topology";

/**
 * Up to this many VPCs each resource is its own node and each path its own edge; above it a VPC
 * is one node with its contents and its paths summarised, so that a 50-VPC mesh stays legible.
 */
export const DETAILED_VPC_LIMIT = 8;
/** In a detailed picture, each path's first segment carries its name up to this many paths (else on hover). */
export const LABELLED_PATH_LIMIT = 12;
/**
 * Font sizes in points. The smallest, 10 pt, is 13.3 CSS pixels in lab.svg at its own size; lab.html
 * never shows the picture below 11/13.3 of it, so no text of the drawing is below 11 px.
 */
export const FONT = { title: "14", cluster: "12", node: "11", edge: "10", legend: "10" } as const;
/** The smallest font of the drawing, in points. */
export const SMALLEST_FONT_PT = 10;
/** In a detailed picture, peering edges carry their routes as a label up to this many peerings (else on hover). */
export const LABELLED_PEERING_LIMIT = 3;
/** Columns of the grid of VPC nodes in a summarised picture. */
const SUMMARY_COLUMNS = 4;
/** In a summarised picture, peerings are drawn as edges up to this many (else counted on each VPC). */
export const SUMMARY_PEERING_EDGE_LIMIT = 60;
/** In a summarised picture, paths against intent or unknown are drawn as edges up to this many (all are listed). */
export const SUMMARY_PATH_EDGE_LIMIT = 40;

/** A Graphviz graph for the lab, and how to find each topology element in the drawing. */
export interface DiagramGraph {
  /** The graph in the DOT language. */
  readonly dot: string;
  /** The Graphviz layout engine: `dot` (layered) for a detailed picture, `osage` (packed clusters) for a summary. */
  readonly engine: "dot" | "osage";
  readonly mode: "detailed" | "summary";
  /** Topology element id to the id of the element that shows it (a summary shows an instance on its VPC's node). */
  readonly shownAs: Readonly<Record<string, string>>;
}

/** Light-scheme colours written into the graph; lab.html and lab.svg restyle them with CSS (dark mode too). */
const COLOURS = {
  reachable: "#1a7f37",
  blocked: "#cf222e",
  blockedAsIntended: "#8c959f",
  unknown: "#bf8700",
  line: "#57606a",
  peering: "#0969da",
} as const;

/** The picture's own legend (lab.html has a fuller one), so that lab.svg reads on its own, e.g. in the README. */
const LEGEND = `"legend" [id="legend" class="legend" shape=plaintext style="" margin=0 label=<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">${[
  [COLOURS.reachable, "━━", "reachable, as intended"],
  [COLOURS.blockedAsIntended, "╍╍", "blocked, as intended"],
  [COLOURS.blocked, "╍╍", "against intent (labelled with the code)"],
  [COLOURS.unknown, "┈┈", "unknown: not provable offline"],
  [COLOURS.blocked, "━┫", "a bar: where a blocked path stops (its blocking component)"],
  [COLOURS.peering, "▭", "peering: a node between the VPCs it joins (hover: its routes)"],
]
  .map(([colour, line, text]) => `<TR><TD ALIGN="LEFT"><FONT COLOR="${colour}">${line}</FONT> ${text}</TD></TR>`)
  .join("")}</TABLE>> fontsize=${FONT.legend} rank=sink];`;

/** The CSS classes of a path: its verdict, and whether that is what the intent says. */
export function pathClasses(path: PathView): string {
  return `path protocol-${path.protocol} verdict-${path.verdict} ${path.verdict === "unknown" ? "intent-unknown" : path.asIntended ? "as-intended" : "against-intent"}`;
}

/** A VPC's and its group's label line for region and account, when they are known. */
export function groupLabel(group: VpcGroup): string {
  return [
    group.region ?? "region not set",
    group.account ? `account ${group.account}` : group.provider ? `account of provider ${group.provider}` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Builds the Graphviz graph of a lab: detailed up to {@link DETAILED_VPC_LIMIT} VPCs, summarised above. */
export function labGraph(topology: LabTopology): DiagramGraph {
  return topology.vpcs.length <= DETAILED_VPC_LIMIT ? detailedGraph(topology) : summaryGraph(topology);
}

function detailedGraph(topology: LabTopology): DiagramGraph {
  const blocking = blockingElements(topology, (id) => id);
  const labelled = topology.paths.length <= LABELLED_PATH_LIMIT;
  const lines: string[] = [
    `digraph ${quote(topology.stack)} {`,
    `  graph [id="lab" rankdir=TB compound=true newrank=true fontname="Helvetica" fontsize=${FONT.title} nodesep=0.3 ranksep=0.45 pad=0.2 bgcolor="transparent" labelloc=t label=${quote(`stack ${topology.stack}`)}];`,
    `  node [fontname="Helvetica" fontsize=${FONT.node} shape=box style="rounded,filled" fillcolor="#ffffff" color=${quote(COLOURS.line)} margin="0.1,0.05"];`,
    `  edge [fontname="Helvetica" fontsize=${FONT.edge} color=${quote(COLOURS.line)} arrowsize=0.7];`,
  ];
  const resourceNode = (id: string, label: string, cssClass: string, extra = "") =>
    nodeStatement(id, label, marked(blocking, id, cssClass), extra);
  if (topology.paths.some((p) => p.route.some((stop) => stop.element === INSTANCE_CONNECT_ELEMENT)))
    lines.push(
      `  ${resourceNode(INSTANCE_CONNECT_ELEMENT, "EC2 Instance Connect\\n(the console's Connect)", "service instance-connect", 'shape=box style="rounded,dashed"')}`,
    );
  const vpcsByAddress = new Map(topology.vpcs.map((v) => [v.address, v]));
  topology.groups.forEach((group, g) => {
    lines.push(
      `  subgraph ${quote(`cluster_group_${g}`)} {`,
      `    graph [id=${quote(`group:${group.key}`)} class="group" label=${quote(groupLabel(group))} style="rounded,dashed" color=${quote(COLOURS.line)} fontsize=${FONT.cluster}];`,
    );
    for (const address of group.vpcs) lines.push(...vpcCluster(vpcsByAddress.get(address)!, "    ", blocking));
    lines.push("  }");
  });
  // The bucket below the gateway endpoints, whether or not a path reaches it.
  for (const bucket of topology.buckets)
    for (const vpc of topology.vpcs)
      for (const endpoint of vpc.endpoints)
        lines.push(`  ${quote(resourceElementId(endpoint.address))} -> ${quote(resourceElementId(bucket.address))} [style=invis];`);
  for (const bucket of topology.buckets)
    lines.push(
      `  ${resourceNode(resourceElementId(bucket.address), `S3 bucket ${bucket.address.split(".")[1]}\\n${bucket.name ?? ""}`, "resource bucket", "shape=cylinder")}`,
    );
  if (topology.paths.some((p) => p.route.some((stop) => stop.element === MISSING_ELEMENT)))
    lines.push(`  ${nodeStatement(MISSING_ELEMENT, "not in the Terraform", "missing", 'style="rounded,dotted"')}`);

  // A peering is a place on the routes: a node between its two VPCs, its routes on hover (or as its label).
  for (const peering of topology.peerings) {
    const routes = peering.routes.map((r) => `${r.vpc ? r.vpc.split(".")[1] : "?"} → ${r.destination}`);
    const label = [
      `peering ${peering.address.split(".")[1]}`,
      ...(topology.peerings.length <= LABELLED_PEERING_LIMIT ? (routes.length > 0 ? routes : ["no routes"]) : []),
      ...(peering.accepted ? [] : ["not accepted"]),
    ];
    const id = resourceElementId(peering.address);
    lines.push(
      `  ${quote(id)} [${attrs({
        id,
        class: marked(
          blocking,
          id,
          `resource peering${peering.accepted ? "" : " not-accepted"}${peering.routes.length === 0 ? " no-routes" : ""}`,
        ),
        label: label.join("\\n"),
        tooltip: [`peering ${peering.address.split(".")[1]}`, ...routes].join(" · "),
        color: COLOURS.peering,
        fontcolor: COLOURS.peering,
        penwidth: "2",
      })} shape=box style="rounded,filled,bold"];`,
    );
    // Hung below both route tables, so the layout puts it between the two VPCs.
    for (const vpc of [peering.requester, peering.accepter]) {
      const table = vpc ? vpcsByAddress.get(vpc)?.subnets[0]?.routeTable : undefined;
      if (table) lines.push(`  ${quote(resourceElementId(table))} -> ${quote(id)} [style=invis weight=2];`);
    }
  }
  for (const path of topology.paths) lines.push(...pathEdges(path, (id) => id, labelled));
  // The legend under the bucket (the picture's last layer), where it widens the picture least.
  for (const bucket of topology.buckets) lines.push(`  ${quote(resourceElementId(bucket.address))} -> "legend" [style=invis];`);
  lines.push(`  ${LEGEND}`, "}");
  return { dot: `${lines.join("\n")}\n`, engine: "dot", mode: "detailed", shownAs: {} };
}

/** One VPC as a cluster: its internet gateway, subnets with their route table and instances, endpoints and flow logs. */
function vpcCluster(vpc: VpcView, indent: string, blocking: Marks): string[] {
  const resourceNode = (id: string, label: string, cssClass: string, extra = "") =>
    nodeStatement(id, label, marked(blocking, id, cssClass), extra);
  const cls = (id: string, cssClass: string) => marked(blocking, id, cssClass);
  const lines = [
    `${indent}subgraph ${quote(clusterOf(vpc.address))} {`,
    `${indent}  graph [${attrs({ id: resourceElementId(vpc.address), class: cls(resourceElementId(vpc.address), "resource vpc"), label: `VPC ${vpc.name}  ${vpc.cidr ?? ""}`, style: "rounded", color: COLOURS.line, fontsize: FONT.cluster })}];`,
  ];
  for (const igw of vpc.internetGateways)
    lines.push(`${indent}  ${resourceNode(resourceElementId(igw), `internet gateway ${igw.split(".")[1]}`, "resource igw", "shape=box")}`);
  const tablesDrawn = new Set<string>();
  const under: string[] = [];
  for (const subnet of vpc.subnets) {
    lines.push(
      `${indent}  subgraph ${quote(`cluster_${subnet.address}`)} {`,
      `${indent}    graph [${attrs({ id: resourceElementId(subnet.address), class: cls(resourceElementId(subnet.address), "resource subnet"), label: `${subnet.isPublic ? "public subnet" : "subnet"} ${subnet.cidr ?? ""}`, style: "rounded,dashed", color: COLOURS.line, fontsize: FONT.cluster })}];`,
    );
    const inSubnet: string[] = [];
    for (const instance of subnet.instances) {
      const access =
        instance.publicAddress === undefined ? "no public IP" : instance.publicAddress === "launch" ? "public IP at launch" : "Elastic IP";
      const groups = instance.securityGroups.map((g) => g.split(".").pop()!).join(", ");
      lines.push(
        `${indent}    ${resourceNode(resourceElementId(instance.address), [`EC2 instance ${instance.address.split(".")[1]}`, [instance.instanceType, access].filter(Boolean).join(" · "), ...(groups ? [`security group ${groups}`] : [])].join("\\n"), "resource instance")}`,
      );
      inSubnet.push(resourceElementId(instance.address));
    }
    for (const endpoint of subnet.instanceConnectEndpoints) {
      lines.push(
        `${indent}    ${resourceNode(resourceElementId(endpoint), "EC2 Instance Connect\\nEndpoint", "resource instance-connect-endpoint")}`,
      );
      inSubnet.unshift(resourceElementId(endpoint));
    }
    if (subnet.instances.length === 0 && subnet.instanceConnectEndpoints.length === 0)
      lines.push(`${indent}    ${quote(`empty:${subnet.address}`)} [shape=plaintext label="no instance" fontsize=${FONT.node}];`);
    // The route table the subnet uses, drawn in it, below its instances (a shared table once, in its first subnet).
    const table = resourceElementId(subnet.routeTable);
    if (!tablesDrawn.has(table)) {
      tablesDrawn.add(table);
      lines.push(
        `${indent}    ${resourceNode(table, `route table ${subnet.routeTable.startsWith("aws_") ? subnet.routeTable.split(".")[1] : "(main)"}`, "resource route-table", 'shape=box style="filled"')}`,
      );
      for (const above of inSubnet) lines.push(`${indent}    ${quote(above)} -> ${quote(table)} [style=invis];`);
    }
    lines.push(`${indent}  }`);
    under.push(table);
    for (const igw of vpc.internetGateways)
      for (const id of inSubnet) lines.push(`${indent}  ${quote(resourceElementId(igw))} -> ${quote(id)} [style=invis];`);
  }
  for (const e of vpc.endpoints) {
    const id = resourceElementId(e.address);
    lines.push(
      `${indent}  ${resourceNode(id, `${e.service.toUpperCase()} gateway endpoint\\n${e.address.split(".")[1]}`, `resource endpoint endpoint-${e.service}`)}`,
    );
    for (const table of under) lines.push(`${indent}  ${quote(table)} -> ${quote(id)} [style=invis];`);
  }
  for (const f of vpc.flowLogs) {
    const id = resourceElementId(f.address);
    lines.push(
      `${indent}  ${resourceNode(id, `flow logs →\\n${f.logGroup ?? "log group"}`, "resource flow-log", 'shape=note style="filled"')}`,
    );
    for (const table of under) lines.push(`${indent}  ${quote(table)} -> ${quote(id)} [style=invis];`);
  }
  lines.push(`${indent}}`);
  return lines;
}

/** The colour a path is drawn in: its verdict, and whether that is what the intent says. */
function pathColour(path: PathView): string {
  return path.verdict === "unknown"
    ? COLOURS.unknown
    : path.verdict === "reachable"
      ? path.asIntended
        ? COLOURS.reachable
        : COLOURS.blocked
      : path.asIntended
        ? COLOURS.blockedAsIntended
        : COLOURS.blocked;
}

/** A path's status in words: `reachable`, `blocked: CODE`, `unknown: CODE`. */
function pathStatus(path: PathView): string {
  return path.verdict === "unknown"
    ? `unknown: ${path.blocker?.code ?? ""}`
    : path.verdict === "blocked"
      ? `blocked: ${path.blocker?.code ?? ""}`
      : "reachable";
}

/** The id of a path's k-th drawn segment (`path:s3:vpc1:s3/2`); {@link segmentPathId} reads it back. */
export const segmentId = (pathId: string, index: number): string => `${pathId}/${index + 1}`;
/** The path a segment id belongs to. */
export const segmentPathId = (segment: string): string => segment.replace(/\/\d+$/, "");

/** The drawn elements of a path's route, as a summary or a detailed picture shows them, repeats merged. */
export function shownRoute(path: PathView, shown: (id: string) => string | undefined): string[] {
  const elements: string[] = [];
  for (const stop of path.route) {
    const element = shown(stop.element);
    if (element !== undefined && elements.at(-1) !== element) elements.push(element);
  }
  return elements;
}

/**
 * A path as edges along its route, one per step from element to element: the first carries the
 * path's name (when the picture labels paths, else it is on hover), the last an arrow, or a bar
 * at the element that blocks it. A path blocked at its first element is a short loop ending in a bar.
 */
function pathEdges(path: PathView, shown: (id: string) => string | undefined, labelled: boolean): string[] {
  const elements = shownRoute(path, shown);
  if (elements.length === 0) return [];
  const colour = pathColour(path);
  const status = pathStatus(path);
  const against = path.verdict !== "unknown" && !path.asIntended;
  const tooltip = `${path.title}: ${status}${path.verdict === "unknown" ? "" : path.asIntended ? " (as intended)" : " (AGAINST INTENT)"}${path.blocker ? ` at ${path.blocker.component}` : ""}`;
  const steps: [string, string][] =
    elements.length === 1 ? [[elements[0]!, elements[0]!]] : elements.slice(1).map((to, i) => [elements[i]!, to]);
  return steps.map(([from, to], i) => {
    const last = i === steps.length - 1;
    const name = labelled && i === 0 ? (against || path.verdict !== "reachable" ? `${path.title}\\n${status}` : path.title) : "";
    return `  ${quote(from)} -> ${quote(to)} [${attrs({
      id: segmentId(path.id, i),
      class: `${pathClasses(path)} segment`,
      color: colour,
      fontcolor: colour,
      style: path.verdict === "unknown" ? "dotted" : path.verdict === "blocked" ? "dashed" : "solid",
      penwidth: path.asIntended ? "1.4" : "2.4",
      arrowhead: last ? (path.stopsAtBlocker ? "tee" : "normal") : "none",
      arrowsize: last && path.stopsAtBlocker ? "1.1" : "0.7",
      // Pings run sideways between VPCs: they must not pull the layers of the picture about.
      constraint: path.protocol === "icmp" || from === to ? "false" : "true",
      label: name,
      tooltip,
    })}];`;
  });
}

/**
 * Above {@link DETAILED_VPC_LIMIT} VPCs: one node per VPC (its block, instance, endpoint, flow
 * logs and how its paths fared), packed in a grid per region and account by Graphviz's osage
 * layout. Peerings are edges up to {@link SUMMARY_PEERING_EDGE_LIMIT}, else counted on each VPC
 * (and a full mesh says so); only the paths that are against intent or unknown are drawn.
 */
function summaryGraph(topology: LabTopology): DiagramGraph {
  const shownAs: Record<string, string> = {};
  const peersOf = new Map<string, Set<string>>();
  for (const p of topology.peerings) {
    if (!p.requester || !p.accepter) continue;
    peersOf.set(p.requester, (peersOf.get(p.requester) ?? new Set()).add(p.accepter));
    peersOf.set(p.accepter, (peersOf.get(p.accepter) ?? new Set()).add(p.requester));
  }
  const lines: string[] = [
    `digraph ${quote(topology.stack)} {`,
    `  graph [id="lab" layout=osage pack=12 packmode="array_1" fontname="Helvetica" fontsize=${FONT.title} pad=0.2 bgcolor="transparent" labelloc=t label=${quote(`stack ${topology.stack} · ${topology.vpcs.length} VPCs, ${topology.peerings.length} peerings (summarised: hover a VPC)`)}];`,
    `  node [fontname="Helvetica" fontsize=${FONT.node} shape=box style="rounded,filled" fillcolor="#ffffff" color=${quote(COLOURS.line)} margin="0.08,0.04"];`,
    `  edge [fontname="Helvetica" fontsize=${FONT.edge} color=${quote(COLOURS.line)} arrowsize=0.6];`,
  ];
  const shown = (id: string) => shownAs[id] ?? id;
  for (const vpc of topology.vpcs) for (const contained of containedIds(vpc)) shownAs[contained] = resourceElementId(vpc.address);
  const blocking = blockingElements(topology, shown, false);
  // A VPC's paths: those from its instance, and the ssh paths into it.
  const pathsOf = new Map<string, PathView[]>();
  for (const path of topology.paths) {
    const vpcName = path.protocol === "ssh" ? path.to : path.from;
    const list = pathsOf.get(vpcName) ?? [];
    list.push(path);
    pathsOf.set(vpcName, list);
  }
  const vpcsByAddress = new Map(topology.vpcs.map((v) => [v.address, v]));
  topology.groups.forEach((group, g) => {
    const members = new Set(group.vpcs);
    const fullMesh = group.vpcs.length > 2 && group.vpcs.every((v) => [...members].every((o) => o === v || peersOf.get(v)?.has(o)));
    const label = `${groupLabel(group)} · ${group.vpcs.length} VPCs${fullMesh ? " · full mesh: every pair peered and routed" : ""}`;
    lines.push(
      `  subgraph ${quote(`cluster_group_${g}`)} {`,
      // A grid of SUMMARY_COLUMNS, in the VPCs' order (sortv), whatever each node's size.
      `    graph [${attrs({ id: `group:${group.key}`, class: "group", label, style: "rounded,dashed", color: COLOURS.line, fontsize: "11", packmode: `array_u${SUMMARY_COLUMNS}` })}];`,
    );
    for (const [index, address] of group.vpcs.entries()) {
      const vpc = vpcsByAddress.get(address)!;
      const id = resourceElementId(vpc.address);
      const paths = pathsOf.get(vpc.name) ?? [];
      const health = paths.some((p) => p.verdict !== "unknown" && !p.asIntended)
        ? "health-fail"
        : paths.some((p) => p.verdict === "unknown")
          ? "health-unknown"
          : "health-ok";
      const instance = vpc.subnets.flatMap((s) => s.instances)[0];
      // Short lines, so that the grid fits a page's width at a legible size.
      const extras = [vpc.endpoints.length > 0 ? "S3 endpoint" : undefined, vpc.flowLogs.length > 0 ? "flow logs" : undefined].filter(
        Boolean,
      );
      const nodeLines = [
        `${vpc.name}  ${vpc.cidr ?? ""}`,
        instance
          ? `instance${instance.publicAddress ? (instance.publicAddress === "launch" ? " · public IP" : " · EIP") : ""}`
          : "no instance",
        ...(extras.length > 0 ? [extras.join(" · ")] : []),
        `${peersOf.get(vpc.address)?.size ?? 0} peers · ${verdictCounts(paths)}`,
      ];
      lines.push(
        `    ${node(id, nodeLines.join("\\n"), `resource vpc ${health}${blocking.has(id) ? " blocking" : ""}`, `sortv=${index}`)}`,
      );
    }
    lines.push("  }");
  });
  for (const bucket of topology.buckets)
    lines.push(
      `  ${node(resourceElementId(bucket.address), `S3 bucket ${bucket.address.split(".")[1]}\\n${bucket.name ?? ""}`, blocking.has(resourceElementId(bucket.address)) ? "resource bucket blocking" : "resource bucket", "shape=cylinder")}`,
    );
  if (topology.paths.some((p) => p.fromElement === INSTANCE_CONNECT_ELEMENT))
    lines.push(`  ${node(INSTANCE_CONNECT_ELEMENT, "EC2 Instance Connect", "service instance-connect", 'style="rounded,dashed"')}`);
  if (topology.paths.some((p) => p.fromElement === MISSING_ELEMENT || p.toElement === MISSING_ELEMENT))
    lines.push(`  ${node(MISSING_ELEMENT, "not in the Terraform", "missing", 'style="rounded,dotted"')}`);
  if (topology.peerings.length <= SUMMARY_PEERING_EDGE_LIMIT)
    for (const p of topology.peerings)
      if (p.requester && p.accepter && vpcsByAddress.has(p.requester) && vpcsByAddress.has(p.accepter))
        lines.push(
          `  ${quote(resourceElementId(p.requester))} -> ${quote(resourceElementId(p.accepter))} [${attrs({ id: resourceElementId(p.address), class: "resource peering", dir: "none", color: COLOURS.peering, penwidth: "1.5" })}];`,
        );
  const noteworthy = topology.paths.filter((p) => p.verdict === "unknown" || !p.asIntended).slice(0, SUMMARY_PATH_EDGE_LIMIT);
  // A route shown on the summary's nodes: what a VPC holds is its node; a peering is no node here.
  const drawnNodes = new Set([
    ...topology.vpcs.map((v) => resourceElementId(v.address)),
    ...topology.buckets.map((b) => resourceElementId(b.address)),
    INSTANCE_CONNECT_ELEMENT,
    MISSING_ELEMENT,
  ]);
  const onNodes = (id: string): string | undefined => {
    const element = shown(id);
    return drawnNodes.has(element) ? element : undefined;
  };
  for (const path of noteworthy) lines.push(...pathEdges(path, onNodes, true));
  lines.push(`  ${LEGEND}`, "}");
  return { dot: `${lines.join("\n")}\n`, engine: "osage", mode: "summary", shownAs };
}

function verdictCounts(paths: readonly PathView[]): string {
  const count = (test: (p: PathView) => boolean) => paths.filter(test).length;
  const asIntended = count((p) => p.verdict !== "unknown" && p.asIntended);
  const against = count((p) => p.verdict !== "unknown" && !p.asIntended);
  const unknown = count((p) => p.verdict === "unknown");
  return [`${asIntended}/${paths.length} as intended`, against > 0 ? `${against} against` : "", unknown > 0 ? `${unknown} unknown` : ""]
    .filter(Boolean)
    .join(" · ");
}

/** Element ids of what a VPC holds (shown on the VPC's node in a summary). */
function containedIds(vpc: VpcView): string[] {
  return [
    ...vpc.internetGateways,
    ...vpc.endpoints.map((e) => e.address),
    ...vpc.flowLogs.map((f) => f.address),
    ...vpc.subnets.flatMap((s) => [s.address, s.routeTable, ...s.instances.map((i) => i.address), ...s.instanceConnectEndpoints]),
  ].map(resourceElementId);
}

const clusterOf = (vpcAddress: string) => `cluster_${vpcAddress}`;

/** Ids of the drawn elements that hold the component blocking a path against intent. */
/**
 * The drawn elements where blocked paths stop, each with its mark: `blocking` (red) where a path
 * against intent stops, `stops-path` where only paths blocked as intended do (a summary marks
 * only the first kind). Where a path stops is the last stop of its route, else its blocker's element.
 */
function blockingElements(topology: LabTopology, shown: (id: string) => string, asIntendedToo = true): Marks {
  const marks = new Map<string, string>();
  for (const p of topology.paths) {
    if (p.verdict !== "blocked" || (p.asIntended && !asIntendedToo)) continue;
    const at = p.stopsAtBlocker ? p.route.at(-1)?.element : p.blocker?.element;
    if (at === undefined) continue;
    const id = shown(at);
    if (!p.asIntended) marks.set(id, "blocking");
    else if (!marks.has(id)) marks.set(id, "stops-path");
  }
  return { has: (id) => marks.has(id), classOf: (id) => marks.get(id) };
}

/** Where blocked paths stop: the CSS class that marks each such element. */
interface Marks {
  has(id: string): boolean;
  classOf(id: string): string | undefined;
}

/** A CSS class list with the element's mark, if it has one. */
const marked = (marks: Marks, id: string, cssClass: string): string => {
  const mark = marks.classOf(id);
  return mark ? `${cssClass} ${mark}` : cssClass;
};

function node(id: string, label: string, cssClass: string, extra = ""): string {
  return nodeStatement(id, label, cssClass, extra);
}

function nodeStatement(id: string, label: string, cssClass: string, extra = ""): string {
  return `${quote(id)} [${attrs({ id, class: cssClass, label, tooltip: label.replace(/\\n/g, " · ") })}${extra ? ` ${extra}` : ""}];`;
}

function attrs(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${key === "label" || key === "tooltip" ? quoteLabel(value) : quote(value)}`)
    .join(" ");
}

/** A DOT string: quotes and backslashes escaped, so no name from the JSON can break the graph. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ")}"`;
}

/** A DOT label: like {@link quote}, but keeps the `\n` line breaks the label was built with. */
function quoteLabel(value: string): string {
  return `"${value
    .split("\\n")
    .map((line) => line.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " "))
    .join("\\n")}"`;
}
