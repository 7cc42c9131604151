/**
 * Values that are only partly known at synth. A bucket named by `bucket_prefix` is
 * `vpc-lab-` followed by a suffix Terraform generates; an endpoint id is whatever AWS returns.
 * Such a value is a list of parts: literal text, and holes (one per unknown value, named by the
 * reference it came from). Two holes with different names stand for different values (they
 * belong to different resources); a hole matches itself and nothing else.
 */

/**
 * One part of a symbolic value: literal text or a hole. A `composite` hole (a whole ARN AWS
 * returns) may contain another hole's value, such as the account id; other holes (ids, generated
 * suffixes, the account id) are atomic.
 */
export type ValuePart =
  | { readonly text: string }
  | {
      readonly hole: string;
      readonly composite?: boolean;
      readonly context?: boolean;
      /** The only characters the value can hold (a generated suffix's), when known. */
      readonly alphabet?: string;
    };

/** A value known at synth, or partly: literal text and holes. */
export type SymbolicValue = readonly ValuePart[];

/** A fully known value. */
export const literal = (text: string): SymbolicValue => (text === "" ? [] : [{ text }]);
/** A wholly unknown value, named by its reference. */
export const hole = (name: string, composite = false): SymbolicValue => [composite ? { hole: name, composite } : { hole: name }];
/**
 * The characters of the suffix Terraform appends to a `name_prefix` or `bucket_prefix`
 * (terraform-plugin-sdk's `id.PrefixedUniqueId`: a UTC timestamp's digits and an 8-digit
 * lowercase hexadecimal counter).
 */
export const GENERATED_SUFFIX_ALPHABET = "0123456789abcdef";

/**
 * The suffix Terraform generates after a name prefix: unknown, but made of
 * {@link GENERATED_SUFFIX_ALPHABET} only, so a pattern that needs any other character there
 * (`role/admin-*` against `role/vpc-lab-vpc1-instance-<suffix>`) provably does not match.
 */
export const generatedSuffix = (name: string): SymbolicValue => [{ hole: name, alphabet: GENERATED_SUFFIX_ALPHABET }];

/** An AWS account id not known at synth: a context value of twelve digits, never anything else. */
export const accountHole = (name: string): SymbolicValue => [{ hole: name, context: true, alphabet: "0123456789" }];

/**
 * A value of the deployment's context (the account id, the partition, the region): the only
 * holes a composite one (an ARN AWS returns) can contain. Resources this stack creates have
 * names and ids of their own, which an identity that existed before the stack never holds.
 */
export const contextHole = (name: string): SymbolicValue => [{ hole: name, context: true }];

/** Joins parts, merging adjacent text. */
export function concat(...values: SymbolicValue[]): SymbolicValue {
  const parts: ValuePart[] = [];
  for (const value of values) {
    for (const part of value) {
      const last = parts[parts.length - 1];
      if ("text" in part && last && "text" in last) parts[parts.length - 1] = { text: last.text + part.text };
      else if (!("text" in part) || part.text !== "") parts.push(part);
    }
  }
  return parts;
}

/** True when the value has no hole. */
export const isKnown = (value: SymbolicValue): boolean => value.every((part) => "text" in part);

/** The literal text of a fully known value, else undefined. */
export function knownText(value: SymbolicValue): string | undefined {
  return isKnown(value) ? value.map((part) => ("text" in part ? part.text : "")).join("") : undefined;
}

/** Three-valued truth: definitely true, definitely false, or depends on what the holes hold. */
export type Tristate = true | false | "unknown";

/** Kleene OR. */
export function or3(values: Iterable<Tristate>): Tristate {
  let result: Tristate = false;
  for (const value of values) {
    if (value === true) return true;
    if (value === "unknown") result = "unknown";
  }
  return result;
}

/** Kleene NOT. */
export const not3 = (value: Tristate): Tristate => (value === "unknown" ? "unknown" : !value);

const globs = new Map<string, RegExp>();

/** IAM's `*` and `?` as a regular expression (cached: policies repeat their patterns). */
function globRegex(pattern: string): RegExp {
  let regex = globs.get(pattern);
  if (!regex) {
    regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "s",
    );
    globs.set(pattern, regex);
  }
  return regex;
}

/**
 * Drops the start pattern and value share (the same text, the same hole), which is where they
 * usually agree (`${bucket arn}/*` against `${bucket arn}/test.txt`); false when a literal
 * character of the pattern already differs from the value's.
 */
function trimCommonStart(
  pattern: SymbolicValue,
  value: SymbolicValue,
  options: { wildcards: boolean; ignoreCase?: boolean },
): [SymbolicValue, SymbolicValue] | false {
  let p = [...pattern];
  let v = [...value];
  while (p.length > 0 && v.length > 0) {
    const [first, other] = [p[0]!, v[0]!];
    if ("hole" in first || "hole" in other) {
      if ("hole" in first && "hole" in other && first.hole === other.hole) {
        p = p.slice(1);
        v = v.slice(1);
        continue;
      }
      break;
    }
    const a = options.ignoreCase ? first.text.toLowerCase() : first.text;
    const b = options.ignoreCase ? other.text.toLowerCase() : other.text;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i] && !(options.wildcards && (a[i] === "*" || a[i] === "?"))) i++;
    if (i < a.length && i < b.length && !(options.wildcards && (a[i] === "*" || a[i] === "?"))) return false;
    if (i === 0) break;
    p = [...(i < first.text.length ? [{ text: first.text.slice(i) }] : []), ...p.slice(1)];
    v = [...(i < other.text.length ? [{ text: other.text.slice(i) }] : []), ...v.slice(1)];
    if (i < first.text.length && i < other.text.length) break;
  }
  return [p, v];
}

