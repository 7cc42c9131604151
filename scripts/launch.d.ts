// Types of scripts/launch.js, for the tests (the scripts are plain JavaScript run by node).
import type { BuildState } from "./build";

/** True when `state` exists and no input or output (paths relative to `root`) changed since that build. */
export function isCurrent(state: BuildState | undefined, root?: string): boolean;
/** The environment the cdktf CLI runs with, from the user's environment and home directory. */
export function cdktfEnvironment(env: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv;
/** Why the cdktf CLI cannot start on this Node (no binary of its native terminal module) and the command that fixes it; undefined when it can. */
export function missingTerminalBinary(root?: string, execPath?: string): string | undefined;
/** The Node options the cdktf CLI runs with (only the named deprecation warning it triggers is turned off). */
export const CDKTF_CLI_NODE_OPTIONS: readonly string[];
