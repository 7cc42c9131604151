import { runCheck } from "./src/analysis/run-check";

// `npm run check [-- --json] [-- --strict]`: the offline reachability and policy analysis of
// cdktf.out. --strict fails on unknown verdicts too (as does `analysis.strict` in the configuration).
const format = process.argv.includes("--json") ? "json" : "text";
const strict = process.argv.includes("--strict") ? true : undefined;
const outcome = runCheck(process.env.CDKTF_OUTDIR || "cdktf.out", format, { strict });
console.log(outcome.output);
process.exitCode = outcome.exitCode;
