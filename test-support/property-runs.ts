/**
 * How many runs a fast-check property gets. Each property states its count for npm test, chosen for
 * what a run costs; `FC_NUM_RUNS` scales them all, as the run count of a property that npm test
 * runs 100 times (fast-check's own default): unset, each runs its stated count; `.ci/run` sets
 * `FC_NUM_RUNS=400`, so CI runs every property four times as often. docs/performance.md, the test suite.
 */
export function propertyRuns(npmTestRuns: number): number {
  const scale = process.env.FC_NUM_RUNS === undefined || process.env.FC_NUM_RUNS === "" ? 100 : Number(process.env.FC_NUM_RUNS);
  if (!Number.isInteger(scale) || scale < 1)
    throw new Error(
      `FC_NUM_RUNS: received ${JSON.stringify(process.env.FC_NUM_RUNS)}; expected a whole number of runs, 1 or more. Fix: unset it, or set it to e.g. 400.`,
    );
  return Math.max(1, Math.round((npmTestRuns * scale) / 100));
}
