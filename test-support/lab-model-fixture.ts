import { Testing } from "cdktf";
import type { TerraformJson } from "../src/analysis/terraform-json";
import type { LabModel } from "../src/model/lab-model";
import { LabStack } from "../src/stacks/lab-stack";

/** Synthesizes a lab model in memory (no output directory): the stack and its JSON. */
export function synthLabModel(lab: LabModel): { json: TerraformJson; stack: LabStack } {
  const stack = new LabStack(Testing.app(), lab.name, { lab });
  return { json: JSON.parse(Testing.synth(stack)) as TerraformJson, stack };
}
