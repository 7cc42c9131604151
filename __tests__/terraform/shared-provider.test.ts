/**
 * The provider process that the real-Terraform suite's validates share (test-support/terraform-harness.ts):
 * it is attached by the TF_REATTACH_PROVIDERS value it prints, and it never outlives the suite, whether
 * the suite stops it or the process that started it is killed. A stand-in provider (a shell script that
 * prints what the AWS provider's -debug mode prints, then waits) keeps this fast and terraform-free.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { startSharedProvider } from "../../test-support/terraform-harness";

const work = mkdtempSync(join(tmpdir(), "shared-provider-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A stand-in for `terraform-provider-aws -debug`: prints the reattach line with its own pid, then waits. */
const fakeProvider = join(work, "terraform-provider-fake");
writeFileSync(
  fakeProvider,
  `#!/bin/sh
[ "$1" = "-debug" ] || exit 3
echo "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:"
echo ""
echo "	TF_REATTACH_PROVIDERS='{\\"registry.terraform.io/hashicorp/aws\\":{\\"Protocol\\":\\"grpc\\",\\"ProtocolVersion\\":5,\\"Pid\\":$$,\\"Test\\":true,\\"Addr\\":{\\"Network\\":\\"unix\\",\\"String\\":\\"/tmp/plugin0\\"}}}'"
exec sleep 600
`,
);
chmodSync(fakeProvider, 0o755);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidOf = (reattach: string) => (JSON.parse(reattach) as Record<string, { Pid: number }>)["registry.terraform.io/hashicorp/aws"]!.Pid;

/** Waits up to 5 s for `pid` to be gone. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return !alive(pid);
}

describe("the shared provider of the validates", () => {
  it("is attached by the TF_REATTACH_PROVIDERS value it prints, and is gone once stopped", async () => {
    const provider = await startSharedProvider(fakeProvider, process.env);
    const pid = pidOf(provider.reattach);
    expect(alive(pid)).toBe(true);
    await provider.stop();
    expect(await gone(pid)).toBe(true);
  });

  it("is gone when the process that started it is killed outright (a jest worker on a timeout)", async () => {
    // The harness, bundled to run in a plain node process that is then sent SIGKILL.
    const harness = join(work, "harness.js");
    buildSync({
      entryPoints: [join(__dirname, "../../test-support/terraform-harness.ts")],
      bundle: true,
      platform: "node",
      packages: "external",
      outfile: harness,
      logLevel: "silent",
    });
    const starter = spawn(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(harness)}).startSharedProvider(${JSON.stringify(fakeProvider)}, process.env).then((p) => console.log(p.reattach))`,
      ],
      // The bundle leaves the packages to require: from the project's node_modules.
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_PATH: join(__dirname, "../../node_modules") } },
    );
    const reattach = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      starter.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      starter.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      starter.once("exit", (code) => reject(new Error(`the starter exited (code ${code}) before the provider was attached:\n${err}`)));
    });
    const pid = pidOf(reattach);
    expect(alive(pid)).toBe(true);
    starter.kill("SIGKILL");
    expect(await gone(pid)).toBe(true);
  });

  it("fails with the provider's output when it exits before printing how to attach", async () => {
    const broken = join(work, "terraform-provider-broken");
    writeFileSync(broken, "#!/bin/sh\necho 'Error: no plugin for you'\nexit 1\n");
    chmodSync(broken, 0o755);
    await expect(startSharedProvider(broken, process.env)).rejects.toThrow(
      /exited \(code \d+\) before it could be attached:\nError: no plugin for you/,
    );
  });
});
