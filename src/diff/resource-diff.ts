import type { LabReading } from "../analysis/lab-reading";
import type { Block, TerraformJson } from "../analysis/terraform-json";
import type { Move } from "./address-moves";
import type { AddressMoves } from "./address-moves";
import { ComparableValues } from "./comparable-values";
import type { ComparedResource } from "./replacements";
import { replacements } from "./replacements";

/** A managed resource whose arguments differ between the two outputs. */
export interface ChangedResource {
  /** Its address in the new output. */
  readonly address: string;
  /** The changed top-level attributes, sorted (for a replacement, also those that read a replaced resource). */
  readonly attributes: readonly string[];
  /** True when Terraform replaces it (destroys it, then creates it) rather than updating it in place. */
  readonly replaced?: true;
  /** Why it is replaced: the arguments that force it. */
  readonly because?: string;
}

/** A resource the new output adopts through an `import` block. */
export interface ImportedResource {
  readonly address: string;
  /** The id of the existing AWS resource. */
  readonly id: string;
}

/** What changes among the managed resources of a stack (data sources are never listed). */
export interface ResourceChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedResource[];
  /** Renames by `moved` blocks: from the address in the base to the one in the new output. */
  readonly moved: readonly Move[];
  readonly imported: readonly ImportedResource[];
}

/**
 * Meta-arguments that `terraform plan` never shows as a change of the resource: its metadata
 * (`//`, cdktf's construct path), ordering (`depends_on`) and `lifecycle` settings.
 */
const META_ARGUMENTS = new Set(["//", "depends_on", "lifecycle", "provisioner", "connection"]);

/** A managed resource of one side, by address. */
export interface SideResource {
  readonly address: string;
  readonly type: string;
  readonly body: Block;
}

/** Every managed resource of a stack, by address. */
export function resourcesOf(json: TerraformJson | undefined): Map<string, SideResource> {
  const found = new Map<string, SideResource>();
  for (const [type, blocks] of Object.entries(json?.resource ?? {}))
    for (const [name, body] of Object.entries(blocks ?? {})) found.set(`${type}.${name}`, { address: `${type}.${name}`, type, body });
  return found;
}

/** The `import` blocks of a stack, as cdktf writes them (a top-level `import` list of `{ id, to }`). */
export function importsOf(json: TerraformJson | undefined): ImportedResource[] {
  const imports = json?.import;
  if (!Array.isArray(imports)) return [];
  return imports
    .filter(
      (i): i is { id: string; to: string } => typeof i === "object" && i !== null && typeof i.to === "string" && typeof i.id === "string",
    )
    .map((i) => ({ address: i.to, id: i.id }));
}

/**
 * Compares the managed resources of two outputs of a stack as `terraform plan` would read the
 * change (the base as the state, the new output as the configuration): a resource that a `moved`
 * block carries to a new address is moved, not removed and added, and its references are the
 * same references; a resource an `import` block adopts is imported, not added; an argument that
 * reads a data source changes when what the data source reads changes (see
 * {@link ComparableValues}); attributes in the new output's `lifecycle.ignore_changes` are never
 * changes. `base` undefined is an empty stack (a stack added); `head` undefined, one removed.
 */
