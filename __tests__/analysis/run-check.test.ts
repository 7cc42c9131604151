import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheck } from "../../src/analysis/run-check";
import { synthesizeLab } from "../../src/synth/synthesize-lab";
import { labConfig } from "../../test-support/synth-lab";

function synthesized(overrides: Record<string, unknown> = {}, hcl = false): { outdir: string; path: string } {
  const outdir = mkdtempSync(join(tmpdir(), "lab-check-"));
  const lab = synthesizeLab(labConfig({ offline: true, ...overrides }), { outdir, hcl });
  return { outdir, path: lab.path };
}

describe("runCheck", () => {
  it("passes the default lab and prints a verdict table per stack", () => {
    const { outdir } = synthesized();
    const outcome = runCheck(outdir, "text");
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toMatch(/Reachability of stack "vpc-lab" .*: 6\/6 paths as intended, 0 errors, 1 warnings -> PASS/);
    expect(outcome.output).toMatch(/ok\s+ping vpc1 -> vpc2\s+reachable\s+reachable/);
  });

  it("exits 1 and explains the failed path when a verdict contradicts the intent", () => {
    const { outdir, path } = synthesized();
    const json = JSON.parse(readFileSync(path, "utf8"));
    delete json.resource.aws_route.vpc2_to_vpc1;
    writeFileSync(path, JSON.stringify(json));
    const outcome = runCheck(outdir, "text");
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output).toMatch(
      /FAIL\s+ping vpc1 -> vpc2\s+reachable\s+blocked\s+NO_ROUTE_TO_DESTINATION at aws_route_table.vpc2_public/,
    );
    expect(outcome.output).toContain("UNINTENDED: ping vpc1 -> vpc2: The request arrives, but the reply cannot return");
  });

  it("prints the same as data with --json", () => {
    const { outdir } = synthesized({ s3: { endpointVpcs: ["vpc1"] } });
    const [report] = JSON.parse(runCheck(outdir, "json").output);
    expect(report).toMatchObject({ stack: "vpc-lab", pass: true });
    expect(report.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(report.verdicts).toContainEqual(
      expect.objectContaining({
        protocol: "s3",
        from: "vpc2",
        verdict: "blocked",
        reachable: false,
        actual: false,
        asIntended: true,
        blocker: expect.objectContaining({ code: "BUCKET_POLICY_DENIES" }),
      }),
    );
  });

  it("explains each code it shows, with the registry's explanation and fix (text and --json)", () => {
    const { outdir, path } = synthesized();
    const json = JSON.parse(readFileSync(path, "utf8"));
    delete json.resource.aws_route.vpc2_to_vpc1;
    writeFileSync(path, JSON.stringify(json));
    expect(runCheck(outdir, "text").output).toMatch(
      /What the codes mean[^\n]*\n(?:.*\n)*\s+NO_ROUTE_TO_DESTINATION: Route tables decide by longest prefix.* Fix: Add the route/,
    );
    const [report] = JSON.parse(runCheck(outdir, "json").output);
    expect(Object.keys(report.codes).sort()).toEqual(["LOCKOUT_SOLE_EXEMPTION", "NO_ROUTE_TO_DESTINATION"]);
    expect(report.codes.NO_ROUTE_TO_DESTINATION).toEqual({
      text: expect.stringContaining("no route"),
      explanation: expect.stringContaining("longest prefix"),
      fix: expect.stringContaining("peerings"),
    });
    // Each verdict carries the way it was walked; this one ends at the table that lacks the route back.
    const ping = report.verdicts.find((v: { protocol: string; from: string }) => v.protocol === "icmp" && v.from === "vpc1");
    expect(ping.route.at(-1)).toMatchObject({ kind: "route-table", address: "aws_route_table.vpc2_public", stop: "blocked" });
  });

  it("shows an unknown verdict as such, passes by default, and fails with strict (the option or the intent's)", () => {
    const { outdir, path } = synthesized();
    const json = JSON.parse(readFileSync(path, "utf8"));
    json.resource.aws_iam_role_policy_attachment = {
      deny_all: { role: "${aws_iam_role.vpc1_instance.name}", policy_arn: "arn:aws:iam::aws:policy/AWSDenyAll" },
    };
    writeFileSync(path, JSON.stringify(json));
    const text = runCheck(outdir, "text");
    expect(text.exitCode).toBe(0);
    expect(text.output).toMatch(/5\/6 paths as intended \(1 unknown\), 0 errors, 1 warnings -> PASS/);
    expect(text.output).toMatch(
      /\?\?\s+s3 vpc1 -> bucket\s+reachable\s+unknown\s+POLICY_NOT_ANALYSABLE at aws_iam_role_policy_attachment.deny_all/,
    );
    expect(text.output).toContain("Cannot prove (unknown: neither reachable nor blocked; fails only with --strict):");
    const [report] = JSON.parse(runCheck(outdir, "json").output);
    expect(report.pass).toBe(true);
    expect(report.verdicts).toContainEqual(
      expect.objectContaining({
        protocol: "s3",
        from: "vpc1",
        verdict: "unknown",
        actual: false,
        asIntended: false,
        blocker: expect.objectContaining({ code: "POLICY_NOT_ANALYSABLE" }),
      }),
    );
    expect(runCheck(outdir, "text", { strict: true }).exitCode).toBe(1);
    expect(JSON.parse(runCheck(outdir, "json", { strict: true }).output)[0].pass).toBe(false);
    const intentPath = join(path, "..", "lab-intent.json");
    writeFileSync(intentPath, JSON.stringify({ ...JSON.parse(readFileSync(intentPath, "utf8")), strict: true }));
    expect(runCheck(outdir, "text").exitCode).toBe(1);
  });

  it("exits 2 when there is nothing to analyse: no output, or only HCL", () => {
    expect(runCheck(join(tmpdir(), "no-such-cdktf-out"), "text").exitCode).toBe(2);
    const { outdir } = synthesized({}, true);
    const outcome = runCheck(outdir, "text");
    expect(outcome.exitCode).toBe(2);
    expect(outcome.output).toContain("holds no cdk.tf.json");
  });

  it("asks for npm run synth when the intent file is missing", () => {
    const { outdir, path } = synthesized();
    rmSync(join(path, "..", "lab-intent.json"));
    expect(runCheck(outdir, "text").output).toContain("lab-intent.json is missing");
  });
});
