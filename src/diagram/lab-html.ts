import { createHash } from "node:crypto";
import { PICTURE_CSS } from "./diagram-style";
import type { DiagramGraph } from "./lab-dot";
import { groupLabel, pathClasses, segmentId, shownRoute, SMALLEST_FONT_PT } from "./lab-dot";
import type { LabTopology, PathView } from "./lab-topology";
import { INSTANCE_CONNECT_ELEMENT, MISSING_ELEMENT, resourceElementId } from "./lab-topology";

/** What the page shows for one element when it is hovered or clicked. */
export interface DiagramItem {
  readonly kind: "path" | "resource" | "service";
  readonly title: string;
  /** CSS classes (a path's verdict classes), for the details header. */
  readonly classes: string;
  /** Label and value rows, in order. */
  readonly rows: readonly (readonly [string, string])[];
  /** Ids of drawn elements to highlight with it (a path's ends and its blocking component). */
  readonly highlight: readonly string[];
}

/** The page's data: one item per drawn element and per path, by element id. */
export type DiagramItems = Record<string, DiagramItem>;

const VERDICT_WORDS = { reachable: "reachable", blocked: "blocked", unknown: "unknown (cannot be proven offline)" } as const;

/** The page's details for every path and resource, keyed by the id of the element that shows it. */
export function diagramItems(topology: LabTopology, graph: DiagramGraph): DiagramItems {
  const shown = (id: string | undefined) => (id === undefined ? undefined : (graph.shownAs[id] ?? id));
  const items: DiagramItems = {};
  const findingRows = (element: string): [string, string][] =>
    topology.findings.filter((f) => f.element === element).map((f) => [`${f.severity} ${f.code}`, `${f.component}: ${f.message}`]);
  const pathsByElement = new Map<string, PathView[]>();
  for (const path of topology.paths)
    for (const id of new Set([...path.route.map((stop) => shown(stop.element)), shown(path.toElement), shown(path.blocker?.element)]))
      if (id !== undefined) {
        const list = pathsByElement.get(id) ?? [];
        list.push(path);
        pathsByElement.set(id, list);
      }
  const pathsAt = (element: string): readonly PathView[] => pathsByElement.get(element) ?? [];
  const pathSummary = (element: string): [string, string][] => {
    const paths = pathsAt(element);
    if (paths.length === 0) return [];
    const against = paths.filter((p) => p.verdict !== "unknown" && !p.asIntended);
    const unknown = paths.filter((p) => p.verdict === "unknown");
    return [
      ["paths here", `${paths.length - against.length - unknown.length}/${paths.length} as intended`],
      ...against
        .slice(0, 8)
        .map((p): [string, string] => ["against intent", `${p.title}: ${p.verdict}${p.blocker ? ` (${p.blocker.code})` : ""}`]),
      ...unknown.slice(0, 8).map((p): [string, string] => ["unknown", `${p.title}: ${p.blocker?.code ?? ""}`]),
    ];
  };
  const resource = (address: string, title: string, rows: [string, string][]) => {
    const id = resourceElementId(address);
    const element = shown(id)!;
    const item: DiagramItem = {
      kind: "resource",
      title,
      classes: "resource",
      rows: [["Terraform address", address], ...rows, ...findingRows(id)],
      highlight: element === id ? [] : [element],
    };
    items[id] = item;
    if (element !== id && !items[element]) items[element] = item;
  };

  const peersOf = new Map<string, string[]>();
  for (const p of topology.peerings) {
    if (p.requester && p.accepter) {
      for (const [vpc, peer] of [
        [p.requester, p.accepter],
        [p.accepter, p.requester],
      ]) {
        const list = peersOf.get(vpc!) ?? [];
        list.push(peer!.split(".")[1]!);
        peersOf.set(vpc!, list);
      }
    }
  }
  for (const vpc of topology.vpcs) {
    const group = topology.groups.find((g) => g.vpcs.includes(vpc.address));
    const peers = peersOf.get(vpc.address) ?? [];
    const instances = vpc.subnets.flatMap((s) => s.instances);
    // In a summary the VPC's node stands for everything in it: list it all there.
    const contents: [string, string][] =
      graph.mode === "summary"
        ? [
            ...vpc.subnets.map((s): [string, string] => [s.isPublic ? "public subnet" : "subnet", `${s.address} ${s.cidr ?? ""}`]),
            ...vpc.internetGateways.map((a): [string, string] => ["internet gateway", a]),
            ...instances.map((i): [string, string] => [
              "instance",
              `${i.address}${i.publicAddress && i.publicAddress !== "launch" ? ` with ${i.publicAddress}` : ""}`,
            ]),
            ...vpc.endpoints.map((e): [string, string] => ["endpoint", `${e.address} (${e.service})`]),
            ...vpc.flowLogs.map((f): [string, string] => ["flow logs", `${f.address} → ${f.logGroup ?? "?"}`]),
          ]
        : [];
    resource(vpc.address, `VPC ${vpc.name}`, [
      ["CIDR", vpc.cidr ?? "not known at synth"],
      ...(group ? [["region · account", groupLabel(group)] as [string, string]] : []),
      ["peered with", peers.length === 0 ? "none" : peers.length > 12 ? `${peers.length} VPCs` : peers.join(", ")],
      ...contents,
      ...pathSummary(graph.shownAs[resourceElementId(vpc.address)] ?? resourceElementId(vpc.address)),
    ]);
    for (const igw of vpc.internetGateways) resource(igw, "Internet gateway", [["VPC", vpc.address]]);
    for (const subnet of vpc.subnets) {
      resource(subnet.address, subnet.isPublic ? "Public subnet" : "Subnet", [
        ["CIDR", subnet.cidr ?? "not known at synth"],
        ["public", subnet.isPublic ? "yes: its route table sends 0.0.0.0/0 to an internet gateway" : "no"],
      ]);
      for (const instance of subnet.instances)
        resource(instance.address, `EC2 instance ${instance.address.split(".")[1]}`, [
          ["type", instance.instanceType ?? "not set"],
          [
            "public address",
            instance.publicAddress === undefined
              ? "none"
              : instance.publicAddress === "launch"
                ? "assigned at launch"
                : `Elastic IP ${instance.publicAddress}`,
          ],
          ["subnet", subnet.address],
          ...pathSummary(resourceElementId(instance.address)),
        ]);
      for (const endpoint of subnet.instanceConnectEndpoints)
        resource(endpoint, "EC2 Instance Connect Endpoint", [["subnet", subnet.address]]);
    }
    for (const endpoint of vpc.endpoints)
      resource(endpoint.address, `${endpoint.service.toUpperCase()} gateway endpoint`, [
        ["VPC", vpc.address],
        ...pathSummary(resourceElementId(endpoint.address)),
      ]);
    for (const flowLog of vpc.flowLogs) resource(flowLog.address, "VPC flow logs", [["log group", flowLog.logGroup ?? "?"]]);
  }
  for (const peering of topology.peerings) {
    const id = resourceElementId(peering.address);
    items[id] = {
      kind: "resource",
      title: `Peering ${peering.address.split(".")[1]}`,
      classes: "resource peering",
      rows: [
        ["Terraform address", peering.address],
        ["requester", peering.requester ?? "?"],
        ["accepter", peering.accepter ?? "?"],
        ["accepted", peering.accepted ? "yes" : "no: it carries no traffic"],
        ...(peering.routes.length === 0
          ? [["routes", "none: nothing is sent over it"] as [string, string]]
          : peering.routes.map((r): [string, string] => [`route ${r.address}`, `${r.vpc ?? "?"} sends ${r.destination} over it`])),
        ...findingRows(id),
      ],
      highlight: [peering.requester, peering.accepter].flatMap((v) => (v ? [shown(resourceElementId(v))!] : [])),
    };
  }
  for (const bucket of topology.buckets)
    resource(bucket.address, `S3 bucket ${bucket.address.split(".")[1]}`, [
      ["name", bucket.name ?? "assigned by AWS"],
      ...pathSummary(resourceElementId(bucket.address)),
    ]);
  items[INSTANCE_CONNECT_ELEMENT] = {
    kind: "service",
    title: "EC2 Instance Connect",
    classes: "service",
    rows: [
      ["what", "the console's Connect button: SSH from the region's EC2 Instance Connect prefix list"],
      ...pathSummary(INSTANCE_CONNECT_ELEMENT),
    ],
    highlight: [],
  };
  items[MISSING_ELEMENT] = {
    kind: "service",
    title: "Not in the Terraform",
    classes: "missing",
    rows: [["what", "a path's end that the synthesized Terraform does not hold"]],
    highlight: [],
  };
  for (const path of topology.paths) items[path.id] = pathItem(path, shown);
  return items;
}

