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

/** The cores a bundle can be built against (LAB_FRAMEWORK); "cdktf" is the default. */
export type Framework = "cdktf" | "cdktn";
/** Bundles main.ts, check.ts and diagram.ts against `framework` (default: LAB_FRAMEWORK's) into `outdir` (default: that framework's directory) with the bundle-time substitutions (none when `substitute` is false); resolves to the build id. */
export function build(options?: { framework?: Framework; outdir?: string; substitute?: boolean }): Promise<string>;
/** The framework LAB_FRAMEWORK names in `env` (default process.env); throws one clear message for an unknown value. */
export function frameworkOf(env?: NodeJS.ProcessEnv): Framework;
/** Where the bundles of `framework` go: dist/ for cdktf, dist/cdktn/ for cdktn. */
export function distOf(framework: Framework): string;
/** The fingerprint of `path` now; null when missing or modified after `buildStarted` (ms since the epoch). */
export function fingerprint(path: string, buildStarted?: number): Fingerprint;
/** The state of the last build into `outdir` (default dist/), if any. */
export function readState(outdir?: string): BuildState | undefined;
/** The esbuild plugin with the bundle-time substitutions and edits of cdktf's sources. */
export const substitutions: Plugin;
/** The project root. */
export const ROOT: string;
/** The default output directory, dist/. */
export const DIST: string;
