import { analyzeStack, hasFailures } from "./src/analysis/analyze-stack";
import { renderText } from "./src/analysis/render-report";
import { ConfigError, loadLabConfig } from "./src/config";
import { synthesizeLab } from "./src/synth/synthesize-lab";
import { summarizeStack } from "./src/synth/synth-summary";

function main(): void {
  // Validate before anything touches the output directory: a rejected configuration must leave
  // an earlier cdktf.out exactly as it was.
  let config;
  try {
    config = loadLabConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  const lab = synthesizeLab(config);
  console.log(summarizeStack(lab.stackName, lab.path, lab.terraform));

  // Prove the lab's paths before anything is deployed; a verdict against intent fails the synth
  // (and so `cdktf deploy`).
  const started = performance.now();
  const analysis = analyzeStack(lab.terraform, lab.intent);
  const elapsed = performance.now() - started;
  console.log(`\n${renderText([{ stack: lab.stackName, path: lab.path, analysis }])}\n(analysed in ${elapsed.toFixed(1)} ms)`);
  if (hasFailures(analysis)) process.exitCode = 1;
}

main();
