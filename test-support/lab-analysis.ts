import type { PathVerdict, StackAnalysis } from "../src/analysis/analyze-stack";
import { analyzeStack } from "../src/analysis/analyze-stack";
import type { LabIntent } from "../src/analysis/intent";
import { intentFromConfig } from "../src/analysis/intent";
import type { TerraformJson } from "../src/analysis/terraform-json";
import { labConfig, synthLab } from "./synth-lab";

/** A synthesized lab as the analysis sees it: its JSON and its intent. */
export interface AnalysisFixture {
  readonly json: TerraformJson & {
    resource: Record<string, Record<string, Record<string, unknown>>>;
    data?: Record<string, Record<string, Record<string, unknown>>>;
  };
  readonly intent: LabIntent;
}

// Synthesizing takes a few hundred milliseconds; the mutation tables reuse one synth per configuration.
const synthesized = new Map<string, AnalysisFixture>();

/** Synthesizes a lab (offline by default, like a preview) and derives its intent from the same config; a fresh copy each call. */
export function labFixture(overrides: Record<string, unknown> = {}): AnalysisFixture {
  const config = { offline: true, ...overrides };
  const key = JSON.stringify(config);
  let fixture = synthesized.get(key);
  if (!fixture) {
    fixture = { json: synthLab(config).json as AnalysisFixture["json"], intent: intentFromConfig(labConfig(config)) };
    synthesized.set(key, fixture);
  }
  return structuredClone(fixture);
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

/** A policy as the JSON string an `aws_*_policy` resource holds. */
export const policyJson = (...statements: Record<string, unknown>[]): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** Adds (or replaces) a resource of the fixture. */
export function setResource(fixture: AnalysisFixture, type: string, name: string, body: Record<string, unknown>): void {
  fixture.json.resource[type] = { ...fixture.json.resource[type], [name]: body };
}
