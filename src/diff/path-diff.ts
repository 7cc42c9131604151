import type { PathVerdict, StackAnalysis } from "../analysis/analyze-stack";
import type { PathProtocol } from "../analysis/intent";
import { codeDescription } from "../analysis/rule-registry";
import type { AddressMoves } from "./address-moves";

/** A path's verdict on one side of the diff: `absent` when that side has no such path. */
export type SideVerdict = "reachable" | "blocked" | "unknown" | "absent";

/** A path whose verdict differs between the base and the new output. */
export interface PathChange {
  /** As `check --json` names the path: `icmp`, `ssh` or `s3`. */
  readonly protocol: PathProtocol;
  /** A VPC name (in the new output's names), or `instance-connect`. */
  readonly from: string;
  /** A VPC name, or `s3` for the lab bucket. */
  readonly to: string;
  /** As the report's table names it: `ping vpc1 -> vpc2`, `s3 vpc1 -> bucket`. */
  readonly name: string;
  readonly before: SideVerdict;
  readonly after: SideVerdict;
  /** When the path is blocked or unknown in the new output: the code of its first blocking (or unprovable) component. */
  readonly code?: string;
  /** That component's address in the new output. */
  readonly component?: string;
  /** The analysis's sentence about it. */
  readonly explanation?: string;
  /** What to do about the code, from the rule registry. */
  readonly fix?: string;
}

const PROTOCOL_NAMES: Record<PathProtocol, string> = { icmp: "ping", ssh: "ssh", s3: "s3" };

/** A path's name as the reachability table prints it. */
export const pathName = (protocol: PathProtocol, from: string, to: string): string =>
  `${PROTOCOL_NAMES[protocol]} ${from} -> ${to === "s3" ? "bucket" : to}`;

/** True when a change takes away a path that was proven reachable (to blocked, unknown or absent). */
export const breaksPath = (change: PathChange): boolean => change.before === "reachable" && change.after !== "reachable";

/**
 * The paths whose verdict changed, from the two analyses. The base's paths are named as the new
 * output names them: a VPC that a `moved` block carries from `vpc2` to `app` is the same VPC, so
 * `ping vpc1 -> vpc2` of the base is `ping vpc1 -> app`, and a rename alone changes no verdict.
 * Either analysis may be missing (a stack added or removed): its paths are all `absent`.
 */
export function diffPaths(base: StackAnalysis | undefined, head: StackAnalysis | undefined, moves: AddressMoves): PathChange[] {
  const rename = (endpoint: string) => (endpoint === "instance-connect" || endpoint === "s3" ? endpoint : moves.vpcName(endpoint));
  const key = (protocol: string, from: string, to: string) => `${protocol} ${from} ${to}`;
  const before = new Map<string, PathVerdict>();
  for (const v of base?.verdicts ?? []) before.set(key(v.protocol, rename(v.from), rename(v.to)), v);
  const after = new Map<string, PathVerdict>();
  for (const v of head?.verdicts ?? []) after.set(key(v.protocol, v.from, v.to), v);

  const changes: PathChange[] = [];
  const seen = new Set<string>();
  // The new output's order (the intent's: ping, ssh, s3), then the paths only the base has.
  for (const [k, v] of after) {
    seen.add(k);
    const old = before.get(k);
    const was: SideVerdict = old?.verdict ?? "absent";
    if (was === v.verdict) continue;
    changes.push({
      protocol: v.protocol,
      from: v.from,
      to: v.to,
      name: pathName(v.protocol, v.from, v.to),
      before: was,
      after: v.verdict,
      ...(v.blocker
        ? {
            code: v.blocker.code,
            component: v.blocker.component,
            explanation: v.blocker.explanation,
            ...fixOf(v.blocker.code),
          }
        : {}),
    });
  }
  for (const [k, v] of before) {
    if (seen.has(k)) continue;
    const from = rename(v.from);
    const to = rename(v.to);
    changes.push({ protocol: v.protocol, from, to, name: pathName(v.protocol, from, to), before: v.verdict, after: "absent" });
  }
  return changes;
}

/** The registry's fix for a code, as a field (none for a code the registry does not describe). */
function fixOf(code: string): { fix?: string } {
  const fix = codeDescription(code)?.fix;
  return fix === undefined ? {} : { fix };
}
