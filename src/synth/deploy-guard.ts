import type { LabConfig } from "../config";
import { SynthRefusedError } from "./output-directory";

/** Set by `npm run deploy` and `npm run destroy` for the synth that `cdktf deploy` runs first. */
export const DEPLOY_ENV_VAR = "LAB_DEPLOY";

/**
 * An offline preview has fake credentials and made-up lookups (account id, AMI, prefix list), and
 * keeps its state in a file of its own: deploying it would fail, or create resources that no
 * real plan knows about. `npm run deploy` refuses it before anything is synthesized.
 */
export function refuseOfflineDeploy(configs: readonly LabConfig[], env: NodeJS.ProcessEnv = process.env): void {
  if (env[DEPLOY_ENV_VAR] !== "1") return;
  const offline = configs.filter((config) => config.offline).map((config) => config.name);
  if (offline.length === 0) return;
  throw new SynthRefusedError(
    `Refusing to deploy ${offline.join(", ")}: "offline": true makes a preview with fake credentials and made-up account, AMI and ` +
      `prefix list values, kept in a state file of its own (terraform.<name>.offline-preview.tfstate). ` +
      `Set "offline": false (or leave it out), synth again, and deploy that.`,
  );
}
