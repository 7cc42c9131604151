// Types of scripts/build.js, for the tests (the scripts are plain JavaScript run by node).
import type { Plugin } from "esbuild";

/** A file's `[size, mtimeMs]` as recorded by a build, or null for "rebuild next time". */
export type Fingerprint = readonly [number, number] | null;

/** What a build recorded: its id and the fingerprint of each input and output, by path from the project root. */
export interface BuildState {
  readonly id: string;
  readonly inputs: Readonly<Record<string, Fingerprint>>;
  readonly outputs: Readonly<Record<string, Fingerprint>>;
}

/** Bundles main.ts and check.ts into `outdir` (default dist/) with the bundle-time substitutions; resolves to the build id. */
export function build(options?: { outdir?: string }): Promise<string>;
/** The fingerprint of `path` now; null when missing or modified after `buildStarted` (ms since the epoch). */
export function fingerprint(path: string, buildStarted?: number): Fingerprint;
/** The state of the last build into dist/, if any. */
export function readState(): BuildState | undefined;
/** The esbuild plugin with the bundle-time substitutions and edits of cdktf's sources. */
export const substitutions: Plugin;
/** The project root. */
export const ROOT: string;
/** The default output directory, dist/. */
export const DIST: string;
