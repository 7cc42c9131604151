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

/** The network address of a block: `10.1.0.5/16` gives `10.1.0.0/16`. */
export function networkOf(block: Ipv4Block): string {
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${block.address.toString()}/${block.prefix}`);
  return `${network.toString()}/${block.prefix}`;
}

/** True when the block is written as its network address (no host bits set). */
export function isNetworkAddress(block: Ipv4Block): boolean {
  return networkOf(block) === block.text;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

/** True when two blocks share at least one address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return contains(a, b) || contains(b, a);
}
