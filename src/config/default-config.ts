import type { LabConfigInput } from "./schema";

/**
 * The lab as its author built it: two VPCs with an instance each, peered vpc1 -> vpc2.
 * A file named by LAB_CONFIG replaces top-level fields of this object.
 */
export const DEFAULT_LAB_CONFIG = {
  name: "vpc-lab",
  region: "us-east-1",
  vpcs: [
    { name: "vpc1", cidr: "10.1.0.0/16", publicSubnetCidr: "10.1.0.0/24", instance: { type: "t3.micro" } },
    { name: "vpc2", cidr: "10.2.0.0/16", publicSubnetCidr: "10.2.0.0/24", instance: { type: "t3.micro" } },
  ],
  peerings: [{ requester: "vpc1", accepter: "vpc2" }],
} as const satisfies LabConfigInput;
