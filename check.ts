import { runCheck } from "./src/analysis/run-check";

// `npm run check [-- --json]`: the offline reachability and policy analysis of cdktf.out.
const format = process.argv.includes("--json") ? "json" : "text";
const outcome = runCheck(process.env.CDKTF_OUTDIR || "cdktf.out", format);
console.log(outcome.output);
process.exitCode = outcome.exitCode;
