import { isZoneOf, looksLikeRegion } from "../../src/aws/regions";
import { awsServiceName, instanceConnectPrefixListName, s3EndpointServiceName } from "../../src/aws/service-names";
import { tagProblem } from "../../src/aws/tags";

describe("AWS service names", () => {
  it("names the Instance Connect prefix list and the S3 endpoint service of a region", () => {
    expect(instanceConnectPrefixListName("eu-west-1")).toBe("com.amazonaws.eu-west-1.ec2-instance-connect");
    expect(s3EndpointServiceName("us-east-1")).toBe("com.amazonaws.us-east-1.s3");
    expect(awsServiceName("ap-southeast-2", "s3")).toBe("com.amazonaws.ap-southeast-2.s3");
  });
});

describe("region codes and zones", () => {
  it.each(["us-east-1", "eu-west-2", "us-gov-west-1", "us-isob-east-1", "ap-southeast-4"])("reads %s as a region", (text) => {
    expect(looksLikeRegion(text)).toBe(true);
  });

  it.each(["us-east", "useast1", "US-EAST-1", "us-east-1a", "shared"])("does not read %s as a region", (text) => {
    expect(looksLikeRegion(text)).toBe(false);
  });

  it("tells a zone of a region from a zone of another", () => {
    expect(isZoneOf("us-east-1a", "us-east-1")).toBe(true);
    expect(isZoneOf("us-east-1", "us-east-1")).toBe(false);
    expect(isZoneOf("us-east-12a", "us-east-1")).toBe(false);
    expect(isZoneOf("eu-west-1a", "us-east-1")).toBe(false);
  });
});

describe("tag rules", () => {
  it.each([
    ["Team", "networking", undefined],
    ["__proto__", "x", undefined],
    ["cost center", "a/b=c+d-e@f:g_h.i", undefined],
    ["aws:createdBy", "me", /reserves the prefix/],
    ["AWS:x", "me", /reserves the prefix/],
    ["", "x", /1-128 characters/],
    ["k".repeat(129), "x", /1-128 characters/],
    ["k", "v".repeat(257), /at most 256/],
    ["k", "semi;colon", /letters, digits/],
  ])("judges the tag %j = %j", (key, value, problem) => {
    const found = tagProblem(key, value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
