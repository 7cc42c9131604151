import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FailureOptions } from "./analyze-stack";
import { analyzeStack, hasFailures } from "./analyze-stack";
import type { LabIntent } from "./intent";
import { INTENT_FILE } from "./intent";
import type { StackReport } from "./render-report";
import { renderJson, renderText } from "./render-report";
import type { TerraformJson } from "./terraform-json";

/** The outcome of `npm run check`. */
export interface CheckOutcome {
  readonly exitCode: number;
  readonly output: string;
}

/**
 * Reads every `<outdir>/stacks/<name>/cdk.tf.json` with its `lab-intent.json`, analyses each, and
 * renders the reports. Exit code 1 when a verdict contradicts the intent or a finding is an error
 * (or, with `strict` or the intent's `strict`, a verdict is unknown), 2 when there is nothing to analyse.
 */
export function runCheck(outdir: string, format: "text" | "json", options: FailureOptions = {}): CheckOutcome {
  const stacksDir = join(outdir, "stacks");
  const names = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  const reports: StackReport[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const path = join(stacksDir, name, "cdk.tf.json");
    const intentPath = join(stacksDir, name, INTENT_FILE);
    if (!existsSync(path)) {
      problems.push(`${join(stacksDir, name)} holds no cdk.tf.json (an HCL synth?): run npm run synth, which writes JSON and checks it.`);
      continue;
    }
    if (!existsSync(intentPath)) {
      problems.push(`${intentPath} is missing: the intent is written by npm run synth.`);
      continue;
    }
    const json = JSON.parse(readFileSync(path, "utf8")) as TerraformJson;
    const intent = JSON.parse(readFileSync(intentPath, "utf8")) as LabIntent;
    reports.push({ stack: name, path, analysis: analyzeStack(json, intent) });
  }
  if (reports.length === 0) {
    return { exitCode: 2, output: [`Nothing to check in ${stacksDir}.`, ...problems].join("\n") };
  }
  const failed = reports.some((report) => hasFailures(report.analysis, options));
  const body = format === "json" ? renderJson(reports, options) : [renderText(reports, options), ...problems].join("\n");
  return { exitCode: failed ? 1 : 0, output: body };
}
