#!/usr/bin/env node
// Synthesizes the default lab several times, as `npm run synth` does (precompiled dist/main.js
// in a fresh Node process), and prints the median wall time and the peak RSS.
// Usage: npm run bench [-- --runs 7]
const { spawnSync } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
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
  if (result.status !== 0) throw new Error(`synth failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const rss = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
  return { ms, rss };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report(label, env) {
  synthOnce(env); // warm the file cache
  const samples = Array.from({ length: runs }, () => synthOnce(env));
  const ms = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.rss);
  console.log(
    `${label.padEnd(28)} median ${median(ms).toFixed(0).padStart(5)} ms  (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)})` +
      `  peak RSS ${Math.max(...rss).toFixed(0)} MiB  over ${runs} runs`,
  );
}

console.log(`Node ${process.version}; each run is a fresh process running dist/main.js`);
report("synth, default lab", {});
