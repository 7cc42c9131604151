import type { InventoryRecord } from "../../src/rehearsal/emulator-inventory";
import { fingerprintOf, labRecords, summarizeRecords } from "../../src/rehearsal/emulator-inventory";

const state = [
  { values: { id: "vpc-1", arn: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1" } },
  { values: { id: "i-1", primary_network_interface_id: "eni-1", root_block_device: [{ volume_id: "vol-1" }] } },
  { values: { id: "test.txt", bucket: "lab-bucket", key: "test.txt" } },
];
const lab = fingerprintOf(state, "vpc-lab");

const record = (kind: string, ids: string[], tags: Record<string, string> = {}): InventoryRecord => ({ kind, ids, tags });

describe("fingerprintOf", () => {
  it("collects ids, ARNs, root volume ids and bucket/key of S3 objects from the state", () => {
    expect([...lab.ids].sort()).toEqual([
      "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1",
      "i-1",
      "lab-bucket/test.txt",
      "test.txt",
      "vol-1",
      "vpc-1",
    ]);
  });

  it("leaves out the instances' primary network interfaces (the emulator keeps them after terminate)", () => {
    expect(lab.ids.has("eni-1")).toBe(false);
  });
});

describe("labRecords", () => {
  it("finds the lab's resources by id and by Project tag, and nothing else", () => {
    const inventory = [
      record("ec2 Vpc", ["vpc-1"]),
      record("ec2 Vpc", ["vpc-default"]),
      record("ec2 Volume", ["vol-1"]),
      record("s3 ObjectVersion", ["lab-bucket/test.txt"]),
      record("iam Role", ["made-by-hand"], { Project: "vpc-lab" }),
      record("iam Role", ["other-lab"], { Project: "other-lab" }),
    ];
    expect(labRecords(inventory, lab).map((found) => found.ids[0])).toEqual(["vpc-1", "vol-1", "lab-bucket/test.txt", "made-by-hand"]);
  });

  it("counts records by kind for the report", () => {
    expect(summarizeRecords([record("ec2 Vpc", ["a"]), record("ec2 Vpc", ["b"]), record("s3 Bucket", ["c"])])).toBe(
      "2 ec2 Vpc, 1 s3 Bucket",
    );
  });
});
