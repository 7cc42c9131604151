import { bucketNameProblems, reservedBucketPrefixOf, suggestBucketName } from "../../src/config/bucket-name";
import { parseLabConfig } from "../../src/config";
import { configIssuesIfAny } from "../../test-support/config-issues";

describe("bucketNameProblems", () => {
  it.each(["abc", "a".repeat(63), "my-lab-bucket", "lab.bucket.2024", "1lab", "xn-lab", "lab-s3alias-copy", "192.168.5.4x"])(
    "accepts %s",
    (name) => {
      expect(bucketNameProblems(name)).toEqual([]);
    },
  );

  // Each row: a name, and a phrase of the one problem it must be reported with.
  const broken: [string, RegExp][] = [
    ["ab", /3-63 characters/],
    ["a".repeat(64), /3-63 characters/],
    ["My_Bucket", /lowercase letters, digits, dots and hyphens/],
    ["-lab", /starts and ends with a lowercase letter or a digit/],
    ["lab.", /starts and ends with a lowercase letter or a digit/],
    ["lab..bucket", /no two adjacent dots/],
    ["192.168.5.4", /not shaped like an IP address/],
    ["xn--lab", /not start with "xn--"/],
    ["sthree-lab", /not start with "sthree-"/],
    ["sthree-configurator-lab", /not start with "sthree-"/],
    ["amzn-s3-demo-lab", /not start with "amzn-s3-demo-"/],
    ["lab-s3alias", /not end with "-s3alias"/],
    ["lab--ol-s3", /not end with "--ol-s3"/],
    ["lab.mrap", /not end with ".mrap"/],
    ["lab--x-s3", /not end with "--x-s3"/],
    ["lab--table-s3", /not end with "--table-s3"/],
  ];

  it.each(broken)("rejects %s", (name, problem) => {
    const problems = bucketNameProblems(name);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.problem).toMatch(problem);
  });

  it("reports every rule a name breaks, each with a fix and one suggestion that S3 accepts", () => {
    expect(bucketNameProblems("-My..Bucket")).toEqual([
      {
        problem: expect.stringContaining("lowercase letters"),
        fix: 'lowercase it and replace other characters with hyphens, e.g. "my.bucket"',
      },
      { problem: expect.stringContaining("starts and ends"), fix: 'remove the leading or trailing dot or hyphen, e.g. "my.bucket"' },
      { problem: expect.stringContaining("adjacent dots"), fix: 'keep one dot of each pair, e.g. "my.bucket"' },
    ]);
  });

  it.each([
    ["Lab_Bucket", "lab-bucket"],
    ["sthree-lab", "lab"],
    ["lab--ol-s3", "lab"],
    ["10.1.0.5", "lab-10.1.0.5"],
    [`${"a".repeat(62)}-b`, "a".repeat(62)],
  ])("suggests %s -> %s", (name, suggestion) => {
    expect(suggestBucketName(name)).toBe(suggestion);
    expect(bucketNameProblems(suggestion)).toEqual([]);
  });

  it("suggests nothing when the repair leaves too little", () => {
    expect(suggestBucketName("--")).toBeUndefined();
    expect(bucketNameProblems("--").every((problem) => !problem.fix.includes("e.g."))).toBe(true);
  });

  it("finds a reserved prefix in a generated bucket_prefix", () => {
    expect(reservedBucketPrefixOf("sthree-")).toBe("sthree-");
    expect(reservedBucketPrefixOf("amzn-s3-demo-")).toBe("amzn-s3-demo-");
    expect(reservedBucketPrefixOf("vpc-lab-")).toBeUndefined();
  });
});

describe("the s3 configuration", () => {
  const issuesOf = configIssuesIfAny;

  it("defaults to a bucket_prefix, endpoints in all VPCs, the bucket-only policy and a test object", () => {
    expect(parseLabConfig({}, "test").s3).toEqual({
      forceDestroy: false,
      endpointVpcs: "all",
      endpointPolicy: "bucket-only",
      adminPrincipalArns: [],
      testObject: true,
    });
  });

  it("rejects a stack name whose bucket_prefix S3 reserves, unless bucketName replaces the prefix or s3 is off", () => {
    expect(issuesOf({ name: "sthree-lab" })).toEqual([
      {
        path: "name",
        received: '"sthree-lab"',
        problem: expect.stringContaining('does not start with "sthree-"'),
        fix: "rename the lab, or set s3.bucketName",
      },
    ]);
    expect(issuesOf({ name: "sthree-lab", s3: { bucketName: "my-lab-bucket" } })).toEqual([]);
    expect(issuesOf({ name: "sthree-lab", s3: false })).toEqual([]);
  });

  it("reports S3 problems in the same single report as the others, each with its path, the value received and a fix", () => {
    const issues = issuesOf({
      vpcs: [{ name: "vpc1", cidr: "10.1.0.5/16", publicSubnetCidr: "10.1.0.0/24" }],
      s3: {
        bucketName: "Lab_Bucket",
        endpointVpcs: ["vpc9"],
        endpointPolicy: "allow-some",
        adminPrincipalArns: ["arn:aws:sts::123456789012:assumed-role/Admin/me"],
      },
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      "s3.adminPrincipalArns[0]",
      "s3.bucketName",
      "s3.endpointPolicy",
      "s3.endpointVpcs[0]",
      "vpcs[0].cidr",
    ]);
    expect(issues.find((issue) => issue.path === "s3.bucketName")).toEqual({
      path: "s3.bucketName",
      received: '"Lab_Bucket"',
      problem: "expected only lowercase letters, digits, dots and hyphens in a bucket name",
      fix: 'lowercase it and replace other characters with hyphens, e.g. "lab-bucket"',
    });
  });
});