type Token =
  | { readonly char: string }
  | { readonly hole: string; readonly composite?: boolean; readonly context?: boolean; readonly alphabet?: string }
  | { readonly star: true }
  | { readonly any: true };

function tokens(value: SymbolicValue, wildcards: boolean, ignoreCase: boolean): Token[] {
  const out: Token[] = [];
  for (const part of value) {
    if ("hole" in part) {
      out.push(part);
      continue;
    }
    for (const raw of part.text) {
      const char = ignoreCase ? raw.toLowerCase() : raw;
      if (wildcards && char === "*") out.push({ star: true });
      else if (wildcards && char === "?") out.push({ any: true });
      else out.push({ char });
    }
  }
  return out;
}

/**
 * Whether `pattern` matches `value` (IAM's `*` and `?` when `wildcards`), for every value the holes
 * may hold (`true`), for none (`false`), or for some only (`"unknown"`). A hole in the pattern
 * matches only the same hole in the value; a hole in the value can hold any non-empty text that
 * no other hole holds (though it may contain one: an ARN holds its account id). Sound: `true`
 * and `false` hold whatever the holes hold.
 */
export function matches3(pattern: SymbolicValue, value: SymbolicValue, options: { wildcards: boolean; ignoreCase?: boolean }): Tristate {
  const trimmed = trimCommonStart(pattern, value, options);
  if (trimmed === false) return false;
  [pattern, value] = trimmed;
  // Fast paths for the common shapes: two known strings, and two whole holes.
  const [onlyPattern] = pattern;
  const [onlyValue] = value;
  if (pattern.length === 1 && value.length === 1 && onlyPattern && onlyValue && "hole" in onlyPattern && "hole" in onlyValue) {
    if (onlyPattern.hole === onlyValue.hole) return true;
    if (!onlyPattern.composite || !onlyValue.composite) return false;
  }
  const knownPattern = knownText(pattern);
  const knownValue = knownText(value);
  if (knownPattern !== undefined && knownValue !== undefined) {
    const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
    if (!options.wildcards || !/[*?]/.test(knownPattern)) return fold(knownPattern) === fold(knownValue);
    return globRegex(fold(knownPattern)).test(fold(knownValue));
  }
  const p = tokens(pattern, options.wildcards, options.ignoreCase ?? false);
  const v = tokens(value, false, options.ignoreCase ?? false);
  if (search(p, v, true)) return true;
  return search(p, v, false) ? "unknown" : false;
}

/**
 * Whether an alignment exists. `definite`: holes in the value are matched only by the same hole
 * or swallowed by `*` (so it holds whatever they contain). Otherwise (possible): a hole in the
 * value may also take the place of any run of pattern tokens other than a different hole.
 */
function search(p: readonly Token[], v: readonly Token[], definite: boolean): boolean {
  const seen = new Set<number>();
  const width = v.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === p.length && j === v.length) return true;
    const pt = p[i];
    const vt = v[j];
    if (pt && "star" in pt) {
      stack.push([i + 1, j]);
      if (vt) stack.push([i, j + 1]);
      if (!definite && vt && "hole" in vt) stack.push([i + 1, j + 1]);
      continue;
    }
    if (!pt || !vt) {
      // A hole in the value cannot be empty, so a leftover hole never matches nothing.
      continue;
    }
    if ("hole" in vt) {
      if ("hole" in pt && pt.hole === vt.hole) {
        stack.push([i + 1, j + 1]);
        continue;
      }
      if (definite) continue;
      if ("hole" in pt) {
        // Different holes are different values, but a composite one may contain the other (an ARN holds its account id).
        if (pt.composite && (vt.context || vt.composite)) stack.push([i, j + 1], [i + 1, j + 1]);
        if (vt.composite && (pt.context || pt.composite)) stack.push([i + 1, j], [i + 1, j + 1]);
        continue;
      }
      // Possible: the hole's text covers this pattern token and perhaps more (a character its alphabet holds).
      if ("char" in pt && vt.alphabet !== undefined && !vt.alphabet.includes(pt.char)) continue;
      stack.push([i + 1, j + 1], [i + 1, j]);
      continue;
    }
    if ("hole" in pt) {
      // Possible: the pattern's hole holds this value text and perhaps more.
      if (!definite) stack.push([i + 1, j + 1], [i, j + 1]);
      continue;
    }
    if ("any" in pt || ("char" in pt && "char" in vt && pt.char === vt.char)) stack.push([i + 1, j + 1]);
  }
  return false;
}
