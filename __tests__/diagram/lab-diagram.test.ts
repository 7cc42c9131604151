import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeStack } from "../../src/analysis/analyze-stack";
import type { PathView } from "../../src/diagram/lab-topology";
import { DETAILED_VPC_LIMIT, FONT, groupLabel, SMALLEST_FONT_PT } from "../../src/diagram/lab-dot";
import { classesOf, drawFixture, idsWithClasses, svgElements, svgText } from "../../test-support/lab-diagram";
import type { AnalysisFixture } from "../../test-support/lab-analysis";
import { labFixture } from "../../test-support/lab-analysis";
import { multiRegionLab } from "../../test-support/multi-region-lab";
import { vpcConfig } from "../../test-support/synth-lab";

const ids = (svg: string, prefix: string) =>
  svgElements(svg)
    .map((e) => e.id)
    .filter((id) => id.startsWith(prefix))
    .sort();
const resourceNames = (fixture: AnalysisFixture, type: string) =>
  Object.keys(fixture.json.resource[type] ?? {}).map((name) => `res:${type}.${name}`);
/** The drawn segments of a path (`path:icmp:vpc1:vpc2/1`, `/2`, ...), in order. */
const segments = (svg: string, pathId: string) =>
  svgElements(svg)
    .filter((e) => e.id.startsWith(`${pathId}/`))
    .sort((a, b) => Number(a.id.split("/").pop()) - Number(b.id.split("/").pop()));
/** What each segment of a path runs between, as Graphviz titles it (`res:a->res:b`). */
const segmentEnds = (svg: string, pathId: string) =>
  segments(svg, pathId).map((segment) => {
    const at = svgText(svg).indexOf(`<g id="${segment.id}"`);
    return /<title>([^<]*)<\/title>/.exec(svgText(svg).slice(at))![1]!.split("->");
  });
const routeOf = (path: PathView | undefined) => path?.route.map((stop) => stop.element);

/** The default lab with S3 blocked for vpc2 (no endpoint there, yet expected to reach the bucket) and vpc2's route to vpc1 removed. */
function blockedLab(): AnalysisFixture {
  const fixture = labFixture({ s3: { endpointVpcs: ["vpc1"] }, expect: [{ protocol: "s3", from: "vpc2", to: "s3", reachable: true }] });
  delete fixture.json.resource.aws_route!.vpc2_to_vpc1;
  return fixture;
}

/** The default lab with vpc2 moved to eu-west-1 through a second provider, as issue 13 writes it (a provider alias per region). */
function twoRegionLab(): AnalysisFixture {
  const fixture = labFixture();
  const json = fixture.json as AnalysisFixture["json"] & { provider: { aws: Record<string, unknown>[] } };
  json.provider.aws.push({ alias: "eu-west-1", region: "eu-west-1" });
  for (const blocks of Object.values(json.resource))
    for (const [name, body] of Object.entries(blocks)) if (name === "vpc2" || name.startsWith("vpc2_")) body.provider = "aws.eu-west-1";
  return fixture;
}

