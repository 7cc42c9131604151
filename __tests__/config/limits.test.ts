import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_ACTIVE_PEERINGS_PER_VPC, MAX_TAGS_PER_RESOURCE } from "../../src/aws/vpc-quotas";
import { LIMITS } from "../../src/config/limits";

const page = readFileSync(join(__dirname, "../../docs/configuration.md"), "utf8");
/** The Limits table of the configuration page: its first two cells per row. */
const rows = new Map(
  [...page.slice(page.indexOf("## Limits")).matchAll(/^\| ([^|]+?) +\| ([^|]+?) +\|/gm)].map(([, what, limit]) => [what!, limit!] as const),
);

describe("the limits of a configuration", () => {
  it.each([
    ["file size", `${LIMITS.fileBytes / 1024 / 1024} MiB`],
    ["nesting depth", `${LIMITS.depth} levels`],
    ["any one string", `${LIMITS.stringLength.toLocaleString("en-US")} chars`],
    ["values in the document", LIMITS.values.toLocaleString("en-US")],
    ["`vpcs`", String(LIMITS.vpcs)],
    ["peerings of one VPC", String(LIMITS.peeringsPerVpc)],
    ["`peerings`", LIMITS.peerings.toLocaleString("en-US")],
    ["`sshCidrs`", String(LIMITS.sshCidrs)],
    ["`tags`", String(LIMITS.tags)],
    ["`expect`", LIMITS.expectations.toLocaleString("en-US")],
  ])("are documented as enforced: %s", (what, limit) => {
    expect(rows.get(what)).toBe(limit);
  });

  it("derive from AWS's own limits", () => {
    expect(LIMITS.peeringsPerVpc).toBe(MAX_ACTIVE_PEERINGS_PER_VPC);
    expect(LIMITS.peerings).toBe((LIMITS.vpcs * MAX_ACTIVE_PEERINGS_PER_VPC) / 2);
    expect(LIMITS.tags).toBe(MAX_TAGS_PER_RESOURCE - 3);
  });
});
