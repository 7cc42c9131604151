import { App } from "cdktf";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TerraformJson } from "../analysis/terraform-json";
import type { LabIntent } from "../analysis/intent";
import { INTENT_FILE, intentOf } from "../analysis/intent";
import type { LabConfig } from "../config/schema";
import { resolveLab } from "../config/resolve-lab";
import type { LabModel } from "../model/lab-model";
import { LabStack } from "../stacks/lab-stack";
import { hclBlockPaths, renderHcl } from "./render-hcl";
import { stackFile, writeOutputAtomically } from "./output-directory";

/** Options of {@link synthesizeLab}. */
export interface SynthesizeOptions {
  /** Output directory. @default CDKTF_OUTDIR, else "cdktf.out" (cdktf's own rule: let the CLI decide) */
  readonly outdir?: string;
  /** Write HCL (`cdk.tf`) instead of JSON. @default SYNTH_HCL_OUTPUT, as set by `cdktf synth --hcl` */
  readonly hcl?: boolean;
}

/** What a synth wrote. */
export interface SynthesizedLab {
  readonly stackName: string;
  readonly format: "json" | "hcl";
  /** Path of the stack file (`cdk.tf.json` or `cdk.tf`) in the output directory. */
  readonly path: string;
  /** The synthesized Terraform, as JSON (also for an HCL synth), for the summary and the analysis. */
  readonly terraform: TerraformJson;
  /** What the lab is meant to do, also written beside the stack file as `lab-intent.json`. */
  readonly intent: LabIntent;
}

/** A lab to synthesize: its model (`loadLabs`, `resolveLab`), or a validated configuration, resolved on the way in. */
export type SynthesisInput = LabModel | LabConfig;

/**
 * Synthesizes one lab. The output directory ends up holding exactly
 * this run's stack, in one format, written atomically (see {@link writeOutputAtomically}): a
 * failure or a kill at any moment leaves the previous output complete, and state is never lost.
 */
export function synthesizeLab(lab: SynthesisInput, options: SynthesizeOptions = {}): SynthesizedLab {
  return synthesizeLabs([lab], options)[0]!;
}

/**
 * Synthesizes the stacks of a configuration (the lab, or each of its environments) into one
 * output directory, atomically: each stack in `stacks/<name>/`, with its intent beside it.
 */
export function synthesizeLabs(inputs: readonly SynthesisInput[], options: SynthesizeOptions = {}): SynthesizedLab[] {
  const labs = inputs.map((input) => ("home" in input ? input : resolveLab(input)));
  const outdir = options.outdir ?? (process.env.CDKTF_OUTDIR || "cdktf.out");
  // cdktf 0.21 reads the output format from SYNTH_HCL_OUTPUT in TerraformStack too, ignoring App's
  // `hclOutput` option there, so an explicit choice has to go through the variable.
  return withEnv("SYNTH_HCL_OUTPUT", options.hcl === undefined ? undefined : String(options.hcl), () =>
    writeOutputAtomically({ outdir, stackNames: labs.map((lab) => lab.name) }, (staging) => {
      // No stack traces in construct metadata: they are never written out, and capturing them
      // costs a tenth of the synth time. The staging directory is passed explicitly; the final
      // directory is the one the CLI chose (CDKTF_OUTDIR).
      const app = new App({ stackTraces: false, outdir: staging });
      const format = app.hclOutput ? "hcl" : "json";
      const stacks = labs.map((lab) => ({ lab, stack: new LabStack(app, lab.name, { lab }) }));
      app.synth();
      return stacks.map(({ lab, stack }) => {
        const stagedPath = stackFile(staging, lab.name, format);
        let terraform: TerraformJson;
        if (format === "hcl") {
          terraform = stack.toTerraform() as TerraformJson;
          // Our own renderer from the JSON form: cdktf's HCL fails `terraform fmt -check` (render-hcl.ts).
          writeFileSync(stagedPath, renderHcl(terraform, hclBlockPaths(stack)));
        } else {
          terraform = JSON.parse(readFileSync(stagedPath, "utf8")) as TerraformJson;
        }
        // Terraform reads only *.tf and *.tf.json, so the intent can sit beside the stack file.
        const intent = intentOf(lab);
        writeFileSync(join(dirname(stagedPath), INTENT_FILE), `${JSON.stringify(intent, null, 2)}\n`);
        return { stackName: lab.name, format, path: stackFile(outdir, lab.name, format), terraform, intent };
      });
    }),
  );
}

/** Runs `run` with an environment variable set (left as it is when `value` is undefined). */
function withEnv<T>(name: string, value: string | undefined, run: () => T): T {
  if (value === undefined) return run();
  const previous = process.env[name];
  process.env[name] = value;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  }
}
