import type { PathVerdict, StackAnalysis } from "../src/analysis/analyze-stack";
import { analyzeStack } from "../src/analysis/analyze-stack";
import type { LabIntent } from "../src/analysis/intent";
import { intentFromConfig } from "../src/analysis/intent";
import type { TerraformJson } from "../src/analysis/terraform-json";
import { labConfig, synthLab } from "./synth-lab";

/** A synthesized lab as the analysis sees it: its JSON and its intent. */
export interface AnalysisFixture {
  readonly json: TerraformJson & { resource: Record<string, Record<string, Record<string, unknown>>> };
  readonly intent: LabIntent;
}

/** Synthesizes a lab (offline by default, like a preview) and derives its intent from the same config. */
export function labFixture(overrides: Record<string, unknown> = {}): AnalysisFixture {
  const config = { offline: true, ...overrides };
  return { json: structuredClone(synthLab(config).json) as AnalysisFixture["json"], intent: intentFromConfig(labConfig(config)) };
}

/** Analyses a fixture. */
export function analyze(fixture: AnalysisFixture): StackAnalysis {
  return analyzeStack(fixture.json, fixture.intent);
}

/** The verdict for one path, e.g. `verdict(a, "icmp", "vpc1", "vpc2")`. */
export function verdict(analysis: StackAnalysis, protocol: string, from: string, to: string): PathVerdict {
  const found = analysis.verdicts.find((v) => v.protocol === protocol && v.from === from && v.to === to);
  if (!found)
    throw new Error(
      `no verdict for ${protocol} ${from} -> ${to}; have ${analysis.verdicts.map((v) => `${v.protocol} ${v.from}->${v.to}`).join(", ")}`,
    );
  return found;
}
