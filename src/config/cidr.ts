// The CIDR math lives in src/aws/ipv4-cidr.ts; this module keeps the old import path working.
export type { Ipv4Block } from "../aws/ipv4-cidr";
export { contains, isNetworkAddress, networkOf, overlaps, parseIpv4Cidr } from "../aws/ipv4-cidr";