function pathItem(path: PathView, shown: (id: string | undefined) => string | undefined): DiagramItem {
  const status = path.verdict === "unknown" ? "not proven either way" : path.asIntended ? "as intended" : "AGAINST INTENT";
  const rows: [string, string][] = [
    ["verdict", `${VERDICT_WORDS[path.verdict]}: ${status}`],
    ["intended", `${path.intendedReachable ? "reachable" : "blocked"} (${path.reason})`],
  ];
  if (path.blocker) {
    rows.push(
      [path.verdict === "unknown" ? "cannot read" : "blocking component", path.blocker.component],
      ["code", path.blocker.codeText ? `${path.blocker.code}: ${path.blocker.codeText}` : path.blocker.code],
      ["explanation", path.blocker.explanation],
    );
    rows.push([path.verdict === "unknown" || !path.asIntended ? "fix" : "fix, to open it", path.blocker.fix]);
  }
  rows.push([
    "route",
    path.route
      .map((stop, i) => (path.stopsAtBlocker && i === path.route.length - 1 ? `${stop.label} (stops here)` : stop.label))
      .join(" → "),
  ]);
  for (const stop of path.route) if (stop.components.length > 0) rows.push([`at ${stop.label}`, [...new Set(stop.components)].join(", ")]);
  const elements = shownRoute(path, (id) => shown(id)!);
  const segments = Math.max(1, elements.length - 1);
  return {
    kind: "path",
    title: path.title,
    classes: pathClasses(path),
    rows,
    highlight: [
      ...new Set([
        ...Array.from({ length: segments }, (_, i) => segmentId(path.id, i)),
        ...elements,
        ...(path.blocker?.element ? [shown(path.blocker.element)!] : []),
      ]),
    ],
  };
}

