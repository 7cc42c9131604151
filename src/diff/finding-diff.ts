import type { StackAnalysis } from "../analysis/analyze-stack";
import type { Finding } from "../analysis/finding";
import { codeDescription } from "../analysis/rule-registry";
import type { AddressMoves } from "./address-moves";

/** A finding that one side has and the other has not, by code and address. */
export interface FindingChange {
  readonly code: string;
  /** The resource the finding is about, in the new output's addresses (a removed finding: carried through the renames). */
  readonly address: string;
  readonly severity: Finding["severity"];
  readonly message: string;
  /** What to do about an added finding, from the rule registry. */
  readonly fix?: string;
}

/** Findings added and removed. */
export interface FindingChanges {
  readonly added: readonly FindingChange[];
  readonly removed: readonly FindingChange[];
}

/**
 * Compares the findings of the two analyses by code and address (a base finding's address
 * carried by the `moved` blocks, so that a rename neither adds nor removes a finding; the
 * message, which names things, is not compared).
 */
export function diffFindings(base: StackAnalysis | undefined, head: StackAnalysis | undefined, moves: AddressMoves): FindingChanges {
  const of = (f: Finding, address: string): FindingChange => ({ code: f.code, address, severity: f.severity, message: f.message });
  const before = (base?.findings ?? []).map((f) => of(f, moves.resolve(f.component)));
  const after = (head?.findings ?? []).map((f): FindingChange => {
    const fix = codeDescription(f.code)?.fix;
    return { ...of(f, f.component), ...(fix === undefined ? {} : { fix }) };
  });
  const key = (f: FindingChange) => `${f.code} ${f.address}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return {
    added: after.filter((f) => !beforeKeys.has(key(f))),
    removed: before.filter((f) => !afterKeys.has(key(f))),
  };
}
