import { analyze, labFixture } from "../../../test-support/lab-analysis";

describe("the bucket policy lockout rule", () => {
  it("names the identity that runs Terraform in words when only the session context knows it (online)", () => {
    const findings = analyze(labFixture({ offline: false })).findings.filter((f) => f.code === "LOCKOUT_SOLE_EXEMPTION");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain(
      "Only the identity that runs Terraform (the Terraform caller's role, its session's issuer) is exempt",
    );
    expect(findings[0]!.message).not.toContain("${");
  });

  it("names a literal role ARN as written (offline)", () => {
    const [finding] = analyze(labFixture()).findings.filter((f) => f.code === "LOCKOUT_SOLE_EXEMPTION");
    expect(finding!.message).toContain("(arn:aws:iam::123456789012:role/terraform)");
  });
});
