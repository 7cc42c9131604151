import {
  ALL_OF_IPV4,
  addressCount,
  blockRange,
  contains,
  coversAllOfIpv4,
  isNetworkAddress,
  isNonPublic,
  networkOf,
  overlaps,
  parseIpv4Cidr,
  unionCovers,
} from "../../src/aws/ipv4-cidr";

const block = (text: string) => {
  const parsed = parseIpv4Cidr(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
};

describe("parseIpv4Cidr", () => {
  it.each(["10.1.0.0/16", "0.0.0.0/0", "203.0.113.7/32"])("reads %s", (text) => {
    expect(parseIpv4Cidr(text)).toMatchObject({ text, prefix: Number(text.split("/")[1]) });
  });

  it.each(["10.1/16", "10.1.0.0", "10.1.0.0/33", "256.0.0.0/8", "::/0", " 10.1.0.0/16", "10.1.0.0/16 "])("refuses %j", (text) => {
    expect(parseIpv4Cidr(text)).toBeUndefined();
  });
});

describe("network addresses", () => {
  it("finds the network address of a block with host bits set", () => {
    expect(networkOf(block("10.1.2.5/16"))).toBe("10.1.0.0/16");
    expect(isNetworkAddress(block("10.1.2.5/16"))).toBe(false);
    expect(isNetworkAddress(block("10.1.0.0/16"))).toBe(true);
  });

  it("reads a block as its first and last address, ignoring host bits", () => {
    expect(blockRange(block("10.0.0.0/8"))).toEqual([0x0a000000, 0x0affffff]);
    expect(blockRange(block("10.1.2.5/16"))).toEqual(blockRange(block("10.1.0.0/16")));
    expect(addressCount(8)).toBe(16_777_216);
  });
});

describe("containment and overlap", () => {
  it.each([
    ["10.0.0.0/8", "10.1.0.0/16", true, true],
    ["10.1.0.0/16", "10.0.0.0/8", false, true],
    ["10.1.0.0/16", "10.1.0.0/16", true, true],
    ["10.1.0.0/16", "10.2.0.0/16", false, false],
    ["0.0.0.0/0", "203.0.113.7/32", true, true],
    ["10.1.255.0/24", "10.2.0.0/24", false, false],
  ])("%s contains %s: %s; they overlap: %s", (outer, inner, inside, overlapping) => {
    expect(contains(block(outer), block(inner))).toBe(inside);
    expect(overlaps(block(outer), block(inner))).toBe(overlapping);
    expect(overlaps(block(inner), block(outer))).toBe(overlapping);
  });
});

describe("coverage", () => {
  it("sees all of IPv4 however it is spelt", () => {
    expect(coversAllOfIpv4([ALL_OF_IPV4])).toBe(true);
    expect(coversAllOfIpv4([block("0.0.0.0/1"), block("128.0.0.0/1")])).toBe(true);
    expect(coversAllOfIpv4([block("128.0.0.0/1"), block("0.0.0.0/2"), block("64.0.0.0/2")])).toBe(true);
  });

  it("finds the gap when one address is missing", () => {
    expect(coversAllOfIpv4([block("0.0.0.0/1"), block("128.0.0.0/2"), block("192.0.0.0/3"), block("224.0.0.0/4")])).toBe(false);
    expect(coversAllOfIpv4([])).toBe(false);
    // A staircase: 0.0.0.0/1, 128.0.0.0/2, ... 255.255.255.254/32, which is everything but 255.255.255.255.
    const dotted = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
    const staircase = Array.from({ length: 32 }, (_, i) => block(`${dotted(2 ** 32 - 2 ** (32 - i))}/${i + 1}`));
    expect(staircase[1]!.text).toBe("128.0.0.0/2");
    expect(coversAllOfIpv4(staircase)).toBe(false);
    expect(coversAllOfIpv4([...staircase, block("255.255.255.255/32")])).toBe(true);
  });

  it("covers a range with overlapping and nested blocks", () => {
    expect(unionCovers([block("10.0.0.0/9"), block("10.64.0.0/10"), block("10.128.0.0/9")], block("10.0.0.0/8"))).toBe(true);
    expect(unionCovers([block("10.0.0.0/9")], block("10.0.0.0/8"))).toBe(false);
  });
});

describe("non-public address space", () => {
  it.each([
    ["10.1.0.0/16", true],
    ["172.31.0.0/16", true],
    ["169.254.169.254/32", true],
    ["100.64.0.0/10", true],
    ["52.216.0.0/15", false],
    ["0.0.0.0/0", false],
  ])("%s is non-public: %s", (text, expected) => {
    expect(isNonPublic(block(text))).toBe(expected);
  });
});
