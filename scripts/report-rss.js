// Preloaded by scripts/bench.js into every node process of a sample (npm included): reports the
// process's peak resident set size and its CPU time (all its threads) when it exits.
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS} BENCH_CPU_US=${user + system}\n`);
});
