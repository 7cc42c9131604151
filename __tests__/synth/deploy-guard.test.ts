import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { refuseOfflineDeploy, runsUnderCdktfDeploy } from "../../src/synth/deploy-guard";
import { labConfig } from "../../test-support/synth-lab";

const CLI = "/work/project/node_modules/cdktf-cli/bundle/bin/cdktf";

describe("runsUnderCdktfDeploy", () => {
  it.each(
    (
      [
        [
          "npx cdktf deploy",
          [
            ["sh", "-c", "node scripts/launch.js main"],
            ["node", CLI, "deploy", "--auto-approve"],
          ],
          true,
        ],
        ["cdktf apply (the old name)", [["node", CLI, "apply"]], true],
        ["npm run deploy's launcher", [["node", "scripts/launch.js", "cdktf", "deploy"]], true],
        ["cdktf deploy with options first", [["node", CLI, "--log-level", "debug", "deploy"]], true],
        ["cdktf synth", [["node", CLI, "synth"]], false],
        ["cdktf destroy", [["node", CLI, "destroy"]], false],
        [
          "npm run synth",
          [
            ["node", "scripts/launch.js", "main"],
            ["npm", "run", "synth"],
          ],
          false,
        ],
        ["a deploy that is not cdktf's", [["node", "deploy-tool.js", "deploy"]], false],
      ] as [string, string[][], boolean][]
    ).map(([name, lines, expected]) => [name, expected ? "a deploy" : "no deploy", lines, expected] as const),
  )("%s: %s", (_name, _verdict, commandLines, expected) => {
    expect(runsUnderCdktfDeploy(commandLines)).toBe(expected);
  });
});

describe("ancestorCommandLines", () => {
  const work = mkdtempSync(join(tmpdir(), "lab-deploy-guard-"));
  const probe = join(work, "probe.js");
  beforeAll(() => {
    // What the app does at start-up, bundled: print its ancestry and whether it runs under cdktf deploy.
    writeFileSync(
      join(work, "probe.ts"),
      `import { ancestorCommandLines, runsUnderCdktfDeploy } from ${JSON.stringify(join(__dirname, "../../src/synth/deploy-guard"))};\n` +
        "const lines = ancestorCommandLines();\nconsole.log(JSON.stringify({ lines, deploy: runsUnderCdktfDeploy(lines) }));\n",
    );
    buildSync({ entryPoints: [join(work, "probe.ts")], bundle: true, platform: "node", outfile: probe, logLevel: "silent" });
    // A stand-in for the cdktf CLI, named like it, that starts the app through a shell as the CLI does.
    writeFileSync(
      join(work, "cdktf"),
      `require("node:child_process").spawnSync("sh", ["-c", ${JSON.stringify(`"${process.execPath}" "${probe}"`)}], { stdio: "inherit" });\n`,
    );
  });

  const run = (args: string[]) =>
    JSON.parse(spawnSync(process.execPath, args, { encoding: "utf8" }).stdout) as { lines: string[][]; deploy: boolean };

  it("reads the command lines of the real process tree, nearest first", () => {
    const { lines } = run([join(work, "cdktf"), "synth"]);
    expect(lines[0]!.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(lines[1]).toEqual([process.execPath, join(work, "cdktf"), "synth"]);
  });

  it("tells an app started by cdktf deploy from one started by cdktf synth", () => {
    expect(run([join(work, "cdktf"), "deploy", "--auto-approve"]).deploy).toBe(true);
    expect(run([join(work, "cdktf"), "synth"]).deploy).toBe(false);
  });
});

describe("refuseOfflineDeploy", () => {
  const offline = [labConfig({ name: "preview-lab", offline: true })];
  const noDeploy = () => [["node", CLI, "synth"]];

  it("refuses an offline preview under LAB_DEPLOY=1 (npm run deploy, vpc-lab deploy)", () => {
    expect(() => refuseOfflineDeploy(offline, { LAB_DEPLOY: "1" }, noDeploy)).toThrow(/^Refusing to deploy preview-lab: "offline": true/);
  });

  it("refuses an offline preview under npx cdktf deploy, seen in the process ancestry, without LAB_DEPLOY", () => {
    expect(() =>
      refuseOfflineDeploy(offline, {}, () => [
        ["sh", "-c", "app"],
        ["node", CLI, "deploy"],
      ]),
    ).toThrow(/Refusing to deploy/);
  });

  it("lets a synth of an offline preview, and a deploy of a real lab, through", () => {
    expect(() => refuseOfflineDeploy(offline, {}, noDeploy)).not.toThrow();
    expect(() =>
      refuseOfflineDeploy([labConfig({ name: "real-lab" })], { LAB_DEPLOY: "1" }, () => [["node", CLI, "deploy"]]),
    ).not.toThrow();
  });
});
