#!/usr/bin/env node
// `npm run bench [-- --rounds 9 --mesh-rounds 3 --sizes 2,5,10,20,35,50,70 --app <command> --test-rounds 1]`, in one run:
// 1. the default lab: `npm run synth` end to end against the floor, a fresh node that loads cdktf
//    and one provider module (what any cdktf synth must pay), in alternating samples;
// 2. the scaling curve: full meshes of 2 to 70 VPCs (every pair peered), each run through the
//    cdktf.json app command (what `npm run synth` runs, without npm) in a fresh process: synth
//    plus the reachability analysis.
// 3. `npm test` (--test-rounds N times; 0 leaves it out), against the same floor.
// Then each goal of the speed work, met or not: the default lab within 2x the floor; the 50-VPC mesh
// within 10x in wall time (8x the stretch), 12x in CPU, 200 MiB; CPU per resource at 70 VPCs within
// 1.2x of that at 20 (and the same beyond the 2-VPC start-up); npm test within 150x (about a minute).
// Medians, with min-max as the noise; peak RSS is the largest process of the run (npm included).
"use strict";
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { loadavg, tmpdir } = require("node:os");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
const FLOOR = ["-e", "require('cdktf');require('@cdktf/provider-aws/lib/vpc')"];

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const rounds = Number(option("rounds", 9));
const meshRounds = Number(option("mesh-rounds", 3));
const sizes = option("sizes", "2,5,10,20,35,50,70").split(",").map(Number);
const testRounds = Number(option("test-rounds", 1));
// --app "<command>" measures another command for the meshes (e.g. "node dist/main.js" to compare).
const APP = option("app", JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app);

const scratch = mkdtempSync(join(tmpdir(), "vpc-lab-bench-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** Runs one sample in a fresh process tree; returns wall ms, peak RSS (MiB) and the stdout. */
function sample(command, args, env = {}, shell = false) {
  const outdir = mkdtempSync(join(scratch, "out-"));
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    shell,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, NODE_OPTIONS: `--require ${join(__dirname, "report-rss.js")}` },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  // Exit 1 is a complete synth whose analysis reported errors: the larger meshes exceed the
  // routes-per-route-table and gateway-endpoint quotas, on purpose.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const rss = Math.max(...[...result.stderr.matchAll(/BENCH_MAX_RSS_KB=(\d+)/g)].map((m) => Number(m[1]) / 1024));
  // CPU time summed over the sample's processes: far less sensitive than wall time to other work
  // on the machine.
  const cpuMs = [...result.stderr.matchAll(/BENCH_CPU_US=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]) / 1000, 0);
  return { ms, rss, cpuMs, stdout: result.stdout };
}

const floor = () => sample(process.execPath, FLOOR);
const npmSynth = () => sample("npm", ["run", "--silent", "synth"]);
const appSynth = (env) => sample(APP, [], env, true);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const spread = (values) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;
const fixed = (value, digits, width) => value.toFixed(digits).padStart(width);

/** A full mesh of `n` VPCs with an instance each: n(n-1)/2 peerings. */
function meshConfig(n) {
  const vpcs = Array.from({ length: n }, (_, i) => ({
    name: `vpc${i + 1}`,
    cidr: `10.${i + 1}.0.0/16`,
    publicSubnetCidr: `10.${i + 1}.0.0/24`,
  }));
  const file = join(scratch, `mesh-${n}.json`);
  writeFileSync(file, JSON.stringify({ name: "mesh-lab", offline: true, vpcs }));
  return file;
}

console.log(`Node ${process.version}, ${require("node:os").cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}; app: ${APP}`);

// Warm-up round (not counted): rebuilds dist/ if stale, writes the code cache, fills file caches.
floor();
npmSynth();

const floors = [];
const synths = [];
for (let round = 0; round < rounds; round++) {
  floors.push(floor());
  synths.push(npmSynth());
}
const floorMs = median(floors.map((s) => s.ms));
const synthMs = median(synths.map((s) => s.ms));
const floorCpu = median(floors.map((s) => s.cpuMs));
const synthCpu = median(synths.map((s) => s.cpuMs));
const pairRatios = synths.map((s, i) => s.ms / floors[i].ms);
const describe = (samples) =>
  `${fixed(median(samples.map((s) => s.ms)), 0, 5)} ms (${spread(samples.map((s) => s.ms)).padEnd(9)})  CPU ${fixed(median(samples.map((s) => s.cpuMs)), 0, 5)} ms  peak RSS ${fixed(median(samples.map((s) => s.rss)), 0, 3)} MiB (max ${Math.max(...samples.map((s) => s.rss)).toFixed(0)})`;
