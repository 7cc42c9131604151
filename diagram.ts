import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { drawStacks } from "./src/diagram/draw-lab";

// `npm run diagram`: after a synth, draws each stack of cdktf.out (CDKTF_OUTDIR) with its proven
// paths: lab.svg and lab.html beside cdk.tf.json.
async function main(): Promise<void> {
  const graphviz = await Graphviz.load();
  const outcome = drawStacks(process.env.CDKTF_OUTDIR || "cdktf.out", graphviz);
  console.log(outcome.output);
  process.exitCode = outcome.exitCode;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
