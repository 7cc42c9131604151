import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  OutputSwapError,
  SynthRefusedError,
  recoverInterruptedSwap,
  stateFilesIn,
  writeOutputAtomically,
} from "../../src/synth/output-directory";

/** A project directory with `cdktf.out` holding the given files (path -> content). */
function projectWith(files: Record<string, string> = {}): { outdir: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), "lab-outdir-"));
  const outdir = join(root, "cdktf.out");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(outdir, path)), { recursive: true });
    writeFileSync(join(outdir, path), content);
  }
  return { outdir, root };
}

/** What a synth of `stacks` writes into the staging directory. */
function writeStacks(stacks: string[], content = "new") {
  return (staging: string) => {
    for (const stack of stacks) {
      mkdirSync(join(staging, "stacks", stack), { recursive: true });
      writeFileSync(join(staging, "stacks", stack, "cdk.tf.json"), content);
    }
    writeFileSync(join(staging, "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(stacks.map((s) => [s, {}])) }));
  };
}

const read = (path: string) => readFileSync(path, "utf8");

describe("writeOutputAtomically", () => {
  it("replaces the generated files and keeps state, the lock file and .terraform of a configured stack", () => {
    const { outdir } = projectWith({
      "stacks/lab/cdk.tf.json": "old",
      "stacks/lab/cdk.tf": "stale HCL",
      "stacks/lab/lab.svg": "stale diagram",
      "stacks/lab/terraform.tfstate.d/dev/terraform.tfstate": "dev state",
      "stacks/lab/.terraform/providers/p": "provider",
      "stacks/lab/.terraform.lock.hcl": "lock",
      "stacks/lab/terraform.tfvars": "a user's file",
    });
    writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"]));
    const stack = join(outdir, "stacks/lab");
    expect(read(join(stack, "cdk.tf.json"))).toBe("new");
    expect(existsSync(join(stack, "cdk.tf"))).toBe(false);
    expect(existsSync(join(stack, "lab.svg"))).toBe(false);
    expect(read(join(stack, "terraform.tfstate.d/dev/terraform.tfstate"))).toBe("dev state");
    expect(read(join(stack, ".terraform/providers/p"))).toBe("provider");
    expect(read(join(stack, ".terraform.lock.hcl"))).toBe("lock");
    expect(read(join(stack, "terraform.tfvars"))).toBe("a user's file");
  });

  it("removes the directory of a stack no longer configured when it holds no state, and leaves nothing beside the output", () => {
    const { outdir, root } = projectWith({ "stacks/old/cdk.tf.json": "old", "stacks/old/.terraform/providers/p": "provider" });
    writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"]));
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["lab"]);
    expect(readdirSync(root)).toEqual(["cdktf.out"]);
  });

  it("refuses, changing nothing, when a stack no longer configured holds state", () => {
    const { outdir } = projectWith({ "stacks/old/cdk.tf.json": "old", "stacks/old/terraform.tfstate.d/dev/terraform.tfstate": "state" });
    expect(() => writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"]))).toThrow(
      /stacks\/old holds Terraform state \(terraform.tfstate.d\/dev\/terraform.tfstate\).*terraform destroy.*move its directory out/,
    );
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["old"]);
    expect(read(join(outdir, "stacks/old/cdk.tf.json"))).toBe("old");
  });

  it("leaves the previous output whole when the build throws", () => {
    const { outdir, root } = projectWith({ "stacks/lab/cdk.tf.json": "old" });
    expect(() =>
      writeOutputAtomically({ outdir, stackNames: ["lab"] }, (staging) => {
        writeStacks(["lab"], "half")(staging);
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }),
    ).toThrow(/ENOSPC/);
    expect(read(join(outdir, "stacks/lab/cdk.tf.json"))).toBe("old");
    expect(readdirSync(root)).toEqual(["cdktf.out"]);
  });

  it("lists in the manifest exactly the stacks present", () => {
    const { outdir } = projectWith({ "stacks/a/cdk.tf.json": "a", "manifest.json": '{"stacks":{"a":{}}}' });
    writeOutputAtomically({ outdir, stackNames: ["b"] }, writeStacks(["b"]));
    const manifest = JSON.parse(read(join(outdir, "manifest.json"))) as { stacks: object };
    expect(Object.keys(manifest.stacks)).toEqual(readdirSync(join(outdir, "stacks")));
  });

  it("takes over a lock whose owner died, and refuses with a sentence while a live owner holds it", () => {
    const { outdir } = projectWith();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    mkdirSync(`${outdir}.lock`);
    writeFileSync(join(`${outdir}.lock`, "owner.json"), JSON.stringify({ pid: Number(dead), host: hostname() }));
    writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"]));
    expect(existsSync(`${outdir}.lock`)).toBe(false);

    mkdirSync(`${outdir}.lock`);
    writeFileSync(join(`${outdir}.lock`, "owner.json"), JSON.stringify({ pid: process.ppid, host: hostname() }));
    expect(() => writeOutputAtomically({ outdir, stackNames: ["lab"], lockTimeoutMs: 100 }, writeStacks(["lab"]))).toThrow(
      new RegExp(`Another synth \\(pid ${process.ppid}\\) is writing .*cdktf.out; wait for it to finish`),
    );
    expect(() => writeOutputAtomically({ outdir, stackNames: ["lab"], lockTimeoutMs: 100 }, writeStacks(["lab"]))).toThrow(
      SynthRefusedError,
    );
  });
});

