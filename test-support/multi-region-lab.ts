import { vpcConfig } from "./synth-lab";

/** The role another account's VPCs are built through, in the multi-region, multi-account lab. */
export const SHARED_ACCOUNT = { shared: { roleArn: "arn:aws:iam::210987654321:role/vpc-lab-terraform" } } as const;

/**
 * A lab in two regions and two accounts (issue 13): vpc1 where Terraform runs (us-east-1),
 * vpc2 in eu-west-1, vpc3 in the "shared" account in us-east-1, vpc4 in "shared" in eu-west-1;
 * every pair peered.
 */
export function multiRegionLab(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accounts: SHARED_ACCOUNT,
    vpcs: [
      vpcConfig("vpc1", 1),
      vpcConfig("vpc2", 2, { region: "eu-west-1" }),
      vpcConfig("vpc3", 3, { account: "shared" }),
      vpcConfig("vpc4", 4, { account: "shared", region: "eu-west-1" }),
    ],
    ...extra,
  };
}
