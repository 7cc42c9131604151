import { parseIpv4Cidr } from "../../src/aws/ipv4-cidr";
import { BROADEST_QUIET_SSH_PREFIX, describeSshBreadth, isTooBroadForSsh, sshSourcesCoverAllOfIpv4 } from "../../src/aws/ssh-breadth";

const block = (text: string) => parseIpv4Cidr(text)!;

describe("SSH breadth", () => {
  it("accepts a /8 and anything narrower, and calls anything broader too broad", () => {
    expect(BROADEST_QUIET_SSH_PREFIX).toBe(8);
    expect(isTooBroadForSsh(block("10.0.0.0/8"))).toBe(false);
    expect(isTooBroadForSsh(block("203.0.113.7/32"))).toBe(false);
    expect(isTooBroadForSsh(block("0.0.0.0/7"))).toBe(true);
    expect(isTooBroadForSsh(block("0.0.0.0/0"))).toBe(true);
  });

  it("says how much of the internet a broad source opens", () => {
    expect(describeSshBreadth(block("0.0.0.0/0"))).toBe("the whole internet");
    expect(describeSshBreadth(block("0.0.0.0/7"))).toBe("33,554,432 addresses");
  });

  it("sees narrow sources that together open SSH to all of IPv4", () => {
    const ninths = Array.from({ length: 512 }, (_, i) => block(`${Math.floor(i / 2)}.${(i % 2) * 128}.0.0/9`));
    expect(ninths.every((b) => !isTooBroadForSsh(b))).toBe(true);
    expect(sshSourcesCoverAllOfIpv4(ninths)).toBe(true);
    expect(sshSourcesCoverAllOfIpv4(ninths.slice(1))).toBe(false);
  });
});
