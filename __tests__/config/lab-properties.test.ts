/**
 * Properties over random labs (fast-check): every valid lab synthesizes, in any order to the same
 * bytes, and adding a VPC keeps every address; every mutation of a valid lab gets a clean report.
 */
import fc from "fast-check";
import { ConfigError, parseLabConfig } from "../../src/config";
import { addresses, synthLab } from "../../test-support/synth-lab";
import { propertyRuns } from "../../test-support/property-runs";

type Lab = Record<string, unknown> & { vpcs: Record<string, unknown>[] };

/** A VPC name the schema accepts: lowercase, digits, single hyphens. */
const vpcName = fc.stringMatching(/^[a-z][a-z0-9]{0,4}(-[a-z0-9]{1,3}){0,2}$/);

/** A valid lab of 1-5 VPCs, with any mix of peerings, instances, flow logs, endpoints and SSH sources. */
const validLab: fc.Arbitrary<Lab> = fc
  .uniqueArray(vpcName, { minLength: 1, maxLength: 5 })
  .chain((names) =>
    fc.record({
      vpcs: fc.tuple(
        ...names.map((name, i) =>
          fc.record({
            name: fc.constant(name),
            cidr: fc.constant(`10.${i + 1}.0.0/16`),
            publicSubnetCidr: fc.integer({ min: 0, max: 255 }).map((k) => `10.${i + 1}.${k}.0/24`),
            instance: fc.constantFrom<false | Record<string, string>>(false, { type: "t3.micro" }, { type: "t4g.small" }),
          }),
        ),
      ),
      peerings: fc.option(
        fc
          .subarray(names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as const)))
          .chain((pairs) =>
            fc.tuple(...pairs.map(([a, b]) => fc.constantFrom({ requester: a, accepter: b }, { requester: b, accepter: a }))),
          ),
        { nil: undefined },
      ),
      flowLogs: fc.oneof(
        fc.constant(false),
        fc.constant({}),
        fc.subarray(names, { minLength: 1 }).map((vpcs) => ({ vpcs })),
      ),
      s3: fc.oneof(
        fc.constant(false),
        fc.constant({}),
        fc.subarray(names, { minLength: 1 }).map((endpointVpcs) => ({ endpointVpcs })),
      ),
      sshCidrs: fc.subarray(["203.0.113.7/32", "198.51.100.0/24", "192.0.2.8/29"]),
    }),
  )
  .map((lab) => {
    const { peerings, ...rest } = lab;
    return (peerings === undefined ? rest : { ...rest, peerings }) as Lab;
  });

/** The same lab with every list whose order carries no meaning shuffled. */
function shuffled(lab: Lab, seed: number): Lab {
  const shuffle = <T>(list: readonly T[]): T[] =>
    list
      .map((item, i) => ({ item, key: (Math.sin(seed + i) * 10_000) % 1 }))
      .sort((a, b) => a.key - b.key)
      .map(({ item }) => item);
  return {
    ...lab,
    vpcs: shuffle(lab.vpcs),
    ...(Array.isArray(lab.peerings) ? { peerings: shuffle(lab.peerings) } : {}),
    sshCidrs: shuffle(lab.sshCidrs as string[]),
  };
}

describe("random valid labs", () => {
  it("synthesize, with one VPC resource per configured VPC", () => {
    fc.assert(
      fc.property(validLab, (lab) => {
        const { json } = synthLab(lab);
        expect(Object.keys(json.resource.aws_vpc ?? {}).sort()).toEqual(lab.vpcs.map((vpc) => vpc.name as string).sort());
      }),
      { numRuns: propertyRuns(6) },
    );
  });

  it("give byte-identical Terraform in any order of vpcs, peerings and SSH sources", () => {
    fc.assert(
      fc.property(validLab, fc.integer(), (lab, seed) => {
        expect(synthLab(shuffled(lab, seed)).text).toBe(synthLab(lab).text);
      }),
      { numRuns: propertyRuns(4) },
    );
  });

  it("keep every Terraform address when a VPC is added", () => {
    fc.assert(
      fc.property(validLab, (lab) => {
        const explicit = { ...lab, peerings: lab.peerings ?? parseLabConfig(lab, "t").peerings };
        const added = { ...explicit, vpcs: [...lab.vpcs, { name: "added-vpc", cidr: "10.99.0.0/16", publicSubnetCidr: "10.99.0.0/24" }] };
        const before = addresses(synthLab(explicit).json);
        const after = new Set(addresses(synthLab(added).json));
        expect(before.filter((address) => !after.has(address))).toEqual([]);
      }),
      { numRuns: propertyRuns(4) },
    );
  });
});

/** Values a careless or hostile user puts where another value belongs. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u001b[31m", "\u202evpc", "\u009b2J", "0.0.0.0/0", "", "__proto__", "a".repeat(5_000), -1, Number.MAX_VALUE, null),
);

/** A valid lab with one value replaced, removed, or joined by an unknown key, somewhere inside it. */
const mutatedLab = fc.tuple(validLab, fc.nat(), junk, fc.constantFrom("replace", "remove", "add")).map(([lab, pick, value, how]) => {
  const copy = JSON.parse(JSON.stringify(lab)) as Record<string, unknown>;
  const containers: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (typeof node !== "object" || node === null) return;
    containers.push(node as Record<string, unknown>);
    Object.values(node).forEach(walk);
  };
  walk(copy);
  const target = containers[pick % containers.length]!;
  const keys = Object.keys(target);
  const key = keys.length > 0 ? keys[pick % keys.length]! : "0";
  if (how === "replace") target[key] = value;
  else if (how === "remove") delete target[key];
  else target[`unknown${pick % 7}`] = value;
  return copy;
});

describe("random mutations of valid labs", () => {
  it("are accepted or rejected with one clean report: named paths, bounded, safe to print, no other error", () => {
    fc.assert(
      fc.property(mutatedLab, (lab) => {
        try {
          parseLabConfig(lab, "mutated.json");
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          const { issues, message } = error as ConfigError;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) expect(typeof issue.path).toBe("string");
          expect(message).toMatch(/^Invalid lab configuration in mutated\.json: \d+ problems?\n {2}- /);
          expect(message.length).toBeLessThan(80_000);
          // eslint-disable-next-line no-control-regex -- looking for control characters is the point
          expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});
