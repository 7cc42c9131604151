/**
 * The golden outputs: the default lab and a dozen varied labs synthesize byte-identical
 * `cdk.tf.json` and `lab-intent.json` to the pinned copies in test-support/golden/. This guards
 * every refactoring of the model, the stack and the constructs. An intended change regenerates the
 * pinned copies explicitly: `UPDATE_GOLDEN=1 npx jest __tests__/stacks/golden-outputs.test.ts`.
 */
import { GOLDEN_LABS, storedGolden, synthesizeGolden, UPDATE_GOLDEN_ENV_VAR, writeGolden } from "../../test-support/golden-labs";

const update = process.env[UPDATE_GOLDEN_ENV_VAR] === "1";

describe("golden outputs", () => {
  it.each(Object.keys(GOLDEN_LABS))("synthesizes the %s lab byte-identical to its pinned cdk.tf.json and lab-intent.json", (lab) => {
    const synthesized = synthesizeGolden(lab);
    if (update) writeGolden(lab, synthesized);
    const stored = new Map(storedGolden(lab).map((file) => [file.path, file.text]));
    expect([...stored.keys()].sort()).toEqual(synthesized.map((file) => file.path).sort());
    for (const file of synthesized) {
      // Compared as text, so that key order and spacing are pinned too; the path names the file in a
      // failure, which shows the pinned text as expected and today's synth as received.
      expect({ path: file.path, text: file.text }).toEqual({ path: file.path, text: stored.get(file.path) });
    }
  });
});