describe("the lab diagram", () => {
  describe("of the default lab", () => {
    const fixture = labFixture();

    it("draws one element per VPC, subnet, internet gateway, instance, endpoint, flow log and bucket, and one edge per peering", async () => {
      const { svg } = await drawFixture(fixture);
      for (const type of [
        "aws_vpc",
        "aws_subnet",
        "aws_internet_gateway",
        "aws_instance",
        "aws_vpc_endpoint",
        "aws_flow_log",
        "aws_s3_bucket",
      ])
        expect(ids(svg, `res:${type}.`)).toEqual(resourceNames(fixture, type).sort());
      expect(idsWithClasses(svg, "cluster", "vpc")).toEqual(["res:aws_vpc.vpc1", "res:aws_vpc.vpc2"]);
      expect(idsWithClasses(svg, "node", "instance")).toHaveLength(2);
      expect(idsWithClasses(svg, "node", "peering")).toEqual(["res:aws_vpc_peering_connection.vpc1_vpc2"]);
      expect(idsWithClasses(svg, "node", "route-table")).toEqual(["res:aws_route_table.vpc1_public", "res:aws_route_table.vpc2_public"]);
    });

    it("draws every intended path as edges along its route, each with its verdict class", async () => {
      const { svg, topology } = await drawFixture(fixture);
      expect(topology.paths).toHaveLength(fixture.intent.expectations.length);
      for (const path of topology.paths) {
        expect(segments(svg, path.id)).toHaveLength(path.route.length - 1);
        for (const segment of segments(svg, path.id))
          expect(segment.classes).toEqual(expect.arrayContaining(["edge", "path", "segment", "verdict-reachable", "as-intended"]));
      }
    });

    it("routes S3 through the route table and the gateway endpoint, SSH through the internet gateway, ping through the peering", async () => {
      const { svg, topology } = await drawFixture(fixture);
      const path = (id: string) => topology.paths.find((p) => p.id === id);
      expect(routeOf(path("path:s3:vpc1:s3"))).toEqual([
        "res:aws_instance.vpc1",
        "res:aws_route_table.vpc1_public",
        "res:aws_vpc_endpoint.vpc1_s3",
        "res:aws_s3_bucket.lab",
      ]);
      expect(routeOf(path("path:ssh:instance-connect:vpc2"))).toEqual([
        "svc:instance-connect",
        "res:aws_internet_gateway.vpc2",
        "res:aws_instance.vpc2",
      ]);
      expect(routeOf(path("path:icmp:vpc1:vpc2"))).toEqual([
        "res:aws_instance.vpc1",
        "res:aws_route_table.vpc1_public",
        "res:aws_vpc_peering_connection.vpc1_vpc2",
        "res:aws_instance.vpc2",
      ]);
      // What Graphviz drew: one edge per step of the route, end to end.
      expect(segmentEnds(svg, "path:s3:vpc1:s3")).toEqual([
        ["res:aws_instance.vpc1", "res:aws_route_table.vpc1_public"],
        ["res:aws_route_table.vpc1_public", "res:aws_vpc_endpoint.vpc1_s3"],
        ["res:aws_vpc_endpoint.vpc1_s3", "res:aws_s3_bucket.lab"],
      ]);
      // The security groups the proof used are on their instance's stop, and on its label.
      expect(path("path:icmp:vpc1:vpc2")?.route[0]?.components).toContain("aws_vpc_security_group_egress_rule.vpc1_icmp_to_vpc2");
      expect(svgText(svg)).toContain(">security group vpc1_instance<");
    });

    it("names each path on its first edge", async () => {
      const { svg, topology } = await drawFixture(fixture);
      for (const path of topology.paths) expect(svgText(svg)).toContain(`>${path.title}<`);
      expect(svgText(svg)).toContain(">ping vpc1 -> vpc2<");
    });

    it(`writes no text smaller than ${SMALLEST_FONT_PT} pt`, async () => {
      const { svg } = await drawFixture(fixture);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(20);
      expect(Math.min(...sizes)).toBe(SMALLEST_FONT_PT);
      expect(Math.min(...Object.values(FONT).map(Number))).toBe(SMALLEST_FONT_PT);
    });

    it("labels the peering with the routes that carry it", async () => {
      const { svg } = await drawFixture(fixture);
      expect(svgText(svg)).toContain(">vpc1 → 10.2.0.0/16<");
      expect(svgText(svg)).toContain(">vpc2 → 10.1.0.0/16<");
    });

    it("is the picture the README shows (docs/default-lab.svg)", async () => {
      const { svg } = await drawFixture(labFixture({ offline: false }));
      const committed = readFileSync(join(__dirname, "..", "..", "docs", "default-lab.svg"), "utf8");
      // To redraw it: CDKTF_OUTDIR=/tmp/readme npm run synth && CDKTF_OUTDIR=/tmp/readme npm run diagram
      //   && cp /tmp/readme/stacks/vpc-lab/lab.svg docs/default-lab.svg
      expect(committed === svg ? "current" : "docs/default-lab.svg is stale: redraw it (see this test)").toBe("current");
    });

    it("draws the same lab to the same bytes", async () => {
      const first = await drawFixture(fixture);
      const second = await drawFixture(labFixture());
      expect(second.svg).toBe(first.svg);
      expect(second.html).toBe(first.html);
    });

    it("writes one self-contained page: the SVG inline, no external URL, a policy that forbids fetching", async () => {
      const { html } = await drawFixture(fixture);
      expect(html).toContain('<svg width="');
      expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
      expect(html).toContain("prefers-color-scheme: dark");
    });
  });

  describe("of a lab whose endpoint policy denies every request", () => {
    it("stops each S3 path at its gateway endpoint, marked, with a bar", async () => {
      const { svg, topology, graph } = await drawFixture(labFixture({ s3: { endpointPolicy: "deny-all" } }));
      const path = topology.paths.find((p) => p.id === "path:s3:vpc1:s3")!;
      expect(routeOf(path)).toEqual(["res:aws_instance.vpc1", "res:aws_route_table.vpc1_public", "res:aws_vpc_endpoint.vpc1_s3"]);
      expect(path.stopsAtBlocker).toBe(true);
      expect(path.blocker).toMatchObject({ code: "ENDPOINT_POLICY_DENIES", element: "res:aws_vpc_endpoint.vpc1_s3" });
      // Blocked as the intent says (it reads the endpoint policy): marked as where the path stops, not in red.
      expect(path.asIntended).toBe(true);
      expect(classesOf(svg, "res:aws_vpc_endpoint.vpc1_s3")).toContain("stops-path");
      expect(segmentEnds(svg, path.id).at(-1)).toEqual(["res:aws_route_table.vpc1_public", "res:aws_vpc_endpoint.vpc1_s3"]);
      expect(graph.dot).toMatch(/"path:s3:vpc1:s3\/2" [^\n]*arrowhead="tee"/);
      expect(svgText(svg)).toContain(">blocked: ENDPOINT_POLICY_DENIES<");
    });
  });

  describe("of a lab with blocked paths", () => {
    it("marks each path against intent with its verdict, and the component that blocks it", async () => {
      const { svg, topology } = await drawFixture(blockedLab());
      expect(classesOf(svg, "path:s3:vpc2:s3/1")).toEqual(expect.arrayContaining(["verdict-blocked", "against-intent"]));
      expect(classesOf(svg, "path:icmp:vpc1:vpc2/1")).toEqual(expect.arrayContaining(["verdict-blocked", "against-intent"]));
      expect(classesOf(svg, "path:s3:vpc1:s3/1")).toEqual(expect.arrayContaining(["verdict-reachable", "as-intended"]));
      // The bucket policy denies vpc2; the missing route is in vpc2's route table.
      expect(classesOf(svg, "res:aws_s3_bucket.lab")).toContain("blocking");
      expect(classesOf(svg, "res:aws_route_table.vpc2_public")).toContain("blocking");
      // The reply of vpc1's ping has no way back: drawn to vpc2's route table, where it stops.
      expect(routeOf(topology.paths.find((p) => p.id === "path:icmp:vpc1:vpc2"))?.at(-1)).toBe("res:aws_route_table.vpc2_public");
      expect(topology.paths.find((p) => p.id === "path:s3:vpc2:s3")?.blocker).toMatchObject({
        component: "aws_s3_bucket_policy.lab",
        code: "BUCKET_POLICY_DENIES",
        element: "res:aws_s3_bucket.lab",
      });
      expect(ids(svg, "res:aws_vpc_endpoint.")).toEqual(["res:aws_vpc_endpoint.vpc1_s3"]);
    });

    it("puts the blocking component, code, explanation and fix of a blocked path in the page's data", async () => {
      const { html } = await drawFixture(blockedLab());
      const data = JSON.parse(/<script type="application\/json" id="lab-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<
        string,
        { rows: [string, string][]; highlight: string[] }
      >;
      const rows = Object.fromEntries(data["path:s3:vpc2:s3"]!.rows);
      expect(rows["blocking component"]).toBe("aws_s3_bucket_policy.lab");
      expect(rows.code).toMatch(/^BUCKET_POLICY_DENIES: /);
      expect(rows.explanation).toContain("DenyOutsideLabEndpoints");
      expect(rows.fix).toContain("s3.endpointVpcs");
      expect(rows.route).toMatch(/^EC2 instance vpc2 → .* → S3 bucket lab \(stops here\)$/);
      expect(data["path:s3:vpc2:s3"]!.highlight).toEqual(
        expect.arrayContaining(["path:s3:vpc2:s3/1", "res:aws_instance.vpc2", "res:aws_s3_bucket.lab"]),
      );
    });

    it("shows a path blocked as intended apart from one blocked against intent, at the instance whose group lacks the rule", async () => {
      const chain = labFixture({
        vpcs: [1, 2, 3].map((n) => vpcConfig(`vpc${n}`, n)),
        peerings: [
          { requester: "vpc1", accepter: "vpc2" },
          { requester: "vpc2", accepter: "vpc3" },
        ],
      });
      const { svg, topology } = await drawFixture(chain);
      // Stopped at its own instance: a loop that ends in a bar.
      expect(classesOf(svg, "path:icmp:vpc1:vpc3/1")).toEqual(expect.arrayContaining(["verdict-blocked", "as-intended"]));
      expect(segmentEnds(svg, "path:icmp:vpc1:vpc3")).toEqual([["res:aws_instance.vpc1", "res:aws_instance.vpc1"]]);
      expect(topology.paths.find((p) => p.id === "path:icmp:vpc1:vpc3")?.blocker?.element).toBe("res:aws_instance.vpc1");
      expect(idsWithClasses(svg, "node", "peering")).toHaveLength(2);
      expect(idsWithClasses(svg, "blocking")).toEqual([]);
    });
  });

  describe("of a lab in two regions", () => {
    it("groups the VPCs by region, each in its own cluster, with the peering between them", async () => {
      const { svg, topology } = await drawFixture(twoRegionLab());
      expect(topology.groups.map((g) => [g.region, g.vpcs])).toEqual([
        ["us-east-1", ["aws_vpc.vpc1"]],
        ["eu-west-1", ["aws_vpc.vpc2"]],
      ]);
      expect(idsWithClasses(svg, "cluster", "group")).toHaveLength(2);
      expect(svgText(svg)).toContain(">eu-west-1 · account 123456789012<");
      expect(idsWithClasses(svg, "node", "peering")).toEqual(["res:aws_vpc_peering_connection.vpc1_vpc2"]);
      expect(ids(svg, "res:aws_instance.")).toEqual(["res:aws_instance.vpc1", "res:aws_instance.vpc2"]);
    });
  });

  describe("of a lab whose instances are reached through Instance Connect Endpoints", () => {
    it("draws each endpoint in its subnet, and the ssh paths from the console through it to the instance", async () => {
      const fixture = labFixture({ instanceConnect: "endpoint" });
      const { svg, topology } = await drawFixture(fixture);
      expect(ids(svg, "res:aws_ec2_instance_connect_endpoint.")).toEqual(
        resourceNames(fixture, "aws_ec2_instance_connect_endpoint").sort(),
      );
      expect(topology.paths.filter((p) => p.protocol === "ssh").map((p) => [routeOf(p), p.verdict])).toEqual([
        [["svc:instance-connect", "res:aws_ec2_instance_connect_endpoint.vpc1", "res:aws_instance.vpc1"], "reachable"],
        [["svc:instance-connect", "res:aws_ec2_instance_connect_endpoint.vpc2", "res:aws_instance.vpc2"], "reachable"],
      ]);
      expect(segmentEnds(svg, "path:ssh:instance-connect:vpc1")[1]).toEqual([
        "res:aws_ec2_instance_connect_endpoint.vpc1",
        "res:aws_instance.vpc1",
      ]);
    });
  });

  describe("of issue 13's lab in two regions and two accounts", () => {
    it("draws one cluster per region and account, every VPC, instance and peering, and a verdict on every path", async () => {
      const fixture = labFixture({ ...multiRegionLab(), offline: false });
      const { svg, topology } = await drawFixture(fixture);
      expect(topology.groups.map((g) => [groupLabel(g), g.vpcs])).toEqual([
        ["us-east-1", ["aws_vpc.vpc1"]],
        ["eu-west-1", ["aws_vpc.vpc2"]],
        ["us-east-1 · account 210987654321", ["aws_vpc.vpc3"]],
        ["eu-west-1 · account 210987654321", ["aws_vpc.vpc4"]],
      ]);
      expect(idsWithClasses(svg, "cluster", "group")).toHaveLength(4);
      expect(ids(svg, "res:aws_vpc.")).toEqual(resourceNames(fixture, "aws_vpc").sort());
      expect(ids(svg, "res:aws_instance.")).toEqual(resourceNames(fixture, "aws_instance").sort());
      expect(idsWithClasses(svg, "node", "peering").sort()).toEqual(resourceNames(fixture, "aws_vpc_peering_connection").sort());
      for (const path of topology.paths)
        for (const segment of segments(svg, path.id)) expect(segment.classes.filter((c) => c.startsWith("verdict-"))).toHaveLength(1);
    });

    it("takes another account's number from the intent in an offline preview, whose providers assume no role", async () => {
      const { topology } = await drawFixture(labFixture(multiRegionLab()));
      expect(topology.groups.map(groupLabel)).toEqual([
        "us-east-1 · account 123456789012",
        "eu-west-1 · account 123456789012",
        "us-east-1 · account 210987654321",
        "eu-west-1 · account 210987654321",
      ]);
    });

    it("groups the VPCs by the provider context the analysis read for each (one reading of the JSON)", async () => {
      const fixture = labFixture(multiRegionLab());
      const analysis = analyzeStack(fixture.json, fixture.intent);
      const { topology } = await drawFixture(fixture);
      for (const vpc of analysis.reading.vpcs) {
        const group = topology.groups.find((g) => g.vpcs.includes(vpc.address))!;
        expect([group.key, group.region, group.account]).toEqual([
          `${vpc.context.accountKey}/${vpc.context.region ?? ""}`,
          vpc.context.region,
          vpc.context.accountId,
        ]);
      }
    });
  });

  describe(`of a lab of more than ${DETAILED_VPC_LIMIT} VPCs`, () => {
    // Nine VPCs in a full mesh: 36 peerings, 72 pings.
    const mesh = labFixture({ name: "mesh-lab", vpcs: Array.from({ length: 9 }, (_, i) => vpcConfig(`vpc${i + 1}`, i + 1)) });

    it("summarises: one node per VPC, in natural order, and says the group is a full mesh", async () => {
      const { svg, graph } = await drawFixture(mesh);
      expect(graph.mode).toBe("summary");
      expect(idsWithClasses(svg, "node", "vpc")).toEqual(Array.from({ length: 9 }, (_, i) => `res:aws_vpc.vpc${i + 1}`));
      expect(svgText(svg)).toContain("full mesh: every pair peered and routed");
      expect(ids(svg, "res:aws_instance.")).toEqual([]);
    });

    it("lists every path with its verdict class in the page, and draws only those against intent or unknown", async () => {
      const fixture = structuredClone(mesh);
      delete fixture.json.resource.aws_route!.vpc3_to_vpc7;
      const { svg, html, topology } = await drawFixture(fixture);
      const rows = [...html.matchAll(/<tr class="([^"]*)" data-item="([^"]*)"/g)];
      expect(rows.map((r) => r[2])).toEqual(topology.paths.map((p) => p.id));
      for (const [, classes] of rows) expect(classes).toMatch(/\bverdict-(reachable|blocked|unknown)\b/);
      // vpc3's ping stops in vpc3 (a loop on its node), vpc7's reply cannot return: it runs to vpc3 and stops there.
      expect(idsWithClasses(svg, "edge", "path").sort()).toEqual(["path:icmp:vpc3:vpc7/1", "path:icmp:vpc7:vpc3/1"]);
      expect(segmentEnds(svg, "path:icmp:vpc3:vpc7")).toEqual([["res:aws_vpc.vpc3", "res:aws_vpc.vpc3"]]);
      expect(segmentEnds(svg, "path:icmp:vpc7:vpc3")).toEqual([["res:aws_vpc.vpc7", "res:aws_vpc.vpc3"]]);
      expect(classesOf(svg, "res:aws_vpc.vpc3")).toEqual(expect.arrayContaining(["health-fail", "blocking"]));
    });

    it("keeps each VPC's name and CIDR in lab.svg, at the drawing's smallest font or larger", async () => {
      const { svg } = await drawFixture(mesh);
      const labels = [...svgText(svg).matchAll(/font-size="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => [
        Number(m[1]),
        m[2]!.replace(/&#160;/g, " "),
      ]);
      for (let n = 1; n <= 9; n++) expect(labels).toContainEqual([Number(FONT.node), `vpc${n}  10.${n}.0.0/16`]);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(SMALLEST_FONT_PT);
    });
  });
});
