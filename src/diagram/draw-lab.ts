import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeStack } from "../analysis/analyze-stack";
import type { LabIntent } from "../analysis/intent";
import { INTENT_FILE } from "../analysis/intent";
import type { TerraformJson } from "../analysis/terraform-json";
import type { DiagramGraph } from "./lab-dot";
import { labGraph } from "./lab-dot";
import { labHtml, styledSvg } from "./lab-html";
import type { LabTopology } from "./lab-topology";
import { buildLabTopology } from "./lab-topology";

/** The picture written beside `cdk.tf.json`. */
export const DIAGRAM_SVG_FILE = "lab.svg";
/** The interactive page written beside `cdk.tf.json`. */
export const DIAGRAM_HTML_FILE = "lab.html";

/** A Graphviz layout function: `@hpcc-js/wasm-graphviz`'s `Graphviz` has this shape. */
export interface GraphvizLayout {
  layout(dot: string, format: "svg", engine: DiagramGraph["engine"]): string;
}

/** One lab drawn: the picture and the page, with what they were drawn from. */
export interface LabDrawing {
  readonly topology: LabTopology;
  readonly graph: DiagramGraph;
  /** lab.svg: the picture, its stylesheet embedded. */
  readonly svg: string;
  /** lab.html: the self-contained interactive page. */
  readonly html: string;
}

/**
 * Draws one synthesized stack: analyses it, reads its topology, lays it out with Graphviz and
 * renders the SVG and the page. Deterministic: the same Terraform and intent give the same bytes.
 */
export function drawLab(terraform: TerraformJson, intent: LabIntent, graphviz: GraphvizLayout): LabDrawing {
  const topology = buildLabTopology(intent, analyzeStack(terraform, intent));
  const graph = labGraph(topology);
  const raw = graphviz.layout(graph.dot, "svg", graph.engine);
  return { topology, graph, svg: styledSvg(raw), html: labHtml(topology, graph, raw) };
}

/** The outcome of `npm run diagram`. */
export interface DrawOutcome {
  readonly exitCode: number;
  readonly output: string;
}

/**
 * `npm run diagram`: draws every `<outdir>/stacks/<name>/cdk.tf.json` with its `lab-intent.json`
 * and writes lab.svg and lab.html beside them (each replaced atomically). Exit code 1 when there
 * is nothing to draw or a stack lacks its intent.
 */
export function drawStacks(outdir: string, graphviz: GraphvizLayout): DrawOutcome {
  const stacksDir = join(outdir, "stacks");
  const names = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  const lines: string[] = [];
  let drawn = 0;
  let failed = false;
  for (const name of names) {
    const dir = join(stacksDir, name);
    const path = join(dir, "cdk.tf.json");
    const intentPath = join(dir, INTENT_FILE);
    if (!existsSync(path)) {
      lines.push(`${dir} holds no cdk.tf.json (an HCL synth?): run npm run synth, which writes JSON, then npm run diagram.`);
      failed = true;
      continue;
    }
    if (!existsSync(intentPath)) {
      lines.push(`${intentPath} is missing: it is written by npm run synth; run it, then npm run diagram.`);
      failed = true;
      continue;
    }
    const started = performance.now();
    const terraform = readJson<TerraformJson>(path);
    const intent = readJson<LabIntent>(intentPath);
    if (typeof terraform === "string" || typeof intent === "string") {
      lines.push([terraform, intent].filter((problem) => typeof problem === "string").join("\n"));
      failed = true;
      continue;
    }
    const drawing = drawLab(terraform, intent, graphviz);
    writeAtomically(join(dir, DIAGRAM_SVG_FILE), drawing.svg);
    writeAtomically(join(dir, DIAGRAM_HTML_FILE), drawing.html);
    drawn++;
    const against = drawing.topology.paths.filter((p) => p.verdict !== "unknown" && !p.asIntended).length;
    lines.push(
      `Drew stack "${name}" (${drawing.topology.vpcs.length} VPCs, ${drawing.topology.paths.length} paths${against > 0 ? `, ${against} against intent` : ""}, ${drawing.graph.mode}) in ${(performance.now() - started).toFixed(0)} ms:`,
      `  ${join(dir, DIAGRAM_SVG_FILE)}`,
      `  ${join(dir, DIAGRAM_HTML_FILE)}  (open it in a browser: hover a path or a resource)`,
    );
  }
  if (drawn === 0 && !failed)
    return { exitCode: 1, output: `Nothing to draw in ${stacksDir}: run npm run synth first, then npm run diagram.` };
  return { exitCode: failed ? 1 : 0, output: lines.join("\n") };
}

/** A JSON file's contents, or what is wrong with it (a sentence for the user). */
function readJson<T>(path: string): T | string {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (error) {
    return `${path} cannot be read as JSON (${error instanceof Error ? error.message : String(error)}): run npm run synth again, then npm run diagram.`;
  }
}

function writeAtomically(path: string, contents: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
