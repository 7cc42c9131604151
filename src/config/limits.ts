import { MAX_ACTIVE_PEERINGS_PER_VPC, MAX_TAGS_PER_RESOURCE } from "../aws/vpc-quotas";

/**
 * Sizes the configuration may not exceed, each with the reason. They keep every report and every
 * synth small and fast on any input, and they sit far above what AWS's quotas allow a lab to be.
 * docs/configuration.md lists them.
 */
export const LIMITS = {
  /** Bytes of a configuration file (a 70-VPC full mesh written out in full is about 200 KB). */
  fileBytes: 4 * 1024 * 1024,
  /** Nesting depth of the JSON document (the deepest field, `offlineValues.amiIds.x86_64`, is 3 levels down). */
  depth: 12,
  /** Characters of any one string (the longest meaningful one, a flow log format, is under 1,000). */
  stringLength: 4096,
  /** Values (objects, arrays, strings, numbers) in the whole document. */
  values: 200_000,
  /**
   * VPCs. AWS's default quota is 5 VPCs per Region; a full mesh can have at most 126 VPCs (a VPC
   * takes at most 125 active peerings, AWS's hard maximum).
   */
  vpcs: 200,
  /** Peerings: 200 VPCs with 125 each (AWS's maximum of active peerings per VPC), counted once per pair. */
  peerings: (200 * MAX_ACTIVE_PEERINGS_PER_VPC) / 2,
  /** Active peerings of one VPC: AWS's maximum (the default quota is 50; it can be raised to 125, no further). */
  peeringsPerVpc: MAX_ACTIVE_PEERINGS_PER_VPC,
  /**
   * SSH sources. Each becomes an inbound rule on every instance's security group, which holds 60
   * inbound rules by default beside the ping rules of each peer.
   */
  sshCidrs: 50,
  /** User tags. AWS resources take 50 tags; Project, ManagedBy and Name are the lab's own. */
  tags: MAX_TAGS_PER_RESOURCE - 3,
  /** Reachability expectations (a 70-VPC full mesh has under 5,000 paths). */
  expectations: 10_000,
} as const;
