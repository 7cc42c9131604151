import { readFileSync } from "node:fs";
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
  if (lab.format === "json") console.log(summarizeStack(lab.stackName, lab.path, JSON.parse(readFileSync(lab.path, "utf8"))));
  else console.log(`Synthesized stack "${lab.stackName}" -> ${lab.path}`);
}

main();
