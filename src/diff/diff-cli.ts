import { readLabOutput, OutputDirectoryError } from "./lab-output";
import { renderDiffJson } from "./render-json";
import { renderDiffMarkdown } from "./render-markdown";
import { renderDiffText } from "./render-text";
import { diffOutputs } from "./stack-diff";

/** What a run of the diff prints and returns. */
export interface DiffRun {
  /** 0 safe to review normally; 1 breaking (a reachable path cut, a failing check, data at risk); 2 bad usage. */
  readonly exitCode: 0 | 1 | 2;
  /** The report (stdout). */
  readonly stdout: string;
  /** A usage error, in one sentence (stderr). */
  readonly stderr: string;
}

/** The usage text of `npm run diff`. */
export const DIFF_USAGE = [
  "usage: npm run diff -- --base <dir> [--format text|json|markdown] [--head <dir>]   (or: vpc-lab diff --base <dir> ...)",
  "  --base <dir>     an earlier synthesized output directory (e.g. the main branch's cdktf.out)",
  "  --head <dir>     the new output directory (default: CDKTF_OUTDIR, else cdktf.out)",
  "  --format <f>     text (default), json, or markdown (a pull-request comment)",
  "exit status: 0 safe, 1 breaking (a reachable path cut, the new output failing its check, data at risk), 2 bad usage",
].join("\n");

const FORMATS = { text: renderDiffText, json: renderDiffJson, markdown: renderDiffMarkdown } as const;
type Format = keyof typeof FORMATS;

interface DiffOptions {
  readonly base: string;
  readonly head: string;
  readonly format: Format;
}

/** A command line the diff cannot run, told in one sentence. */
class UsageError extends Error {}

/**
 * `npm run diff -- --base <dir> ...` (and `vpc-lab diff ...`): argv in (the arguments after the
 * command), the exit status and the texts to print out. Reads only the two output directories.
 * Never throws: a bad command line or an unreadable directory is exit 2 with one sentence.
 */
export function runDiff(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DiffRun {
  let options: DiffOptions | "help";
  try {
    options = parseArguments(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: "", stderr: `${error.message}\n${DIFF_USAGE}` };
    throw error;
  }
  if (options === "help") return { exitCode: 0, stdout: DIFF_USAGE, stderr: "" };
  try {
    const base = readLabOutput(options.base, "The base");
    const head = readLabOutput(options.head, "The new output");
    const diff = diffOutputs(base, head);
    return { exitCode: diff.breaking ? 1 : 0, stdout: FORMATS[options.format](diff), stderr: "" };
  } catch (error) {
    if (error instanceof OutputDirectoryError) return { exitCode: 2, stdout: "", stderr: error.message };
    // Not a user's mistake: no stack trace, but no "safe" verdict either.
    return { exitCode: 2, stdout: "", stderr: `The diff failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): DiffOptions | "help" {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    const match = /^--(base|head|format)(?:=(.*))?$/.exec(arg);
    if (!match)
      throw new UsageError(`Unknown argument ${JSON.stringify(arg)}: the diff takes --base <dir>, --head <dir> and --format <format>.`);
    const name = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === "" || (match[2] === undefined && value.startsWith("--")))
      throw new UsageError(`--${name} needs a value${name === "format" ? " (text, json or markdown)" : ": a directory"}.`);
    if (Object.hasOwn(values, name)) throw new UsageError(`--${name} is given twice.`);
    values[name] = value;
  }
  if (values.base === undefined)
    throw new UsageError(
      "No base to compare with: pass --base <dir>, an earlier synthesized output directory (e.g. the main branch's cdktf.out).",
    );
  const format = values.format ?? "text";
  // Own keys only: `in` would take a name every object inherits (constructor, toString) as a format.
  if (!Object.hasOwn(FORMATS, format))
    throw new UsageError(`--format ${JSON.stringify(format)} is not a format of the diff: use text, json or markdown.`);
  return { base: values.base, head: values.head ?? (env.CDKTF_OUTDIR || "cdktf.out"), format: format as Format };
}