console.log(`\nDefault lab, ${rounds} alternating rounds (median, min-max):`);
console.log(`  floor (node: require cdktf + provider vpc)  ${describe(floors)}`);
console.log(`  npm run synth                               ${describe(synths)}`);
console.log(
  `  npm run synth / floor: wall ${(synthMs / floorMs).toFixed(2)}x (per-round ${Math.min(...pairRatios).toFixed(2)}-${Math.max(...pairRatios).toFixed(2)}x), CPU ${(synthCpu / floorCpu).toFixed(2)}x`,
);

const configs = new Map(sizes.map((n) => [n, meshConfig(n)]));
const meshSamples = new Map(sizes.map((n) => [n, []]));
const meshFloors = [];
for (let round = 0; round < meshRounds; round++) {
  meshFloors.push(floor());
  for (const n of sizes) meshSamples.get(n).push(appSynth({ LAB_CONFIG: configs.get(n) }));
}
const meshFloorMs = median(meshFloors.map((s) => s.ms));
const meshFloorCpu = median(meshFloors.map((s) => s.cpuMs));
console.log(
  `\nFull meshes through the cdktf.json app, synth + analysis, ${meshRounds} rounds over all sizes (floor ${meshFloorMs.toFixed(0)} ms wall, ${meshFloorCpu.toFixed(0)} ms CPU in these rounds):`,
);
console.log(
  "  VPCs  resources   wall ms (min-max)       x floor   CPU ms  x floor  peak RSS  wall ms/res  CPU ms/res marginal  analysis ms",
);
let quotaLine = "";
let smallest;
/** Per mesh size: median wall and CPU ms, resources, largest RSS. */
const meshes = new Map();
for (const n of sizes) {
  const runs = meshSamples.get(n);
  const last = runs[runs.length - 1].stdout;
  const resources = Number(/(\d+) resources/.exec(last)?.[1] ?? NaN);
  const ms = median(runs.map((s) => s.ms));
  const cpuMs = median(runs.map((s) => s.cpuMs));
  const analysisMs = median(runs.map((s) => Number(/analysed in ([\d.]+) ms/.exec(s.stdout)?.[1] ?? NaN)));
  meshes.set(n, { ms, cpuMs, resources, rss: Math.max(...runs.map((s) => s.rss)) });
  // Marginal: CPU ms per resource beyond the smallest mesh, i.e. without the fixed start-up cost.
  smallest ??= { cpuMs, resources };
  const marginal =
    resources > smallest.resources ? fixed((cpuMs - smallest.cpuMs) / (resources - smallest.resources), 3, 19) : "-".padStart(19);
  console.log(
    `  ${fixed(n, 0, 4)}  ${fixed(resources, 0, 9)}  ${fixed(ms, 0, 8)} (${spread(runs.map((s) => s.ms)).padEnd(11)})  ${fixed(ms / meshFloorMs, 1, 7)}x  ${fixed(cpuMs, 0, 7)}  ${fixed(cpuMs / meshFloorCpu, 1, 6)}x  ${fixed(Math.max(...runs.map((s) => s.rss)), 0, 5)} MiB  ${fixed(ms / resources, 3, 11)}  ${marginal}  ${fixed(analysisMs, 0, 11)}`,
  );
  if (n === 50) {
    const quotas = last.split("\n").filter((line) => /error QUOTA_/.test(line));
    quotaLine = `  50-VPC mesh quota findings: ${quotas.length} (${[...new Set(quotas.map((l) => /QUOTA_[A-Z_]+/.exec(l)[0]))].join(", ")})`;
  }
}
if (quotaLine) console.log(quotaLine);

