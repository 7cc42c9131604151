import { PATH_CODES } from "../analysis/explanation-codes";
import { fixFor } from "../analysis/rule-registry";

/**
 * What a learner does about each path code, shown beside the blocking component in the diagram:
 * read from the rule registry (src/analysis/rule-registry.ts), which the report and
 * docs/analysis.md read too.
 */
export const BLOCKER_FIXES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(PATH_CODES).map((code) => [code, fixFor(code)]),
);

export { fixFor };
