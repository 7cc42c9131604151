/**
 * S3's naming rules for general purpose buckets, as data: each rule tests a name and carries the
 * sentence an error report needs. Source: "General purpose bucket naming rules" in the Amazon S3
 * User Guide (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */

/** One broken naming rule, phrased for a {@link ConfigIssue}. */
export interface BucketNameProblem {
  /** What S3 expects, phrased as an expectation. */
  readonly problem: string;
  /** How to repair the name. */
  readonly fix: string;
}

/** Prefixes S3 keeps for itself (`sthree-configurator` is covered by `sthree-`). */
export const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
/** Suffixes S3 keeps for access point aliases, Multi-Region Access Points, directory and table buckets. */
export const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

const MIN_LENGTH = 3;
const MAX_LENGTH = 63;

interface BucketNameRule {
  readonly breaks: (name: string) => boolean;
  readonly problem: string;
  /** How to repair this rule's breach (a suggestion for the whole name is appended when one exists). */
  readonly fix: (name: string) => string;
}

const isIpShaped = (name: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(name);

const RULES: readonly BucketNameRule[] = [
  {
    breaks: (name) => name.length < MIN_LENGTH || name.length > MAX_LENGTH,
    problem: `expected a bucket name of ${MIN_LENGTH}-${MAX_LENGTH} characters`,
    fix: (name) => (name.length < MIN_LENGTH ? "write a longer name" : `shorten it by ${name.length - MAX_LENGTH} characters`),
  },
  {
    breaks: (name) => /[^a-z0-9.-]/.test(name),
    problem: "expected only lowercase letters, digits, dots and hyphens in a bucket name",
    fix: () => "lowercase it and replace other characters with hyphens",
  },
  {
    // Other characters at the ends already break the rule above: report them once.
    breaks: (name) => /^[.-]|[.-]$/.test(name),
    problem: "expected a bucket name that starts and ends with a lowercase letter or a digit",
    fix: () => "remove the leading or trailing dot or hyphen",
  },
  {
    breaks: (name) => name.includes(".."),
    problem: "expected no two adjacent dots in a bucket name",
    fix: () => "keep one dot of each pair",
  },
  {
    breaks: isIpShaped,
    problem: "expected a bucket name that is not shaped like an IP address",
    fix: () => "add letters",
  },
  ...RESERVED_BUCKET_PREFIXES.map((prefix) => ({
    breaks: (name: string) => name.startsWith(prefix),
    problem: `expected a bucket name that does not start with "${prefix}" (S3 reserves that prefix)`,
    fix: () => `remove or change the "${prefix}" prefix`,
  })),
  ...RESERVED_BUCKET_SUFFIXES.map((suffix) => ({
    breaks: (name: string) => name.endsWith(suffix),
    problem: `expected a bucket name that does not end with "${suffix}" (S3 reserves that suffix)`,
    fix: () => `remove or change the "${suffix}" suffix`,
  })),
];

const breaksAny = (name: string) => RULES.some((rule) => rule.breaks(name));

/** A name close to `name` that S3 accepts, or undefined when the repair gets nowhere (too short). */
export function suggestBucketName(name: string): string | undefined {
  const trimEnds = (text: string) => text.replace(/^[.-]+|[.-]+$/g, "");
  let candidate = trimEnds(
    name
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, "-")
      .replace(/\.{2,}/g, "."),
  );
  for (const prefix of RESERVED_BUCKET_PREFIXES) if (candidate.startsWith(prefix)) candidate = candidate.slice(prefix.length);
  for (const suffix of RESERVED_BUCKET_SUFFIXES) if (candidate.endsWith(suffix)) candidate = candidate.slice(0, -suffix.length);
  if (isIpShaped(candidate)) candidate = `lab-${candidate}`;
  candidate = trimEnds(trimEnds(candidate).slice(0, MAX_LENGTH));
  return breaksAny(candidate) ? undefined : candidate;
}

/** Every S3 naming rule that `name` breaks, each with a fix; empty when S3 accepts the name. */
export function bucketNameProblems(name: string): BucketNameProblem[] {
  const broken = RULES.filter((rule) => rule.breaks(name));
  if (broken.length === 0) return [];
  const suggestion = suggestBucketName(name);
  const example = suggestion === undefined ? "" : `, e.g. ${JSON.stringify(suggestion)}`;
  return broken.map((rule) => ({ problem: rule.problem, fix: `${rule.fix(name)}${example}` }));
}

/** The reserved prefix a generated `bucket_prefix` starts with, if any. */
export function reservedBucketPrefixOf(bucketPrefix: string): string | undefined {
  return RESERVED_BUCKET_PREFIXES.find((prefix) => bucketPrefix.startsWith(prefix));
}
