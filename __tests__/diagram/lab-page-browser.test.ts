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
import { drawFixture } from "../../test-support/lab-diagram";
import { labFixture } from "../../test-support/lab-analysis";

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
      const line = document.getElementById("path:s3:vpc2:s3").querySelector("path");
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

  it("follows the reader's colour scheme", async () => {
    const background = () => page.evaluate("getComputedStyle(document.body).backgroundColor");
    await page.emulateMedia({ colorScheme: "light" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(13, 17, 23)");
    await page.click('tr[data-item="path:icmp:vpc1:vpc2"]');
    await expect(page.locator("#details h3").textContent()).resolves.toBe("ping vpc1 -> vpc2");
    await page.screenshot({ path: join(ARTIFACTS, "blocked-lab-dark.png"), fullPage: true });
    expect(requests).toEqual([pageUrl]);
  });
});
