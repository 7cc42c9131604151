import type { Ipv4Block } from "./ipv4-cidr";
import { addressCount, coversAllOfIpv4 } from "./ipv4-cidr";

/**
 * The broadest SSH source the project accepts without a second thought: a /8 (16,777,216
 * addresses). Anything broader opens port 22 to a large part of the internet, which every
 * scanner tries; the configuration asks for `allowSshFromAnywhere` and the analysis warns.
 */
export const BROADEST_QUIET_SSH_PREFIX = 8;

/** True when one SSH source is broader than {@link BROADEST_QUIET_SSH_PREFIX}. */
export function isTooBroadForSsh(block: Ipv4Block): boolean {
  return block.prefix < BROADEST_QUIET_SSH_PREFIX;
}

/** How a too-broad SSH source reads in a sentence: "the whole internet" or "16,777,216 addresses". */
export function describeSshBreadth(block: Ipv4Block): string {
  return block.prefix === 0 ? "the whole internet" : `${addressCount(block.prefix).toLocaleString("en-US")} addresses`;
}

/**
 * True when SSH sources, each within the bound, together open SSH to all of IPv4
 * (`0.0.0.0/1` + `128.0.0.0/1` is `0.0.0.0/0` too).
 */
export function sshSourcesCoverAllOfIpv4(blocks: readonly Ipv4Block[]): boolean {
  return coversAllOfIpv4(blocks);
}