describe("recoverInterruptedSwap", () => {
  it("puts the previous output back when a run died between the two renames", () => {
    const { outdir, root } = projectWith();
    mkdirSync(join(root, "cdktf.out.previous-123/stacks/lab"), { recursive: true });
    writeFileSync(join(root, "cdktf.out.previous-123/stacks/lab/cdk.tf.json"), "old");
    mkdirSync(join(root, "cdktf.out.staging-123/stacks/lab"), { recursive: true });
    recoverInterruptedSwap(outdir);
    expect(read(join(outdir, "stacks/lab/cdk.tf.json"))).toBe("old");
    expect(readdirSync(root)).toEqual(["cdktf.out"]);
  });

  it("keeps a leftover directory that holds the only copy of a state file", () => {
    const { outdir, root } = projectWith({ "stacks/lab/cdk.tf.json": "current" });
    const leftover = join(root, "cdktf.out.staging-9/stacks/x/terraform.tfstate");
    mkdirSync(dirname(leftover), { recursive: true });
    writeFileSync(leftover, "only copy");
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    recoverInterruptedSwap(outdir);
    stderr.mockRestore();
    expect(read(leftover)).toBe("only copy");
    expect(statSync(leftover).nlink).toBe(1);
  });
});

describe("stateFilesIn", () => {
  it("counts a .terraform/terraform.tfstate as state only when it holds resources (not a backend cache)", () => {
    const { outdir } = projectWith({
      "stacks/cache/.terraform/terraform.tfstate": JSON.stringify({ version: 3, backend: { type: "s3" } }),
      "stacks/legacy/.terraform/terraform.tfstate": JSON.stringify({ version: 4, resources: [{ type: "aws_vpc" }] }),
    });
    expect(stateFilesIn(join(outdir, "stacks/cache"))).toEqual([]);
    expect(stateFilesIn(join(outdir, "stacks/legacy"))).toHaveLength(1);
  });
});

describe("writeOutputAtomically when a file operation fails (LAB_SYNTH_FAULT=fail:<operation>)", () => {
  const withFault = <T>(fault: string, run: () => T): T => {
    process.env.LAB_SYNTH_FAULT = fault;
    try {
      return run();
    } finally {
      delete process.env.LAB_SYNTH_FAULT;
    }
  };
  const stderrOf = (run: () => void): string => {
    let written = "";
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
    try {
      run();
    } finally {
      spy.mockRestore();
    }
    return written;
  };

  it.each(["fail:move-old-aside", "fail:move-new-in"])(
    "%s: throws, and the previous output is whole in place, nothing beside it",
    (fault) => {
      const { outdir, root } = projectWith({ "stacks/lab/cdk.tf.json": "old", "stacks/lab/terraform.tfstate": "state" });
      expect(() => withFault(fault, () => writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"])))).toThrow(/EACCES/);
      expect(read(join(outdir, "stacks/lab/cdk.tf.json"))).toBe("old");
      expect(read(join(outdir, "stacks/lab/terraform.tfstate"))).toBe("state");
      expect(readdirSync(root)).toEqual(["cdktf.out"]);
    },
  );

  it("fail:move-new-in and the way back: says that cdktf.out is missing and where the whole previous output is; the next run puts it back", () => {
    const { outdir, root } = projectWith({ "stacks/lab/cdk.tf.json": "old" });
    expect(() =>
      withFault("fail:move-new-in,fail:restore-old", () => writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"]))),
    ).toThrow(
      new OutputSwapError(outdir, `${outdir}.previous-${process.pid}`, Object.assign(new Error("x"), { code: "EACCES", path: outdir })),
    );
    expect(existsSync(outdir)).toBe(false);
    expect(read(join(`${outdir}.previous-${process.pid}`, "stacks/lab/cdk.tf.json"))).toBe("old");
    recoverInterruptedSwap(outdir);
    expect(read(join(outdir, "stacks/lab/cdk.tf.json"))).toBe("old");
    expect(readdirSync(root)).toEqual(["cdktf.out"]);
  });

  it("fail:remove-previous (after the swap): returns, the new output is whole, and a warning names the leftover, never 'left as it was'", () => {
    const { outdir, root } = projectWith({ "stacks/old/cdk.tf.json": "old" });
    const stderr = stderrOf(() =>
      withFault("fail:remove-previous", () => writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"]))),
    );
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["lab"]);
    expect(read(join(outdir, "stacks/lab/cdk.tf.json"))).toBe("new");
    const leftover = `${outdir}.discarded-${process.pid}`;
    expect(stderr).toBe(
      `Wrote the new output to ${outdir} (complete). The previous output could not be removed (EACCES at ${leftover}) and is left in ${leftover}: ` +
        `make it writable and remove it (chmod -R u+w ${leftover} && rm -rf ${leftover}).\n`,
    );
    // Never taken for a previous output: the next run removes it and keeps its own output.
    writeOutputAtomically({ outdir, stackNames: ["lab"] }, writeStacks(["lab"], "newer"));
    expect(read(join(outdir, "stacks/lab/cdk.tf.json"))).toBe("newer");
    expect(readdirSync(root)).toEqual(["cdktf.out"]);
  });
});
