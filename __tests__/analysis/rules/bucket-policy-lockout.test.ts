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

  const ADMIN = "arn:aws:iam::123456789012:role/Admin";
  const lockouts = (fixture: ReturnType<typeof labFixture>) => analyze(fixture).findings.filter((f) => f.code === "LOCKOUT_RISK");

  it.each([
    ["online, where the bucket's account is unknown", { offline: false }],
    ["offline, with the admin in another account than the lab's", { offlineValues: { accountId: "999999999999" } }],
  ])("does not call an exempted admin of a named account locked out (%s): a policy that does not allow is no Deny", (_name, overrides) => {
    expect(lockouts(labFixture({ ...overrides, s3: { adminPrincipalArns: [ADMIN] } }))).toEqual([]);
  });

  it("still reports an admin online whom the endpoint-only Deny does not exempt", () => {
    const fixture = labFixture({ offline: false, s3: { adminPrincipalArns: [ADMIN] } });
    const document = (
      fixture.json as unknown as {
        data: Record<string, Record<string, { statement: { sid: string; condition: { values: string[] }[] }[] }>>;
      }
    ).data.aws_iam_policy_document!.bucket_policy!;
    const deny = document.statement.find((statement) => statement.sid === "DenyOutsideLabEndpoints")!;
    for (const condition of deny.condition) condition.values = condition.values.filter((value) => value !== ADMIN);
    expect(lockouts(fixture)).toEqual([expect.objectContaining({ component: "aws_s3_bucket_policy.lab" })]);
    expect(lockouts(fixture)[0]!.message).toContain(`can deny the configured admin (${ADMIN})`);
  });
});