/** The smallest text of the page's picture, in CSS pixels, however the picture is fitted to the page. */
export const SMALLEST_TEXT_PX = 11;

/**
 * The picture's size on the page: the width of its column, but never more than its own size and
 * never so small that its smallest text ({@link SMALLEST_FONT_PT}) falls below
 * {@link SMALLEST_TEXT_PX}; a picture wider than that scrolls in its column instead.
 */
function pictureSizeCss(svg: string): string {
  const width = /<svg\b[^>]*\bwidth="([\d.]+)pt"/.exec(svg)?.[1];
  if (!width) return "";
  const natural = (Number(width) * 4) / 3;
  const smallest = Math.ceil((natural * SMALLEST_TEXT_PX) / ((SMALLEST_FONT_PT * 4) / 3));
  return `.picture svg { width: 100%; max-width: ${Math.ceil(natural)}px; min-width: ${Math.min(smallest, Math.ceil(natural))}px; }\n`;
}

/** The SVG as Graphviz wrote it, with the picture's stylesheet embedded (dark mode included). */
export function styledSvg(svg: string): string {
  return svg.replace(/(<svg\b[^>]*>)/, `$1\n<style>${PICTURE_CSS}</style>`);
}

/**
 * lab.html: one self-contained page (the SVG inline, its CSS and script, the data as JSON) that
 * fetches nothing; a Content-Security-Policy with the hashes of its own style and script forbids
 * any other source. Hover or click a path, a resource or a row of the path table for details.
 */
