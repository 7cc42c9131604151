/** The shape of an AWS region code: `us-east-1`, `eu-west-2`, `us-gov-west-1`, `us-isob-east-1`. */
export const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** The shape of an availability zone name: a region code and a zone letter (`us-east-1a`). */
export const AVAILABILITY_ZONE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]$/;

/** True for text shaped like an AWS region code (`eu-west-1`). */
export function looksLikeRegion(text: string): boolean {
  return REGION_CODE.test(text);
}

/** True when `zone` is a zone of `region`: the region code followed by one letter. */
export function isZoneOf(zone: string, region: string): boolean {
  return zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length));
}
