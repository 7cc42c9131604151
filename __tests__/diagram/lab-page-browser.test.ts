/**
 * lab.html in a real browser: Debian's Chromium, headless, driven by playwright-core. Skipped
 * where Chromium is missing, unless REQUIRE_BROWSER=1 (CI), which makes a missing browser fail.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { SMALLEST_TEXT_PX } from "../../src/diagram/lab-html";
import { drawFixture } from "../../test-support/lab-diagram";
import { labFixture } from "../../test-support/lab-analysis";
import { vpcConfig } from "../../test-support/synth-lab";

const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
/** Where the screenshots go: a test artifact, ignored by git. */
const ARTIFACTS = join(__dirname, "..", "..", "test-artifacts", "diagram");
const available = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === "1";

const work = mkdtempSync(join(tmpdir(), "lab-page-"));
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
let pageUrl: string;

if (!available && !required)
  console.warn(`lab.html browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_BIN)`);

(available || required ? describe : describe.skip)("lab.html in Chromium", () => {
  beforeAll(async () => {
    if (!available)
      throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_BIN.`);
    // The default lab with S3 blocked for vpc2 and vpc2's route to vpc1 removed.
    const fixture = labFixture({ s3: { endpointVpcs: ["vpc1"] }, expect: [{ protocol: "s3", from: "vpc2", to: "s3", reachable: true }] });
    delete fixture.json.resource.aws_route!.vpc2_to_vpc1;
    const file = join(work, "lab.html");
    writeFileSync(file, (await drawFixture(fixture)).html);
    pageUrl = pathToFileURL(file).href;
    context = await chromium.launchPersistentContext(join(work, "user-data"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1400, height: 900 },
    });
    context.on("request", (request) => requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(pageUrl, { waitUntil: "load" });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("opens from disk with no console error and no request but the file itself", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  it("explains a blocked path on hover: blocking component, code, explanation and fix, with the blocker highlighted", async () => {
    // The middle of the edge's drawn line, in page coordinates.
    // Written as a string: it runs in the page, and this project's TypeScript has no DOM types.
    const point = (await page.evaluate(`(() => {
      const line = document.getElementById("path:s3:vpc2:s3/1").querySelector("path");
      const middle = line.getPointAtLength(line.getTotalLength() / 2);
      const matrix = line.getScreenCTM();
      return { x: middle.x * matrix.a + middle.y * matrix.c + matrix.e, y: middle.x * matrix.b + middle.y * matrix.d + matrix.f };
    })()`)) as { x: number; y: number };
    await page.mouse.move(point.x, point.y);
    const details = page.locator("#details");
    await expect(details.locator("h3").textContent()).resolves.toBe("s3 vpc2 -> bucket");
    const text = (await details.textContent()) ?? "";
    expect(text).toContain("blocking componentaws_s3_bucket_policy.lab");
    expect(text).toContain("BUCKET_POLICY_DENIES");
    expect(text).toContain("DenyOutsideLabEndpoints");
    expect(text).toMatch(/fix.*s3\.endpointVpcs/);
    expect(await page.getAttribute('[id="res:aws_s3_bucket.lab"]', "class")).toContain("hl");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "blocked-lab-light.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  /** Writes a page (lab.html, or lab.svg on its own) and opens it at the test's 1400 px width. */
  async function open(name: string, contents: string): Promise<Page> {
    const file = join(work, name);
    writeFileSync(file, contents);
    const opened = await context.newPage();
    opened.on("pageerror", (error) => consoleErrors.push(error.message));
    await opened.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return opened;
  }

  /** Every text element of the drawing with its rendered size in CSS pixels (font size times the picture's scale on screen). */
  const renderedTexts = (on: Page) =>
    on.evaluate(`[...document.querySelectorAll("svg text")].map((t) => {
      const m = t.getScreenCTM();
      return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b) };
    })`) as Promise<{ text: string; px: number }[]>;

  const mesh = (n: number) => labFixture({ name: "mesh-lab", vpcs: Array.from({ length: n }, (_, i) => vpcConfig(`vpc${i + 1}`, i + 1)) });
  const labs: [string, () => ReturnType<typeof labFixture>, number][] = [
    ["the default lab", () => labFixture(), 2],
    ["a 3-VPC lab", () => mesh(3), 3],
    ["a 20-VPC mesh", () => mesh(20), 20],
    ["a 50-VPC mesh", () => mesh(50), 50],
  ];
  describe.each(labs)("draws no text below 11 px on a 1400 px page, for %s", (_name, lab, vpcs) => {
    let drawing: Awaited<ReturnType<typeof drawFixture>>;
    beforeAll(async () => {
      drawing = await drawFixture(lab());
    }, 120_000);

    it("in lab.html, legend included, with the picture as wide as its column allows", async () => {
      const opened = await open(`${vpcs}-lab.html`, drawing.html);
      const texts = await renderedTexts(opened);
      expect(texts.length).toBeGreaterThan(vpcs);
      expect(texts.filter((t) => t.px < SMALLEST_TEXT_PX - 0.01)).toEqual([]);
      expect(texts.some((t) => /reachable, as intended/.test(t.text))).toBe(true);
      // The picture fills its column (or its own size, when smaller), and the page is 1400 px wide.
      const fit = (await opened.evaluate(`(() => {
        const svg = document.querySelector(".picture svg").getBoundingClientRect();
        const column = document.querySelector(".picture").getBoundingClientRect();
        return { svg: svg.width, column: column.width, natural: parseFloat(document.querySelector(".picture svg").getAttribute("width")) * 4 / 3, page: innerWidth };
      })()`)) as { svg: number; column: number; natural: number; page: number };
      expect(fit.page).toBe(1400);
      expect(fit.svg).toBeGreaterThanOrEqual(Math.min(fit.natural, fit.column - 16) - 1);
      mkdirSync(ARTIFACTS, { recursive: true });
      await opened.screenshot({ path: join(ARTIFACTS, `fonts-${vpcs}-vpcs.png`) });
      await opened.close();
    }, 30_000);

    it("in lab.svg opened on its own, where each VPC keeps its name and CIDR", async () => {
      const opened = await open(`${vpcs}-lab.svg`, drawing.svg);
      const texts = await renderedTexts(opened);
      expect(texts.filter((t) => t.px < SMALLEST_TEXT_PX - 0.01)).toEqual([]);
      const shown = texts.map((t) => t.text.replace(/\u00a0/g, " "));
      for (const vpc of drawing.topology.vpcs) expect(shown.some((text) => text.includes(vpc.name) && text.includes(vpc.cidr!))).toBe(true);
      await opened.close();
    }, 30_000);
  });

  describe("draws each path along the route the analysis proved", () => {
    /** A path's drawn segments, each with its two ends on screen, and an element's box, in page coordinates. */
    const geometry = (on: Page, pathId: string, elementIds: string[]) =>
      on.evaluate(`(() => {
        const onScreen = (line, at) => { const p = line.getPointAtLength(at), m = line.getScreenCTM(); return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f }; };
        const segments = [...document.querySelectorAll("g.edge")].filter((g) => g.id.startsWith(${JSON.stringify(pathId)} + "/"))
          .sort((a, b) => Number(a.id.split("/").pop()) - Number(b.id.split("/").pop()))
          .map((g) => { const line = g.querySelector("path:not(.hit)"); return { id: g.id, start: onScreen(line, 0), end: onScreen(line, line.getTotalLength()) }; });
        const boxes = {};
        for (const id of ${JSON.stringify(elementIds)}) { const r = document.getElementById(id).getBoundingClientRect(); boxes[id] = { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }
        return { segments, boxes };
      })()`) as Promise<{
        segments: { id: string; start: { x: number; y: number }; end: { x: number; y: number } }[];
        boxes: Record<string, { left: number; right: number; top: number; bottom: number }>;
      }>;
    // An edge ends at its node's border, its arrowhead drawn after it: a few pixels of slack.
    const near = (point: { x: number; y: number }, box: { left: number; right: number; top: number; bottom: number }) =>
      point.x >= box.left - 14 && point.x <= box.right + 14 && point.y >= box.top - 14 && point.y <= box.bottom + 14;
    /** True when one segment of the drawn path arrives at the element and the next leaves from it. */
    const passes = (g: Awaited<ReturnType<typeof geometry>>, id: string) =>
      g.segments.some(
        (segment, i) => near(segment.end, g.boxes[id]!) && g.segments[i + 1] !== undefined && near(g.segments[i + 1]!.start, g.boxes[id]!),
      );

    let defaultPage: Page;
    let denyPage: Page;
    beforeAll(async () => {
      defaultPage = await open("default-lab.html", (await drawFixture(labFixture())).html);
      denyPage = await open("deny-all-lab.html", (await drawFixture(labFixture({ s3: { endpointPolicy: "deny-all" } }))).html);
    }, 60_000);
    afterAll(async () => {
      await defaultPage?.close();
      await denyPage?.close();
    });

    it("s3 vpc1 -> bucket runs from the instance through the route table and the gateway endpoint to the bucket", async () => {
      const ids = ["res:aws_instance.vpc1", "res:aws_route_table.vpc1_public", "res:aws_vpc_endpoint.vpc1_s3", "res:aws_s3_bucket.lab"];
      const g = await geometry(defaultPage, "path:s3:vpc1:s3", ids);
      expect(g.segments).toHaveLength(3);
      expect(near(g.segments[0]!.start, g.boxes["res:aws_instance.vpc1"]!)).toBe(true);
      expect(passes(g, "res:aws_route_table.vpc1_public")).toBe(true);
      expect(passes(g, "res:aws_vpc_endpoint.vpc1_s3")).toBe(true);
      expect(near(g.segments[2]!.end, g.boxes["res:aws_s3_bucket.lab"]!)).toBe(true);
    });

    it("ssh instance-connect -> vpc1 runs from EC2 Instance Connect through vpc1's internet gateway to the instance", async () => {
      const ids = ["svc:instance-connect", "res:aws_internet_gateway.vpc1", "res:aws_instance.vpc1"];
      const g = await geometry(defaultPage, "path:ssh:instance-connect:vpc1", ids);
      expect(g.segments).toHaveLength(2);
      expect(near(g.segments[0]!.start, g.boxes["svc:instance-connect"]!)).toBe(true);
      expect(passes(g, "res:aws_internet_gateway.vpc1")).toBe(true);
      expect(near(g.segments[1]!.end, g.boxes["res:aws_instance.vpc1"]!)).toBe(true);
    });

    it("names each path on the picture", async () => {
      const texts = (await renderedTexts(defaultPage)).map((t) => t.text);
      for (const name of ["ping vpc1 -> vpc2", "ping vpc2 -> vpc1", "ssh instance-connect -> vpc1", "s3 vpc2 -> bucket"])
        expect(texts).toContain(name);
    });

    it("stops a path blocked by the endpoint policy at the marked gateway endpoint, with the code and the fix on hover", async () => {
      const ids = ["res:aws_vpc_endpoint.vpc1_s3", "res:aws_s3_bucket.lab"];
      const g = await geometry(denyPage, "path:s3:vpc1:s3", ids);
      expect(near(g.segments.at(-1)!.end, g.boxes["res:aws_vpc_endpoint.vpc1_s3"]!)).toBe(true);
      expect(g.segments.some((segment) => near(segment.end, g.boxes["res:aws_s3_bucket.lab"]!))).toBe(false);
      expect(await denyPage.getAttribute('[id="res:aws_vpc_endpoint.vpc1_s3"]', "class")).toMatch(/\bstops-path\b/);
      // Hover the path's first segment, in the middle of its drawn line.
      const point = (await denyPage.evaluate(
        `(() => { const l = document.getElementById(${JSON.stringify(g.segments[0]!.id)}).querySelector("path"); const m = l.getPointAtLength(l.getTotalLength() / 2), c = l.getScreenCTM(); return { x: m.x * c.a + m.y * c.c + c.e, y: m.x * c.b + m.y * c.d + c.f }; })()`,
      )) as { x: number; y: number };
      await denyPage.mouse.move(point.x, point.y);
      const details = denyPage.locator("#details");
      await expect(details.locator("h3").textContent()).resolves.toBe("s3 vpc1 -> bucket");
      const text = (await details.textContent()) ?? "";
      expect(text).toContain("ENDPOINT_POLICY_DENIES");
      expect(text).toMatch(/fix.*endpointPolicy/);
      expect(text).toContain("(stops here)");
      expect(await denyPage.getAttribute('[id="res:aws_vpc_endpoint.vpc1_s3"]', "class")).toMatch(/\bhl\b/);
    });
  });

  it("follows the reader's colour scheme", async () => {
    const background = () => page.evaluate("getComputedStyle(document.body).backgroundColor");
    await page.emulateMedia({ colorScheme: "light" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(13, 17, 23)");
    await page.click('tr[data-item="path:icmp:vpc1:vpc2"]');
    await expect(page.locator("#details h3").textContent()).resolves.toBe("ping vpc1 -> vpc2");
    await page.screenshot({ path: join(ARTIFACTS, "blocked-lab-dark.png"), fullPage: true });
    expect(requests.filter((url) => !url.startsWith(`${pathToFileURL(work).href}/`))).toEqual([]);
  }, 30_000);
});
