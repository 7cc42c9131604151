/**
 * The picture's stylesheet, shared by lab.svg (embedded, so the README's image follows the
 * reader's colour scheme too) and lab.html. CSS properties override the colours Graphviz writes
 * as presentation attributes, so one graph serves light and dark mode.
 */
export const PICTURE_CSS = `
:root, svg { --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --node: #ffffff; --cluster: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; --as-intended-blocked: #8c959f; --unknown: #9a6700; --peering: #0969da; --highlight: #8250df; }
@media (prefers-color-scheme: dark) {
  :root, svg { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --node: #161b22; --cluster: #151b23; --ok: #3fb950; --bad: #f85149; --as-intended-blocked: #6e7681; --unknown: #d29922; --peering: #4493f8; --highlight: #a371f7; }
}
svg text { font-family: Helvetica, Arial, sans-serif; }
svg text:not([fill]), svg .legend text[fill="#000000"] { fill: var(--fg); }
svg .graph > polygon { fill: var(--bg); }
svg .node polygon, svg .node path, svg .node ellipse { fill: var(--node); stroke: var(--muted); }
svg .cluster polygon, svg .cluster path { fill: var(--cluster); stroke: var(--muted); }
svg .cluster.subnet polygon, svg .cluster.subnet path { fill: var(--node); }
svg .cluster.group polygon, svg .cluster.group path { fill: none; }
svg .edge path { stroke: var(--muted); }
svg .edge polygon { fill: var(--muted); stroke: var(--muted); }
svg .edge text { fill: var(--muted); }
svg .peering path { stroke: var(--peering); }
svg .peering polygon { fill: var(--peering); stroke: var(--peering); }
svg .peering text { fill: var(--peering); }
svg .verdict-reachable.as-intended path { stroke: var(--ok); }
svg .verdict-reachable.as-intended polygon { fill: var(--ok); stroke: var(--ok); }
svg .verdict-blocked.as-intended path { stroke: var(--as-intended-blocked); }
svg .verdict-blocked.as-intended polygon { fill: var(--as-intended-blocked); stroke: var(--as-intended-blocked); }
svg .against-intent path { stroke: var(--bad); }
svg .against-intent polygon { fill: var(--bad); stroke: var(--bad); }
svg .against-intent text { fill: var(--bad); font-weight: bold; }
svg .verdict-unknown path { stroke: var(--unknown); }
svg .verdict-unknown polygon { fill: var(--unknown); stroke: var(--unknown); }
svg .verdict-unknown text { fill: var(--unknown); }
svg .node.health-fail polygon, svg .node.health-fail path { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 5 3; }
svg .node.health-unknown polygon, svg .node.health-unknown path { stroke: var(--unknown); stroke-width: 2; }
svg .node.stops-path polygon, svg .node.stops-path path { stroke: var(--as-intended-blocked); stroke-width: 2.5; stroke-dasharray: 4 2; }
svg .node.blocking polygon, svg .node.blocking path, svg .cluster.blocking polygon, svg .cluster.blocking path { stroke: var(--bad); stroke-width: 2.5; }
`;
