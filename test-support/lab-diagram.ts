import type { LabDrawing } from "../src/diagram/draw-lab";
import { drawLab } from "../src/diagram/draw-lab";
import { loadGraphviz } from "./diagram-graphviz";
import type { AnalysisFixture } from "./lab-analysis";

/** A drawn element of an SVG from Graphviz: its id and CSS classes. */
export interface SvgElement {
  readonly id: string;
  readonly classes: readonly string[];
}

/** Every `<g>` with an id in a Graphviz SVG (nodes, edges, clusters), in document order. */
export function svgElements(svg: string): SvgElement[] {
  return [...svg.matchAll(/<g id="([^"]*)" class="([^"]*)"/g)].map((m) => ({
    id: unescapeXml(m[1]!),
    classes: unescapeXml(m[2]!).split(/\s+/),
  }));
}

/** The ids of the SVG elements that carry all the given classes. */
export function idsWithClasses(svg: string, ...classes: string[]): string[] {
  return svgElements(svg)
    .filter((element) => classes.every((c) => element.classes.includes(c)))
    .map((element) => element.id);
}

/** The classes of the SVG element with this id; fails loudly when it is not drawn. */
export function classesOf(svg: string, id: string): readonly string[] {
  const found = svgElements(svg).find((element) => element.id === id);
  if (!found)
    throw new Error(
      `no element ${id} in the SVG; have: ${svgElements(svg)
        .map((e) => e.id)
        .join(", ")}`,
    );
  return found.classes;
}

/** Draws a fixture with the real Graphviz. */
export async function drawFixture(fixture: AnalysisFixture): Promise<LabDrawing> {
  return drawLab(fixture.json, fixture.intent, await loadGraphviz());
}

/** The SVG with Graphviz's character references decoded, to search its text. */
export function svgText(svg: string): string {
  return unescapeXml(svg);
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#45;/g, "-")
    .replace(/&amp;/g, "&");
}
