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
  /**
   * For an excerpt of the file in `received` (a JSON syntax error): the index in `received` of the
   * character to point at; the report draws a caret under it.
   */
  readonly caret?: number;
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

const RECEIVED = "      received: ";

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
        `${RECEIVED}${escapeForTerminal(issue.received)}\n` +
        (issue.caret === undefined
          ? ""
          : `${" ".repeat(RECEIVED.length + escapeForTerminal(issue.received.slice(0, issue.caret)).length)}^\n`) +
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

/**
 * Renders a received value for an error message: JSON, escaped, cut short when long. The JSON is
 * written without recursion (a value nested 10,000 levels deep gives its first characters, not a
 * stack overflow) and only its first characters are kept, while its full length is counted.
 */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  const { text, length, complete } = boundedJson(value, MAX_RECEIVED_LENGTH + 1);
  if (!complete)
    return `${escapeForTerminal(text.slice(0, MAX_RECEIVED_LENGTH - 1))}… (more than ${length.toLocaleString("en-US")} characters)`;
  return boundedText(text, MAX_RECEIVED_LENGTH, typeof value === "string" ? value.length : length);
}

/** Values {@link boundedJson} visits at most: past them, the length is given as "more than". */
const MAX_RENDERED_VALUES = 100_000;

/**
 * `JSON.stringify(value) ?? String(value)`, iteratively: the first `keep` characters of the text,
 * and the text's full length (`complete`), or a lower bound after {@link MAX_RENDERED_VALUES} values. Values JSON cannot hold are written as JSON.stringify writes them
 * (`undefined` in an object is left out, in a list it is `null`; so are functions and symbols).
 */
function boundedJson(value: unknown, keep: number): { text: string; length: number; complete: boolean } {
  let text = "";
  let length = 0;
  const emit = (piece: string) => {
    length += piece.length;
    if (text.length < keep) text += piece.slice(0, keep - text.length);
  };
  const omitted = (item: unknown) => item === undefined || typeof item === "function" || typeof item === "symbol";
  if (omitted(value)) return { text: String(value), length: String(value).length, complete: true };
  // Work items: a value to write, or a literal piece of text (brackets, commas, keys).
  const work: ({ value: unknown } | string)[] = [{ value }];
  let visited = 0;
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === "string") {
      emit(item);
      continue;
    }
    if (++visited > MAX_RENDERED_VALUES) return { text, length, complete: false };
    let current = item.value;
    if (current !== null && typeof current === "object" && typeof (current as { toJSON?: unknown }).toJSON === "function")
      current = (current as { toJSON: () => unknown }).toJSON();
    if (current === null || typeof current === "boolean") emit(String(current));
    else if (typeof current === "number") emit(Number.isFinite(current) ? String(current) : "null");
    else if (typeof current === "bigint") emit(current.toString());
    else if (typeof current === "string") emit(JSON.stringify(current));
    else if (omitted(current)) emit("null");
    else if (Array.isArray(current)) {
      const pieces: ({ value: unknown } | string)[] = ["["];
      Array.from(current, (element, index) => {
        if (index > 0) pieces.push(",");
        pieces.push(omitted(element) ? "null" : { value: element });
      });
      pieces.push("]");
      for (let i = pieces.length - 1; i >= 0; i--) work.push(pieces[i]!);
    } else {
      const pieces: ({ value: unknown } | string)[] = ["{"];
      const entries = Object.entries(current as object).filter(([, child]) => !omitted(child));
      entries.forEach(([key, child], index) => pieces.push(`${index > 0 ? "," : ""}${JSON.stringify(key)}:`, { value: child }));
      pieces.push("}");
      for (let i = pieces.length - 1; i >= 0; i--) work.push(pieces[i]!);
    }
  }
  return { text, length, complete: true };
}
