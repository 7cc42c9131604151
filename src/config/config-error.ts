/** One problem found in a lab configuration. */
export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `vpcs[1].cidr` (empty for the whole document). */
  readonly path: string;
  /** The value that was received, rendered for humans. */
  readonly received: string;
  /** What is wrong, phrased as what was expected. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * The project's single error type for bad input: it carries every problem found, so that a user
 * fixes them all in one round instead of one per run.
 */
export class ConfigError extends Error {
  /** Every problem found, in document order. */
  public readonly issues: readonly ConfigIssue[];
  /** Where the configuration came from (a file name, or "the embedded default"). */
  public readonly source: string;

  public constructor(source: string, issues: readonly ConfigIssue[]) {
    super(renderIssues(source, issues));
    this.name = "ConfigError";
    this.source = source;
    this.issues = issues;
  }
}

function renderIssues(source: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues.map(
    (issue) => `  - ${issue.path || "(document)"}: ${issue.problem}\n` + `      received: ${issue.received}\n` + `      fix: ${issue.fix}`,
  );
  return `Invalid lab configuration in ${source}: ${count}\n${lines.join("\n")}`;
}

/** Renders a path like `["vpcs", 1, "cidr"]` as `vpcs[1].cidr`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text === "" ? segment : `${text}.${segment}`;
  }, "");
}

/** Renders a received value for an error message: JSON, cut short when long. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
