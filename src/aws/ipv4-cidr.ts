import ipaddr from "ipaddr.js";

/** A parsed IPv4 CIDR block. */
export interface Ipv4Block {
  /** The block as written, e.g. `10.1.0.0/16`. */
  readonly text: string;
  readonly address: ipaddr.IPv4;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; returns undefined for anything that is not an IPv4 CIDR. */
export function parseIpv4Cidr(text: string): Ipv4Block | undefined {
  // ipaddr.js accepts shorthand forms such as "10.1/16"; a CIDR in Terraform must be four octets.
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return undefined;
  try {
    const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
    return { text, address, prefix };
  } catch {
    return undefined;
  }
}

/** All of IPv4, `0.0.0.0/0`: the internet as a route or a security group rule sees it. */
export const ALL_OF_IPV4: Ipv4Block = parseIpv4Cidr("0.0.0.0/0")!;

/** The number of addresses in a block of this prefix length: a /8 holds 16,777,216. */
export function addressCount(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The network address of a block: `10.1.0.5/16` gives `10.1.0.0/16`. */
export function networkOf(block: Ipv4Block): string {
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${block.address.toString()}/${block.prefix}`);
  return `${network.toString()}/${block.prefix}`;
}

/** True when the block is written as its network address (no host bits set). */
export function isNetworkAddress(block: Ipv4Block): boolean {
  return networkOf(block) === block.text;
}

const ranges = new WeakMap<Ipv4Block, readonly [number, number]>();

/**
 * A block as its first and last address, as numbers (host bits ignored). Cached per block: the
 * reachability analysis compares the same blocks many times.
 */
export function blockRange(block: Ipv4Block): readonly [first: number, last: number] {
  let range = ranges.get(block);
  if (!range) {
    const start = block.address.toByteArray().reduce((n, byte) => n * 256 + byte, 0);
    const size = addressCount(block.prefix);
    const first = start - (start % size);
    range = [first, first + size - 1];
    ranges.set(block, range);
  }
  return range;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  const [outerFirst, outerLast] = blockRange(outer);
  const [innerFirst, innerLast] = blockRange(inner);
  return outerFirst <= innerFirst && innerLast <= outerLast;
}

/** True when two blocks share at least one address (for CIDR blocks: one contains the other). */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  const [aFirst, aLast] = blockRange(a);
  const [bFirst, bLast] = blockRange(b);
  return aFirst <= bLast && bFirst <= aLast;
}

/** True when the blocks together hold every address of `range` (`0.0.0.0/1` + `128.0.0.0/1` cover `0.0.0.0/0`). */
export function unionCovers(blocks: readonly Ipv4Block[], range: Ipv4Block): boolean {
  const [first, last] = blockRange(range);
  const intervals = blocks.map(blockRange).sort((a, b) => a[0] - b[0]);
  let next = first;
  for (const [from, to] of intervals) {
    if (from > next) break;
    if (to >= next) next = to + 1;
    if (next > last) return true;
  }
  return next > last;
}

/** True when the union of the blocks is all of IPv4, however it is spelt. */
export function coversAllOfIpv4(blocks: readonly Ipv4Block[]): boolean {
  return unionCovers(blocks, ALL_OF_IPV4);
}

/**
 * Address space that is never a public AWS service's nor the internet's: the private ranges of
 * RFC 1918, carrier-grade NAT (RFC 6598) and link-local (RFC 3927, where the instance metadata
 * service lives).
 */
export const NON_PUBLIC_RANGES: readonly Ipv4Block[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
].map((text) => parseIpv4Cidr(text)!);

/** True when the block lies inside one of {@link NON_PUBLIC_RANGES}. */
export function isNonPublic(block: Ipv4Block): boolean {
  return NON_PUBLIC_RANGES.some((range) => contains(range, block));
}

/** AWS's limits on the prefix length of a VPC's IPv4 block and of a subnet's: /16 to /28. */
export const VPC_CIDR_PREFIX = { broadest: 16, narrowest: 28 } as const;
