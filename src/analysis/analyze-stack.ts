import type { Finding } from "./finding";
import { IamEvaluator } from "./iam-evaluation";
import type { LabIntent, PathExpectation } from "./intent";
import type { LabReading, RouteComponent } from "./lab-reading";
import type { Blocker, StepResult, Verdict } from "./path-steps";
import { routeOf } from "./path-route";
import { readLab } from "./read-lab";
import type { RuleContext } from "./rule";
import { FINDING_RULES, PATH_RULES } from "./rule-registry";
import type { TerraformJson } from "./terraform-json";

/** The verdict on one expected path. */
export interface PathVerdict extends PathExpectation {
  /** `reachable` and `blocked` are proven; `unknown` means the synthesized Terraform cannot tell. */
  readonly verdict: Verdict;
  /** True only for a reachable verdict. */
  readonly actual: boolean;
  /** True when a definite verdict matches the intent; an unknown verdict is never as intended. */
  readonly asIntended: boolean;
  /** Components the path goes through, when reachable. */
  readonly hops: readonly string[];
  /** The first blocking component (blocked), or what could not be read and why (unknown, with its cannot-prove code). */
  readonly blocker?: Blocker;
  /**
   * The way the analysis walked, as a picture draws it: from the start through each component
   * to the end; a path that is not reachable ends at its blocking component (`stop`).
   */
  readonly route: readonly RouteComponent[];
}

/** Everything the analysis says about one stack. */
export interface StackAnalysis {
  readonly verdicts: readonly PathVerdict[];
  readonly findings: readonly Finding[];
  /** The reading the verdicts were decided on: what the diagram draws and the diff compares. */
  readonly reading: LabReading;
  /** Unknown verdicts fail (from the intent's `strict`), unless the caller says otherwise. */
  readonly strict?: boolean;
}

/** How strictly to judge an analysis. */
export interface FailureOptions {
  /** Unknown verdicts fail too (`npm run check -- --strict`, or `analysis.strict` in the configuration). */
  readonly strict?: boolean;
}

/**
 * Analyses one synthesized stack against its intent: a pure function of the Terraform JSON.
 * What is known at synth is resolved (CIDRs by reference, managed prefix lists by name, names
 * from prefixes); what AWS computes stays symbolic, and a verdict that depends on it is unknown.
 */
export function analyzeStack(json: TerraformJson, intent: LabIntent): StackAnalysis {
  const reading = readLab(json, intent);
  const context: RuleContext = { reading, intent, iam: new IamEvaluator(reading.network.values) };
  const results = new Map<PathExpectation, StepResult>();
  for (const rule of PATH_RULES) for (const [expectation, result] of rule.check(context)) results.set(expectation, result);
  const verdicts = intent.expectations.map((expectation): PathVerdict => {
    const result = results.get(expectation) ?? unchecked(expectation);
    const reachable = result.verdict === "reachable";
    let route: readonly RouteComponent[] | undefined;
    return {
      ...expectation,
      verdict: result.verdict,
      actual: reachable,
      asIntended: result.verdict !== "unknown" && reachable === expectation.reachable,
      hops: result.verdict === "reachable" ? result.hops : [],
      blocker: result.verdict === "reachable" ? undefined : result.blocker,
      // Worked out when read (the picture, --json): the synth's own report never reads it.
      get route() {
        route ??= routeOf(reading, expectation, result);
        return route;
      },
    };
  });
  return {
    verdicts,
    findings: FINDING_RULES.flatMap((rule) => rule.check(context)),
    reading,
    ...(intent.strict ? { strict: true } : {}),
  };
}

/** An expectation no registered rule decides (a protocol of a newer intent): unknown, never a definite verdict. */
function unchecked(expectation: PathExpectation): StepResult {
  return {
    verdict: "unknown",
    blocker: {
      component: expectation.to,
      code: "PATH_NOT_MODELLED",
      explanation: `No rule of this analysis checks ${expectation.protocol} paths.`,
    },
  };
}

/**
 * True when a stack's analysis should fail the check: a definite verdict against intent, or an
 * error finding; when strict (the option, else the intent's `strict`), an unknown verdict too.
 */
export function hasFailures(analysis: StackAnalysis, options: FailureOptions = {}): boolean {
  const strict = options.strict ?? analysis.strict ?? false;
  return (
    analysis.verdicts.some((v) => (v.verdict === "unknown" ? strict : !v.asIntended)) ||
    analysis.findings.some((f) => f.severity === "error")
  );
}
