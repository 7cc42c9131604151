/**
 * The tag rules that hold across the AWS services the lab tags (EC2, IAM, S3, CloudWatch Logs):
 * keys of 1-128 and values of 0-256 characters, of letters, digits, spaces and `_ . : / = + - @`,
 * and no `aws:` prefix (AWS reserves it). EC2 and IAM reject a bad tag only at apply time.
 */
export const TAG_RULES = {
  maxKeyLength: 128,
  maxValueLength: 256,
  /** Characters AWS accepts in tag keys and values across services. */
  text: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  reservedPrefix: /^aws:/i,
} as const;

/** What is wrong with a tag by AWS's rules, as a phrase, or undefined for a valid tag. */
export function tagProblem(key: string, value: string): string | undefined {
  const length = (text: string) => [...text].length;
  if (TAG_RULES.reservedPrefix.test(key)) return 'tag keys may not start with "aws:" (AWS reserves the prefix)';
  if (length(key) < 1 || length(key) > TAG_RULES.maxKeyLength) return `tag keys take 1-${TAG_RULES.maxKeyLength} characters`;
  if (length(value) > TAG_RULES.maxValueLength) return `tag values take at most ${TAG_RULES.maxValueLength} characters`;
  if (!TAG_RULES.text.test(key) || !TAG_RULES.text.test(value)) return "tags take letters, digits, spaces and _ . : / = + - @ only";
  return undefined;
}
