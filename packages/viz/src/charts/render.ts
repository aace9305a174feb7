/** Vega-Lite specifications to SVG text, in Node, with no canvas and no browser. */
import type { Spec } from "vega";
import type { TopLevelSpec } from "vega-lite";

/** The shared look of every chart: a readable font size, no heavy frame. */
export const CHART_CONFIG = {
	font: "Helvetica, Arial, sans-serif",
	view: { stroke: "#ddd" },
	axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#eee" },
	legend: { labelFontSize: 11, titleFontSize: 12 },
	title: { fontSize: 14, anchor: "start", offset: 10 },
} as const;

/**
 * Compiles a Vega-Lite specification to Vega and renders it to an SVG document
 * (a string starting with `<svg`). Vega and Vega-Lite are imported on first use,
 * so programs that import this module but never plot (a `--help`) start fast.
 * `extend` may add to the compiled Vega specification what Vega-Lite cannot express
 * (the decision boundary adds filled contours). Rejects with what Vega-Lite or Vega
 * throw for an invalid specification, and with what `extend` throws.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec, extend?: (vega: Spec) => void): Promise<string> {
	const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
	const compiled = compile(spec).spec;
	extend?.(compiled);
	// renderer "none": no scenegraph is drawn to a canvas; toSVG builds the markup itself.
	const view = new View(parse(compiled), { renderer: "none" });
	try {
		return await view.toSVG();
	} finally {
		// Releases the view's timers and listeners so the process can exit.
		view.finalize();
	}
}
