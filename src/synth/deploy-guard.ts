import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { LabConfig } from "../config";
import { SynthRefusedError } from "./output-directory";

/** Set by `npm run deploy` and `vpc-lab deploy` for the synth that `cdktf deploy` runs first. */
export const DEPLOY_ENV_VAR = "LAB_DEPLOY";

/** cdktf CLI commands that apply what the synth writes. */
const APPLYING_COMMANDS = new Set(["deploy", "apply"]);

/** How far up the process tree to look for the cdktf CLI (cdktf -> sh -c <app> -> node launcher). */
const MAX_ANCESTORS = 6;

/**
 * The command lines of this process's ancestors, nearest first: from /proc on Linux, from `ps`
 * elsewhere; an empty list where neither answers.
 */
export function ancestorCommandLines(pid: number = process.ppid, depth: number = MAX_ANCESTORS): string[][] {
  const lines: string[][] = [];
  for (let current = pid; current > 1 && lines.length < depth; ) {
    const found = procEntry(current) ?? psEntry(current);
    if (!found) break;
    lines.push(found.argv);
    current = found.ppid;
  }
  return lines;
}

function procEntry(pid: number): { argv: string[]; ppid: number } | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter((arg) => arg !== "");
    // The command name in /proc/<pid>/stat is parenthesised and may hold spaces: read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? { argv, ppid } : undefined;
  } catch {
    return undefined;
  }
}

function psEntry(pid: number): { argv: string[]; ppid: number } | undefined {
  if (process.platform === "linux" || process.platform === "win32") return undefined;
  try {
    const out = execFileSync("ps", ["-o", "ppid=,args=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const match = /^\s*(\d+)\s+(.*)$/.exec(out.trim());
    return match ? { ppid: Number(match[1]), argv: match[2]!.split(/\s+/) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when one of the command lines is the cdktf CLI running `deploy` (or `apply`): the app the
 * cdktf.json names is started by `cdktf deploy` with the same environment as by `cdktf synth`, so
 * its ancestry is the only way to tell.
 */
export function runsUnderCdktfDeploy(commandLines: readonly (readonly string[])[]): boolean {
  return commandLines.some((argv) => {
    const cli = argv.findIndex((arg) => /(^|[\\/])cdktf(\.js)?$/.test(arg) || /[\\/]cdktf-cli[\\/]/.test(arg));
    if (cli < 0) return false;
    // Any word after the CLI: yargs takes global options before the command too (`cdktf --log-level debug deploy`).
    return argv.slice(cli + 1).some((arg) => APPLYING_COMMANDS.has(arg));
  });
}

/**
 * An offline preview has fake credentials and made-up lookups (account id, AMI, prefix list), and
 * keeps its state in a file of its own: deploying it would fail, or create resources that no
 * real plan knows about. A deploy refuses it before anything is synthesized, whichever way it was
 * started: `npm run deploy` and `vpc-lab deploy` (LAB_DEPLOY=1), or `npx cdktf deploy` directly
 * (seen in the process ancestry).
 */
export function refuseOfflineDeploy(
  configs: readonly Pick<LabConfig, "offline" | "name">[],
  env: NodeJS.ProcessEnv = process.env,
  ancestry: () => readonly (readonly string[])[] = ancestorCommandLines,
): void {
  const offline = configs.filter((config) => config.offline).map((config) => config.name);
  if (offline.length === 0) return;
  if (env[DEPLOY_ENV_VAR] !== "1" && !runsUnderCdktfDeploy(ancestry())) return;
  throw new SynthRefusedError(
    `Refusing to deploy ${offline.join(", ")}: "offline": true makes a preview with fake credentials and made-up account, AMI and ` +
      `prefix list values, kept in a state file of its own (terraform.<name>.offline-preview.tfstate). ` +
      `Set "offline": false (or leave it out), synth again, and deploy that.`,
  );
}