export function diffResources(
  base: TerraformJson | undefined,
  head: TerraformJson | undefined,
  moves: AddressMoves,
  readings: SideReadings = {},
): ResourceChanges {
  const before = resourcesOf(base);
  const after = resourcesOf(head);
  const baseValues = new ComparableValues(base ?? {}, moves);
  const headValues = new ComparableValues(head ?? {});
  const carried = new Map<string, string>(); // new address -> base address
  const moved: Move[] = [];
  const removed: string[] = [];
  for (const address of before.keys()) {
    const to = moves.resolve(address);
    if (after.has(to) && !carried.has(to) && (to === address || !before.has(to))) {
      carried.set(to, address);
      if (to !== address) moved.push({ from: address, to });
    } else removed.push(address);
  }
  const baseImports = new Set(importsOf(base).map((i) => `${moves.resolve(i.address)} ${i.id}`));
  const imported = importsOf(head).filter((i) => after.has(i.address) && !baseImports.has(`${i.address} ${i.id}`));
  const importedAddresses = new Set(imported.map((i) => i.address));
  const added = [...after.keys()].filter((address) => !carried.has(address) && !importedAddresses.has(address));
  const compared: ComparedResource[] = [...carried].map(([address, from]) => {
    const { type, body } = after.get(address)!;
    const changed = changedAttributes(before.get(from)!.body, body, baseValues, headValues);
    const across = changed.includes("provider") ? placementChange(type, from, address, readings) : undefined;
    return { address, type, body, changed, ignored: ignoredChanges(body), ...(across === undefined ? {} : { movedAcross: across }) };
  });
  const replaced = replacements(compared, headValues);
  const changed: ChangedResource[] = [];
  for (const r of compared) {
    const replacement = replaced.get(r.address);
    const attributes = [...new Set([...r.changed, ...(replacement?.attributes ?? [])])].sort();
    if (attributes.length > 0)
      changed.push({ address: r.address, attributes, ...(replacement ? { replaced: true as const, because: replacement.because } : {}) });
  }
  const byAddress = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    added: added.sort(byAddress),
    removed: removed.sort(byAddress),
    changed: changed.sort((a, b) => byAddress(a.address, b.address)),
    moved: moved.sort((a, b) => byAddress(a.to, b.to)),
    imported: imported.sort((a, b) => byAddress(a.address, b.address)),
  };
}

/** Each side's reading (from its analysis), to tell where a resource is built. */
export interface SideReadings {
  readonly base?: LabReading;
  readonly head?: LabReading;
}

/**
 * How a resource whose `provider` changed moves ("in eu-west-1 instead of us-east-1"), or undefined
 * when the two providers build it in the same region and account (an alias renamed; for IAM, which
 * is global, the same account). Without the
 * readings, a changed provider counts as a move.
 */
function placementChange(type: string, from: string, to: string, readings: SideReadings): string | undefined {
  if (!readings.base || !readings.head) return "with another provider configuration";
  const was = readings.base.contextOf(from);
  const now = readings.head.contextOf(to);
  // IAM is global: the same role is seen from every region of its account.
  if (was.region !== now.region && !type.startsWith("aws_iam_"))
    return `in ${now.region ?? "another region"} instead of ${was.region ?? "its region"}`;
  // Terraform's own account is one account whether or not its number is known on each side.
  if (!(was.ownAccount && now.ownAccount) && was.accountKey !== now.accountKey)
    return `in ${now.accountId ? `account ${now.accountId}` : "another account"} instead of ${was.accountId ? `account ${was.accountId}` : "its account"}`;
  return undefined;
}

/** The top-level attributes whose values differ, as Terraform compares them. */
function changedAttributes(before: Block, after: Block, baseValues: ComparableValues, headValues: ComparableValues): string[] {
  const ignored = ignoredChanges(after);
  if (ignored === "all") return [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => !META_ARGUMENTS.has(name) && !ignored.has(name))
    .filter((name) => baseValues.text(before[name]) !== headValues.text(after[name]))
    .sort();
}

/** The new output's `lifecycle.ignore_changes`: attribute names, or "all". */
function ignoredChanges(body: Block): Set<string> | "all" {
  const lifecycle = body.lifecycle as { ignore_changes?: unknown } | undefined;
  const ignore = lifecycle?.ignore_changes;
  if (ignore === "all" || (Array.isArray(ignore) && ignore.includes("all"))) return "all";
  // Only top-level names are compared; `tags["Name"]` ignores part of tags, which is reported whole.
  return new Set(Array.isArray(ignore) ? ignore.filter((item): item is string => typeof item === "string" && /^[\w-]+$/.test(item)) : []);
}