// npm test, as a developer runs it (CI's settings left out: CI, FC_NUM_RUNS and the REQUIRE_* switches).
const tests = [];
const testFloors = [];
for (let round = 0; round < testRounds; round++) {
  testFloors.push(floor());
  const env = { CI: "", FC_NUM_RUNS: "", REQUIRE_TERRAFORM: "", REQUIRE_EMULATOR: "", REQUIRE_BROWSER: "" };
  tests.push(testRun(env));
}
if (testRounds > 0) {
  const testMs = median(tests.map((s) => s.ms));
  const testFloorMs = median(testFloors.map((s) => s.ms));
  const passed = /Tests:\s+(.*) total/.exec(tests.at(-1).stdout + tests.at(-1).stderr)?.[1] ?? "?";
  console.log(`\nnpm test, ${testRounds} round(s) (floor ${testFloorMs.toFixed(0)} ms in these rounds; tests: ${passed} total):`);
  console.log(
    `  ${fixed(testMs / 1000, 1, 5)} s wall (${spread(tests.map((s) => s.ms / 1000))} s), ${fixed(testMs / testFloorMs, 0, 4)}x the floor; CPU ${fixed(median(tests.map((s) => s.cpuMs)) / 1000, 1, 5)} s`,
  );
  goalsFor({ testRatio: testMs / testFloorMs, testMs });
} else goalsFor({});

/**
 * One `npm test` as a developer runs it: no preload (its tests check what processes print on stderr),
 * so its CPU time is what the kernel counts for this process's waited-for children (/proc/self/stat's
 * cutime and cstime: npm, jest, its workers, and every process they ran and waited for).
 */
function testRun(env) {
  const childTicks = () => {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16 and 17 of stat(5))
  };
  const ticksBefore = childTicks();
  const started = process.hrtime.bigint();
  const result = spawnSync("npm", ["test", "--silent"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`npm test failed (exit ${result.status}):\n${result.stdout}\n${result.stderr.slice(-5000)}`);
  // USER_HZ is 100 on Linux.
  return { ms, cpuMs: (childTicks() - ticksBefore) * 10, stdout: result.stdout, stderr: result.stderr };
}

/** Prints each goal with the measured ratio and whether it is met. */
function goalsFor({ testRatio, testMs }) {
  const rows = [];
  const row = (goal, value, limit, text) => rows.push(`  ${value <= limit ? "met    " : "NOT MET"}  ${goal.padEnd(62)} ${text}`);
  row(
    "default lab, npm run synth / floor, wall <= 2x",
    synthMs / floorMs,
    2,
    `${(synthMs / floorMs).toFixed(2)}x (CPU ${(synthCpu / floorCpu).toFixed(2)}x)`,
  );
  const m50 = meshes.get(50);
  if (m50) {
    row(
      "50-VPC mesh / floor, wall <= 10x (stretch 8x)",
      m50.ms / meshFloorMs,
      10,
      `${(m50.ms / meshFloorMs).toFixed(1)}x${m50.ms / meshFloorMs <= 8 ? ", stretch met" : ""}`,
    );
    row("50-VPC mesh / floor, CPU <= 12x", m50.cpuMs / meshFloorCpu, 12, `${(m50.cpuMs / meshFloorCpu).toFixed(1)}x`);
    row("50-VPC mesh, peak RSS <= 200 MiB", m50.rss, 200, `${m50.rss.toFixed(0)} MiB`);
  }
  const [m2, m20, m70] = [meshes.get(sizes[0]), meshes.get(20), meshes.get(70)];
  if (m20 && m70) {
    const perResource = m70.cpuMs / m70.resources / (m20.cpuMs / m20.resources);
    row("CPU per resource, 70 VPCs / 20 VPCs <= 1.2x", perResource, 1.2, `${perResource.toFixed(2)}x`);
    if (m2 && m2.resources < m20.resources) {
      const marginal = (m70.cpuMs - m2.cpuMs) / (m70.resources - m2.resources) / ((m20.cpuMs - m2.cpuMs) / (m20.resources - m2.resources));
      row(`  the same beyond the ${sizes[0]}-VPC mesh's start-up <= 1.2x`, marginal, 1.2, `${marginal.toFixed(2)}x`);
    }
  }
  if (testRatio !== undefined)
    row("npm test / floor <= 150x (about a minute)", testRatio, 150, `${testRatio.toFixed(0)}x (${(testMs / 1000).toFixed(1)} s)`);
  console.log("\nGoals:");
  for (const line of rows) console.log(line);
}

console.log(`\nLoad average at the end ${loadavg()[0].toFixed(2)} (other work on the machine widens the min-max).`);
