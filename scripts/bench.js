#!/usr/bin/env node
// Synthesizes the default lab several times, as `npm run synth` does (precompiled dist/main.js
// in a fresh Node process), and prints the median wall time and the peak RSS.
// Usage: npm run bench [-- --runs 7]
const { spawnSync } = require("node:child_process");
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const root = join(__dirname, "..");

/** Runs dist/main.js once with `env`; returns wall milliseconds and peak RSS in MiB. */
function synthOnce(env) {
  const outdir = mkdtempSync(join(tmpdir(), "vpc-lab-bench-"));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", join(__dirname, "report-rss.js"), join(root, "dist", "main.js")], {
    cwd: root,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  // Exit 1 means the analysis failed a path or a quota: still a complete synth, and expected for
  // the 50-VPC mesh (it exceeds the routes-per-route-table quota).
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`synth failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const rss = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
  const analysisMs = Number(/analysed in ([\d.]+) ms/.exec(result.stdout)?.[1] ?? NaN);
  return { ms, rss, analysisMs, stdout: result.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report(label, env, count) {
  synthOnce(env); // warm the file cache
  const samples = Array.from({ length: count }, () => synthOnce(env));
  const ms = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.rss);
  console.log(
    `${label.padEnd(30)} median ${median(ms).toFixed(0).padStart(5)} ms  (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)})` +
      `  peak RSS ${Math.max(...rss).toFixed(0)} MiB  analysis median ${median(samples.map((s) => s.analysisMs)).toFixed(1)} ms  over ${count} runs`,
  );
  return samples[samples.length - 1];
}

/** A full mesh of `n` VPCs with an instance each: n(n-1)/2 peerings. */
function meshConfig(n) {
  const vpcs = Array.from({ length: n }, (_, i) => ({
    name: `vpc${i + 1}`,
    cidr: `10.${i + 1}.0.0/16`,
    publicSubnetCidr: `10.${i + 1}.0.0/24`,
  }));
  const file = join(mkdtempSync(join(tmpdir(), "vpc-lab-mesh-")), "mesh.json");
  writeFileSync(file, JSON.stringify({ name: "mesh-lab", offline: true, vpcs }));
  return file;
}

console.log(`Node ${process.version}; each run is a fresh process running dist/main.js (synth + reachability analysis)`);
report("synth, default lab", {}, runs);
const mesh = report("synth, 50-VPC full mesh", { LAB_CONFIG: meshConfig(50) }, Math.max(3, Math.ceil(runs / 2)));
const quotas = mesh.stdout.split("\n").filter((line) => /error QUOTA_/.test(line));
console.log(`  50-VPC mesh quota findings: ${quotas.length} (${[...new Set(quotas.map((l) => /QUOTA_[A-Z_]+/.exec(l)[0]))].join(", ")})`);
