// Types of scripts/launch.js, for the tests (the scripts are plain JavaScript run by node).
import type { BuildState } from "./build";

/** True when `state` exists and no input or output (paths relative to `root`) changed since that build. */
export function isCurrent(state: BuildState | undefined, root?: string): boolean;
/** The environment the cdktf CLI runs with, from the user's environment and home directory. */
export function cdktfEnvironment(env: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv;
