import { dirname, join } from "node:path";
import { analyzeStack, hasFailures } from "./src/analysis/analyze-stack";
import { renderText } from "./src/analysis/render-report";
import { loadLabs } from "./src/config";
import { describeFailure } from "./src/synth/describe-failure";
import { refuseOfflineDeploy } from "./src/synth/deploy-guard";
import { synthesizeLabs } from "./src/synth/synthesize-lab";
import { summarizeStack } from "./src/synth/synth-summary";

function main(): void {
  // Validate before anything touches the output directory: a rejected configuration must leave
  // an earlier cdktf.out exactly as it was (the synth itself replaces it atomically).
  const labs = loadLabs();
  refuseOfflineDeploy(labs);
  for (const lab of synthesizeLabs(labs)) {
    console.log(summarizeStack(lab.stackName, lab.path, lab.terraform));
    // Prove the lab's paths before anything is deployed; a verdict against intent fails the synth
    // (and so `cdktf deploy`).
    const started = performance.now();
    const analysis = analyzeStack(lab.terraform, lab.intent);
    const elapsed = performance.now() - started;
    console.log(`\n${renderText([{ stack: lab.stackName, path: lab.path, analysis }])}\n(analysed in ${elapsed.toFixed(1)} ms)`);
    console.log(
      `Picture: npm run diagram draws ${join(dirname(lab.path), "lab.svg")} and lab.html (the topology with each path's verdict).`,
    );
    if (hasFailures(analysis)) process.exitCode = 1;
  }
}

try {
  main();
} catch (error) {
  // Set the exit code and return: exiting at once would cut a long report written to a pipe.
  console.error(describeFailure(error, process.env.CDKTF_OUTDIR || "cdktf.out"));
  process.exitCode = 1;
}
