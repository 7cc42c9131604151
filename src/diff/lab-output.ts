import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LabIntent } from "../analysis/intent";
import { INTENT_FILE } from "../analysis/intent";
import type { TerraformJson } from "../analysis/terraform-json";

/** One stack of a synthesized output directory, as the diff reads it. */
export interface OutputStack {
  readonly name: string;
  /** `<dir>/stacks/<name>/cdk.tf.json`. */
  readonly path: string;
  readonly json: TerraformJson;
  /** `lab-intent.json` beside it; absent in outputs written before the intent existed. */
  readonly intent?: LabIntent;
  /** The raw texts, so that an unchanged stack is recognised without comparing values. */
  readonly text: string;
  readonly intentText?: string;
}

/** A synthesized output directory (`cdktf.out`): its stacks by name, sorted. */
export interface LabOutput {
  readonly dir: string;
  readonly stacks: readonly OutputStack[];
}

/** A directory that is not a readable synthesized output, told in one sentence. */
export class OutputDirectoryError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = "OutputDirectoryError";
  }
}

/**
 * Reads every `<dir>/stacks/<name>/cdk.tf.json` with the `lab-intent.json` beside it. Only the
 * output is read, never a configuration: an output synthesized elsewhere (or by an older
 * version of the project) reads the same. `role` names the directory in messages ("the base").
 */
export function readLabOutput(dir: string, role: string): LabOutput {
  if (!existsSync(dir))
    throw new OutputDirectoryError(`${role} ${dir} does not exist: pass a directory that npm run synth wrote (cdktf.out).`);
  if (!statSync(dir).isDirectory()) throw new OutputDirectoryError(`${role} ${dir} is a file, not an output directory (cdktf.out).`);
  const stacksDir = join(dir, "stacks");
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory())
    throw new OutputDirectoryError(
      `${role} ${dir} is not a synthesized output directory: it has no stacks/ folder (run npm run synth to write one).`,
    );
  const stacks: OutputStack[] = [];
  for (const name of readdirSync(stacksDir).sort()) {
    const stackDir = join(stacksDir, name);
    if (!statSync(stackDir).isDirectory()) continue;
    const path = join(stackDir, "cdk.tf.json");
    if (!existsSync(path)) {
      const hcl = existsSync(join(stackDir, "cdk.tf"));
      throw new OutputDirectoryError(
        hcl
          ? `${role}'s stack ${name} holds cdk.tf (an HCL synth), and the diff reads cdk.tf.json: synthesize it with npm run synth.`
          : `${role}'s stack directory ${stackDir} holds no cdk.tf.json: synthesize it with npm run synth.`,
      );
    }
    const text = readFileSync(path, "utf8");
    const json = parseObject(text, path, role) as TerraformJson;
    const intentPath = join(stackDir, INTENT_FILE);
    const intentText = existsSync(intentPath) ? readFileSync(intentPath, "utf8") : undefined;
    const intent = intentText === undefined ? undefined : (parseObject(intentText, intentPath, role) as unknown as LabIntent);
    if (intent !== undefined && !Array.isArray(intent.expectations))
      throw new OutputDirectoryError(
        `${role}'s ${intentPath} has no list of expectations: it is not a lab intent that npm run synth wrote.`,
      );
    stacks.push({ name, path, json, text, ...(intent === undefined ? {} : { intent, intentText }) });
  }
  if (stacks.length === 0) throw new OutputDirectoryError(`${role} ${dir} holds no stacks in stacks/: run npm run synth to write them.`);
  return { dir, stacks };
}

function parseObject(text: string, path: string, role: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OutputDirectoryError(`${role}'s ${path} is not valid JSON (${(error as Error).message}): synthesize it again.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new OutputDirectoryError(
      `${role}'s ${path} holds ${Array.isArray(value) ? "an array" : String(value)}, not a JSON object: synthesize it again.`,
    );
  return value as Record<string, unknown>;
}
