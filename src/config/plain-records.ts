/**
 * Objects keyed by names the user chose (VPCs, accounts, environments, tag keys) and readers of
 * the raw document. A name the schema accepts may be a key of `Object.prototype` (`constructor`,
 * `toString`, `__proto__` as a tag key), so these objects have no prototype, and reads look at
 * own properties only.
 */

/** A JSON object (not null, not a list). */
export type RawRecord = Record<string, unknown>;

/** True for a JSON object: not null, not a list. */
export function isRecord(value: unknown): value is RawRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The list, or an empty one for anything that is not a list. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value of an own property, or undefined (never one inherited from a prototype). */
export function ownValue(record: object, key: string | number): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string | number, unknown>)[key] : undefined;
}

/** Sets an own, enumerable property, even for a key such as `__proto__`. */
export function defineOwn(record: object, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An object without a prototype holding the entries, in order. */
export function nullPrototypeRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) defineOwn(record, key, value);
  return record;
}