export function labHtml(topology: LabTopology, graph: DiagramGraph, svg: string): string {
  const items = diagramItems(topology, graph);
  const inlineSvg = svg.replace(/^[\s\S]*?(?=<svg\b)/, "");
  const against = topology.paths.filter((p) => p.verdict !== "unknown" && !p.asIntended).length;
  const unknown = topology.paths.filter((p) => p.verdict === "unknown").length;
  const summary = `${topology.paths.length - against - unknown}/${topology.paths.length} paths as intended${against > 0 ? `, ${against} against intent` : ""}${unknown > 0 ? `, ${unknown} unknown` : ""} · ${topology.vpcs.length} VPCs, ${topology.peerings.length} peerings${graph.mode === "summary" ? " · summarised (hover a VPC for its contents; every path is in the table)" : ""}`;
  const rows = topology.paths
    .map(
      (p) =>
        `<tr class="${escapeHtml(pathClasses(p))}" data-item="${escapeHtml(p.id)}" tabindex="0"><td class="mark">${p.verdict === "unknown" ? "??" : p.asIntended ? "ok" : "FAIL"}</td><td>${pathNameCell(p.title)}</td><td>${p.verdict}</td><td>${escapeHtml(p.blocker ? `${p.blocker.code} at ${p.blocker.component}` : "")}</td></tr>`,
    )
    .join("\n");
  const findings = topology.findings
    .map(
      (f) =>
        `<li class="finding ${f.severity}"${f.element ? ` data-item="${escapeHtml(f.element)}"` : ""}>${escapeHtml(`${f.severity} ${f.code} at ${f.component}: ${f.message}`)}</li>`,
    )
    .join("\n");
  const style = `${PICTURE_CSS}${PAGE_CSS}${pictureSizeCss(inlineSvg)}`;
  const script = PAGE_SCRIPT;
  const csp = `default-src 'none'; style-src '${sha256(style)}'; script-src '${sha256(script)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(`Lab ${topology.stack}: topology and proven paths`)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${escapeHtml(`Lab ${topology.stack}`)}</h1>
<p class="summary${against > 0 ? " failing" : ""}">${escapeHtml(summary)}</p>
</header>
<main>
<section class="picture ${graph.mode}" aria-label="Topology with each path's verdict">
${inlineSvg.trim()}
</section>
<aside>
<section id="details" aria-live="polite"><h2>Details</h2><p class="hint">Hover or click a path, a resource or a row below: its Terraform address, the blocking component, the code and the fix.</p></section>
<section class="legend" aria-label="Legend"><h2>Legend</h2>
<ul>
<li><span class="swatch line ok"></span>reachable, as intended</li>
<li><span class="swatch line blocked-ok"></span>blocked, as intended (e.g. not peered)</li>
<li><span class="swatch line bad"></span>against intent: blocked (label: the code) or reachable when it should not be</li>
<li><span class="swatch line unknown"></span>unknown: cannot be proven from the Terraform</li>
<li><span class="swatch box peering"></span>peering connection: a node between its VPCs, labelled (or on hover) with the routes that use it</li>
<li><span class="swatch line bad"></span>┫ a bar: where a blocked path stops, at the element holding its blocking component</li>
<li><span class="swatch box blocking"></span>holds the component that blocks a path against intent</li>
<li><span class="swatch box stops-path"></span>holds the component that blocks a path as intended</li>${graph.mode === "summary" ? '\n<li><span class="swatch box failing"></span>a VPC with a path against intent</li>' : ""}
</ul></section>
<section class="paths"><h2>Paths</h2>
<table><thead><tr><th></th><th>path</th><th>verdict</th><th>first blocking component</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>
${findings ? `<section class="findings"><h2>Findings</h2><ul>\n${findings}\n</ul></section>` : ""}
</aside>
</main>
<script type="application/json" id="lab-data">${jsonForScript(items)}</script>
<script>${script}</script>
</body>
</html>
`;
}

const PAGE_CSS = `
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
header { padding: 10px 18px; border-bottom: 1px solid var(--muted); }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 14px; margin: 12px 0 6px; }
.summary { margin: 2px 0 0; color: var(--muted); }
.summary.failing { color: var(--bad); font-weight: bold; }
main { display: flex; flex-wrap: wrap; align-items: flex-start; }
.picture { flex: 1 1 600px; min-width: 0; overflow: auto; padding: 8px; max-height: calc(100vh - 70px); }
.picture svg { height: auto; }
aside { flex: 0 0 400px; box-sizing: border-box; padding: 0 16px 16px; max-height: calc(100vh - 70px); overflow: hidden auto; }
#details { position: sticky; top: 0; z-index: 1; background: var(--bg); padding-bottom: 6px; border-bottom: 1px solid var(--muted); max-height: 45vh; overflow: auto; }
#details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
#details dt { color: var(--muted); }
#details dd { margin: 0; overflow-wrap: anywhere; }
#details h3 { margin: 4px 0; font-size: 15px; }
#details .against-intent h3, #details h3.against-intent { color: var(--bad); }
.hint { color: var(--muted); }
.legend ul { list-style: none; padding: 0; margin: 0; }
.legend li { margin: 3px 0; }
.swatch { display: inline-block; width: 28px; height: 0; margin-right: 8px; vertical-align: middle; }
.swatch.line { border-top: 3px solid var(--muted); }
.swatch.ok { border-top-color: var(--ok); }
.swatch.blocked-ok { border-top: 2px dashed var(--as-intended-blocked); }
.swatch.bad { border-top: 3px dashed var(--bad); }
.swatch.unknown { border-top: 3px dotted var(--unknown); }
.swatch.peering { border-top: 4px solid var(--peering); }
.swatch.box { height: 12px; width: 20px; border: 2px solid var(--bad); border-radius: 3px; }
.swatch.box.failing { border-style: dashed; }
.swatch.box.peering { border-color: var(--peering); }
.swatch.box.stops-path { border: 2px dashed var(--as-intended-blocked); }
table { border-collapse: collapse; width: 100%; font-size: 12px; table-layout: fixed; }
th:nth-child(1) { width: 2.4em; }
th:nth-child(2) { width: 38%; }
th:nth-child(3) { width: 5.6em; }
th, td { text-align: left; padding: 2px 5px; border-bottom: 1px solid var(--cluster); }
td { overflow-wrap: break-word; vertical-align: top; }
tbody tr { cursor: pointer; }
tr.against-intent td { color: var(--bad); font-weight: bold; }
tr.verdict-unknown td { color: var(--unknown); }
tr.verdict-reachable.as-intended td.mark { color: var(--ok); }
tr.selected, tr:focus { outline: 2px solid var(--highlight); }
.findings li { margin: 4px 0; }
.finding.error { color: var(--bad); }
svg .edge, svg .node, svg .cluster { cursor: pointer; }
svg .hit { stroke: transparent !important; stroke-width: 14px; fill: none; pointer-events: stroke; }
svg .hl path:not(.hit), svg .hl polygon, svg .hl ellipse { stroke: var(--highlight) !important; stroke-width: 3.5px; }
svg .edge.hl polygon { fill: var(--highlight) !important; }
`;

