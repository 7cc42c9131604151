import type { LabTopology, PathView, VpcGroup, VpcView } from "./lab-topology";
import { INSTANCE_CONNECT_ELEMENT, MISSING_ELEMENT, resourceElementId } from "./lab-topology";

/**
 * Up to this many VPCs each resource is its own node and each path its own edge; above it a VPC
 * is one node with its contents and its paths summarised, so that a 50-VPC mesh stays legible.
 */
export const DETAILED_VPC_LIMIT = 8;
/** In a detailed picture, peering edges carry their routes as a label up to this many peerings (else on hover). */
export const LABELLED_PEERING_LIMIT = 3;
/** Columns of the grid of VPC nodes in a summarised picture. */
const SUMMARY_COLUMNS = 5;
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
  [COLOURS.peering, "━━", "peering, with the routes that use it"],
]
  .map(([colour, line, text]) => `<TR><TD ALIGN="LEFT"><FONT COLOR="${colour}">${line}</FONT> ${text}</TD></TR>`)
  .join("")}</TABLE>> fontsize=9 rank=sink];`;

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
  const lines: string[] = [
    `digraph ${quote(topology.stack)} {`,
    `  graph [id="lab" rankdir=TB compound=true newrank=true fontname="Helvetica" fontsize=12 nodesep=0.35 ranksep=0.55 pad=0.2 bgcolor="transparent" labelloc=t label=${quote(`stack ${topology.stack}`)}];`,
    `  node [fontname="Helvetica" fontsize=10 shape=box style="rounded,filled" fillcolor="#ffffff" color=${quote(COLOURS.line)} margin="0.12,0.06"];`,
    `  edge [fontname="Helvetica" fontsize=9 color=${quote(COLOURS.line)} arrowsize=0.7];`,
  ];
  if (topology.paths.some((p) => p.fromElement === INSTANCE_CONNECT_ELEMENT))
    lines.push(
      `  ${node(INSTANCE_CONNECT_ELEMENT, "EC2 Instance Connect\\n(the console's Connect)", "service instance-connect", 'shape=box style="rounded,dashed"')}`,
    );
  const vpcsByAddress = new Map(topology.vpcs.map((v) => [v.address, v]));
  topology.groups.forEach((group, g) => {
    lines.push(
      `  subgraph ${quote(`cluster_group_${g}`)} {`,
      `    graph [id=${quote(`group:${group.key}`)} class="group" label=${quote(groupLabel(group))} style="rounded,dashed" color=${quote(COLOURS.line)} fontsize=11];`,
    );
    for (const address of group.vpcs) lines.push(...vpcCluster(vpcsByAddress.get(address)!, "    ", blocking));
    lines.push("  }");
  });
  for (const bucket of topology.buckets)
    lines.push(
      `  ${node(resourceElementId(bucket.address), `S3 bucket ${bucket.address.split(".")[1]}\\n${bucket.name ?? ""}`, blocking.has(resourceElementId(bucket.address)) ? "resource bucket blocking" : "resource bucket", "shape=cylinder")}`,
    );
  if (topology.paths.some((p) => p.fromElement === MISSING_ELEMENT || p.toElement === MISSING_ELEMENT))
    lines.push(`  ${node(MISSING_ELEMENT, "not in the Terraform", "missing", 'style="rounded,dotted"')}`);

  for (const peering of topology.peerings) {
    if (!peering.requester || !peering.accepter || !vpcsByAddress.has(peering.requester) || !vpcsByAddress.has(peering.accepter)) continue;
    const routes = peering.routes.map((r) => `${r.vpc ? r.vpc.split(".")[1] : "?"} → ${r.destination}`);
    const label = [
      `peering ${peering.address.split(".")[1]}`,
      ...(routes.length > 0 ? routes : ["no routes"]),
      ...(peering.accepted ? [] : ["not accepted"]),
    ];
    lines.push(
      `  ${quote(anchorOf(peering.requester))} -> ${quote(anchorOf(peering.accepter))} [${attrs({
        id: resourceElementId(peering.address),
        class: `resource peering${peering.accepted ? "" : " not-accepted"}${peering.routes.length === 0 ? " no-routes" : ""}${blocking.has(resourceElementId(peering.address)) ? " blocking" : ""}`,
        dir: "both",
        arrowhead: "none",
        arrowtail: "none",
        penwidth: "3",
        color: COLOURS.peering,
        constraint: "false",
        // Route labels collide when many peerings share a row: above a few, hover shows them.
        label: topology.peerings.length <= LABELLED_PEERING_LIMIT ? label.join("\\n") : "",
        tooltip: label.join(" · "),
      })}];`,
    );
  }
  for (const path of topology.paths) lines.push(`  ${pathEdge(path, path.fromElement, path.toElement)}`);
  lines.push(`  ${LEGEND}`, "}");
  return { dot: `${lines.join("\n")}\n`, engine: "dot", mode: "detailed", shownAs: {} };
}

/** One VPC as a cluster: its internet gateway, subnets with their instances, endpoints and flow logs. */
function vpcCluster(vpc: VpcView, indent: string, blocking: ReadonlySet<string>): string[] {
  const resourceNode = (id: string, label: string, cssClass: string, extra = "") =>
    nodeStatement(id, label, blocking.has(id) ? `${cssClass} blocking` : cssClass, extra);
  const cls = (id: string, cssClass: string) => (blocking.has(id) ? `${cssClass} blocking` : cssClass);
  const lines = [
    `${indent}subgraph ${quote(clusterOf(vpc.address))} {`,
    `${indent}  graph [${attrs({ id: resourceElementId(vpc.address), class: cls(resourceElementId(vpc.address), "resource vpc"), label: `VPC ${vpc.name}  ${vpc.cidr ?? ""}`, style: "rounded", color: COLOURS.line, fontsize: "11" })}];`,
    `${indent}  ${quote(anchorOf(vpc.address))} [shape=point style=invis width=0.01 label=""];`,
  ];
  for (const igw of vpc.internetGateways) {
    lines.push(`${indent}  ${resourceNode(resourceElementId(igw), "internet gateway", "resource igw", "shape=box")}`);
    lines.push(`${indent}  ${quote(resourceElementId(igw))} -> ${quote(anchorOf(vpc.address))} [style=invis];`);
  }
  const instances: string[] = [];
  for (const subnet of vpc.subnets) {
    lines.push(
      `${indent}  subgraph ${quote(`cluster_${subnet.address}`)} {`,
      `${indent}    graph [${attrs({ id: resourceElementId(subnet.address), class: cls(resourceElementId(subnet.address), "resource subnet"), label: `${subnet.isPublic ? "public subnet" : "subnet"} ${subnet.cidr ?? ""}`, style: "rounded,dashed", color: COLOURS.line, fontsize: "10" })}];`,
    );
    for (const instance of subnet.instances) {
      const access =
        instance.publicAddress === undefined ? "no public IP" : instance.publicAddress === "launch" ? "public IP at launch" : "Elastic IP";
      lines.push(
        `${indent}    ${resourceNode(resourceElementId(instance.address), `EC2 instance ${instance.address.split(".")[1]}\\n${[instance.instanceType, access].filter(Boolean).join(" · ")}`, "resource instance")}`,
      );
      instances.push(resourceElementId(instance.address));
    }
    for (const endpoint of subnet.instanceConnectEndpoints)
      lines.push(
        `${indent}    ${resourceNode(resourceElementId(endpoint), "EC2 Instance Connect\\nEndpoint", "resource instance-connect-endpoint")}`,
      );
    if (subnet.instances.length === 0 && subnet.instanceConnectEndpoints.length === 0)
      lines.push(`${indent}    ${quote(`empty:${subnet.address}`)} [shape=plaintext label="no instance" fontsize=9];`);
    lines.push(`${indent}  }`);
  }
  const below = [
    ...vpc.endpoints.map((e) =>
      resourceNode(resourceElementId(e.address), `${e.service.toUpperCase()} gateway endpoint`, `resource endpoint endpoint-${e.service}`),
    ),
    ...vpc.flowLogs.map((f) =>
      resourceNode(
        resourceElementId(f.address),
        `flow logs →\\n${f.logGroup ?? "log group"}`,
        "resource flow-log",
        'shape=note style="filled"',
      ),
    ),
  ];
  for (const line of below) lines.push(`${indent}  ${line}`);
  // Invisible edges keep the gateway above and the endpoints and flow logs below the instances.
  const top = instances[0] ?? anchorOf(vpc.address);
  if (instances[0]) lines.push(`${indent}  ${quote(anchorOf(vpc.address))} -> ${quote(top)} [style=invis];`);
  for (const id of [...vpc.endpoints.map((e) => resourceElementId(e.address)), ...vpc.flowLogs.map((f) => resourceElementId(f.address))])
    lines.push(`${indent}  ${quote(top)} -> ${quote(id)} [style=invis];`);
  lines.push(`${indent}}`);
  return lines;
}

function pathEdge(path: PathView, from: string, to: string): string {
  const colour =
    path.verdict === "unknown"
      ? COLOURS.unknown
      : path.verdict === "reachable"
        ? path.asIntended
          ? COLOURS.reachable
          : COLOURS.blocked
        : path.asIntended
          ? COLOURS.blockedAsIntended
          : COLOURS.blocked;
  const status =
    path.verdict === "unknown"
      ? `unknown: ${path.blocker?.code ?? ""}`
      : path.verdict === "blocked"
        ? `blocked: ${path.blocker?.code ?? ""}`
        : "reachable";
  const label = path.asIntended && path.verdict === "reachable" ? "" : path.asIntended ? "" : status;
  return `${quote(from)} -> ${quote(to)} [${attrs({
    id: path.id,
    class: pathClasses(path),
    color: colour,
    fontcolor: colour,
    style: path.verdict === "unknown" ? "dotted" : path.verdict === "blocked" ? "dashed" : "solid",
    penwidth: path.asIntended ? "1.3" : "2.2",
    arrowhead: path.verdict === "blocked" ? "tee" : "normal",
    constraint: path.protocol === "icmp" ? "false" : "true",
    minlen: path.protocol === "s3" ? "2" : "1",
    label,
    tooltip: `${path.title}: ${status}${path.verdict === "unknown" ? "" : path.asIntended ? " (as intended)" : " (AGAINST INTENT)"}${path.blocker ? ` at ${path.blocker.component}` : ""}`,
  })}];`;
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
    `  graph [id="lab" layout=osage pack=12 packmode="array_u" fontname="Helvetica" fontsize=12 pad=0.2 bgcolor="transparent" labelloc=t label=${quote(`stack ${topology.stack} · ${topology.vpcs.length} VPCs, ${topology.peerings.length} peerings (summarised: hover a VPC)`)}];`,
    `  node [fontname="Helvetica" fontsize=9 shape=box style="rounded,filled" fillcolor="#ffffff" color=${quote(COLOURS.line)} margin="0.08,0.04"];`,
    `  edge [fontname="Helvetica" fontsize=8 color=${quote(COLOURS.line)} arrowsize=0.6];`,
  ];
  const shown = (id: string) => shownAs[id] ?? id;
  for (const vpc of topology.vpcs) for (const contained of containedIds(vpc)) shownAs[contained] = resourceElementId(vpc.address);
  const blocking = blockingElements(topology, shown);
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
      const nodeLines = [
        `${vpc.name}  ${vpc.cidr ?? ""}`,
        [
          instance
            ? `instance${instance.publicAddress ? (instance.publicAddress === "launch" ? " · public IP" : " · EIP") : ""}`
            : "no instance",
          vpc.endpoints.length > 0 ? "S3 endpoint" : undefined,
          vpc.flowLogs.length > 0 ? "flow logs" : undefined,
        ]
          .filter(Boolean)
          .join(" · "),
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
  for (const path of noteworthy) lines.push(`  ${pathEdge(path, shown(path.fromElement), shown(path.toElement))}`);
  lines.push(`  ${LEGEND}`, "}");
  return { dot: `${lines.join("\n")}\n`, engine: "osage", mode: "summary", shownAs };
}

function verdictCounts(paths: readonly PathView[]): string {
  const count = (test: (p: PathView) => boolean) => paths.filter(test).length;
  const asIntended = count((p) => p.verdict !== "unknown" && p.asIntended);
  const against = count((p) => p.verdict !== "unknown" && !p.asIntended);
  const unknown = count((p) => p.verdict === "unknown");
  return [
    `${asIntended}/${paths.length} paths as intended`,
    against > 0 ? `${against} against` : "",
    unknown > 0 ? `${unknown} unknown` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Element ids of what a VPC holds (shown on the VPC's node in a summary). */
function containedIds(vpc: VpcView): string[] {
  return [
    ...vpc.internetGateways,
    ...vpc.endpoints.map((e) => e.address),
    ...vpc.flowLogs.map((f) => f.address),
    ...vpc.subnets.flatMap((s) => [s.address, ...s.instances.map((i) => i.address), ...s.instanceConnectEndpoints]),
  ].map(resourceElementId);
}

const clusterOf = (vpcAddress: string) => `cluster_${vpcAddress}`;
const anchorOf = (vpcAddress: string) => `anchor:${vpcAddress}`;

/** Ids of the drawn elements that hold the component blocking a path against intent. */
function blockingElements(topology: LabTopology, shown: (id: string) => string): Set<string> {
  return new Set(
    topology.paths.flatMap((p) => (p.verdict === "blocked" && !p.asIntended && p.blocker?.element ? [shown(p.blocker.element)] : [])),
  );
}

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
