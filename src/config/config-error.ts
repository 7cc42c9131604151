import { boundedText, escapeForTerminal } from "./terminal-text";

/** At most this many problems are listed; the rest are counted ("... and 12 more problems"). */
export const MAX_LISTED_ISSUES = 50;

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

/**
 * The report: every piece is escaped (names, keys and values come from the input and must not
 * drive the terminal) and bounded, and at most {@link MAX_LISTED_ISSUES} problems are listed.
 */
function renderIssues(source: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map(
      (issue) =>
        `  - ${boundedText(issue.path, 200) || "(document)"}: ${boundedText(issue.problem, 600)}\n` +
        `      received: ${escapeForTerminal(issue.received)}\n` +
        `      fix: ${boundedText(issue.fix, 600)}`,
    );
  const more = issues.length - MAX_LISTED_ISSUES;
  if (more > 0) lines.push(`  ... and ${more} more ${more === 1 ? "problem" : "problems"} (fix these first; the next run lists the rest)`);
  return `Invalid lab configuration in ${boundedText(source, 300)}: ${count}\n${lines.join("\n")}`;
}

/**
 * Renders a path like `["vpcs", 1, "cidr"]` as `vpcs[1].cidr`; a key that would make the path
 * ambiguous (a tag key such as `a.b`, or one with spaces, brackets or quotes) is quoted: `tags["a.b"]`.
 */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    if (!/^[^\s.[\]"\\]+$/u.test(segment)) return `${text}[${JSON.stringify(segment)}]`;
    return text === "" ? segment : `${text}.${segment}`;
  }, "");
}

/** The longest received value a report shows, in characters (its real length is given when cut). */
const MAX_RECEIVED_LENGTH = 80;

/** Renders a received value for an error message: JSON, escaped, cut short when long. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  const text = JSON.stringify(value) ?? String(value);
  return boundedText(text, MAX_RECEIVED_LENGTH, typeof value === "string" ? value.length : text.length);
}