// Plain ES2017 for the browser; details are built with textContent only, so no text from the
// Terraform is ever parsed as HTML.
const PAGE_SCRIPT = `
(function () {
  "use strict";
  var items = JSON.parse(document.getElementById("lab-data").textContent);
  var details = document.getElementById("details");
  var pinned = null;
  var lit = [];
  document.querySelectorAll("svg .edge path").forEach(function (path) {
    var hit = path.cloneNode(false);
    hit.setAttribute("class", "hit");
    path.parentNode.insertBefore(hit, path.nextSibling);
  });
  function itemIdOf(target) {
    var el = target && target.closest ? target.closest("[data-item], g[id]") : null;
    while (el) {
      var id = el.getAttribute("data-item") || el.id;
      if (!items[id]) id = id.replace(/\\/\\d+$/, "");
      if (items[id]) return id;
      el = el.parentElement ? el.parentElement.closest("[data-item], g[id]") : null;
    }
    return null;
  }
  function light(ids) {
    lit.forEach(function (el) { el.classList.remove("hl"); el.classList.remove("selected"); });
    lit = [];
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.classList.add("hl"); lit.push(el); }
      document.querySelectorAll('tr[data-item="' + CSS.escape(id) + '"]').forEach(function (row) { row.classList.add("selected"); lit.push(row); });
    });
  }
  function show(id) {
    var item = items[id];
    if (!item) return;
    details.textContent = "";
    var h2 = document.createElement("h2");
    h2.textContent = item.kind === "path" ? "Path" : "Resource";
    var h3 = document.createElement("h3");
    h3.textContent = item.title;
    h3.className = item.classes;
    var dl = document.createElement("dl");
    item.rows.forEach(function (row) {
      var dt = document.createElement("dt");
      dt.textContent = row[0];
      var dd = document.createElement("dd");
      dd.textContent = row[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    details.appendChild(h2);
    details.appendChild(h3);
    details.appendChild(dl);
    light([id].concat(item.highlight));
  }
  function onEnter(event) { var id = itemIdOf(event.target); if (id) show(id); }
  document.addEventListener("mouseover", onEnter);
  document.addEventListener("focusin", onEnter);
  document.addEventListener("mouseout", function (event) {
    if (pinned && !itemIdOf(event.relatedTarget)) show(pinned);
  });
  document.addEventListener("click", function (event) {
    var id = itemIdOf(event.target);
    pinned = id;
    if (id) show(id);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { var id = itemIdOf(event.target); if (id) { pinned = id; show(id); } }
  });
})();
`;

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}

/** A path's name in the table: it may wrap at a space, never between the arrow's two characters. */
function pathNameCell(title: string): string {
  return escapeHtml(title).replace(/-&gt;/g, "-\u2060&gt;");
}

/** JSON inside a script element: `<` escaped, so no value can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Text and attribute values escaped for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
