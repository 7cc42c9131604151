import { ConfigError } from "../config/config-error";
import { escapeForTerminal } from "../config/terminal-text";
import { OutputSwapError, SynthRefusedError } from "./output-directory";

/** What a file-system error code means to a user who has to act on it. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "a directory is in the way",
  EEXIST: "a file is in the way of a directory",
  EMFILE: "too many open files",
  EIO: "an input/output error",
};

/**
 * One clear report for anything that stops a run: the configuration report, a state or lock
 * refusal, or one line naming the path and the cause of a write failure. Never a stack trace
 * (set LAB_DEBUG=1 to see one for an unexpected error). "Left as it was" is true of every error
 * that reaches here: the output directory is replaced only by the swap, which rolls back on
 * failure (or says otherwise, {@link OutputSwapError}), and a failure after the swap is a warning.
 */
export function describeFailure(error: unknown, outdir: string): string {
  if (error instanceof ConfigError || error instanceof SynthRefusedError) return error.message;
  if (error instanceof OutputSwapError) return escapeForTerminal(error.message);
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (code !== undefined && WRITE_FAILURES[code] !== undefined) {
    return escapeForTerminal(
      `Cannot write ${path ?? outdir}: ${WRITE_FAILURES[code]} (${code}). ${outdir} was left as it was; fix the cause and run again.`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const trace = process.env.LAB_DEBUG && error instanceof Error ? `\n${error.stack ?? ""}` : "";
  return escapeForTerminal(`Synth failed: ${message} (set LAB_DEBUG=1 for details). ${outdir} was left as it was.`) + trace;
}
