import { runDiff } from "./src/diff/diff-cli";

// `npm run diff -- --base <dir> [--format text|json|markdown]`: what the change from an earlier
// synthesized output (--base) to cdktf.out (CDKTF_OUTDIR) does to resources, paths and data.
// Exit status 0 safe, 1 breaking, 2 bad usage.
const run = runDiff(process.argv.slice(2));
if (run.stdout) console.log(run.stdout);
if (run.stderr) console.error(run.stderr);
// Set the exit code and return: exiting at once would cut a long report written to a pipe.
process.exitCode = run.exitCode;
