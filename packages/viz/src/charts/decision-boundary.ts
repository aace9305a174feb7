/**
 * The decision boundary of a two-feature binary classifier as an SVG chart: the
 * classifier's output over the plane as filled contour bands, the line where it
 * crosses the threshold, and labelled points on top (Vega-Lite, rendered by Vega).
 */
import type { Spec } from "vega";
import type { TopLevelSpec } from "vega-lite";
import { checkInteger } from "../check";
import { isoline } from "./isoline";
import { CHART_CONFIG, renderVegaLiteSvg } from "./render";

/** A point to mark on the plane. */
export interface BoundaryPoint {
	/** First feature (horizontal axis). */
	x: number;
	/** Second feature (vertical axis). */
	y: number;
	/** Its class, one of `classNames` (decides the colour; other labels get other colours). */
	label: string;
	/** Text written beside the point (e.g. a person's name). */
	name?: string;
	/** A group shown by the marker's shape, e.g. "training" or "new". */
	group?: string;
}

/**
 * Scores rows of [x, y]: one number per row, the classifier's output for class 1
 * (a probability in [0, 1] for a sigmoid output). May be async.
 */
export type BoundaryScorer = (rows: number[][]) => ArrayLike<number> | Promise<ArrayLike<number>>;

/** Options for {@link renderDecisionBoundarySvg}. */
export interface DecisionBoundaryOptions {
	/** Horizontal range (default: the points' range with a margin). */
	xDomain?: readonly [number, number];
	/** Vertical range (default: the points' range with a margin). */
	yDomain?: readonly [number, number];
	/** Grid cells per axis (default 80, 2..400); the scorer is called once with (resolution + 1)² rows. */
	resolution?: number;
	/** Output at which the class changes, in (0, 1) (default 0.5). */
	threshold?: number;
	/** Names of class 0 and class 1, e.g. ["M", "F"] (default ["0", "1"]). */
	classNames?: readonly [string, string];
	/** Title of the points' colour legend (default "class"). */
	classTitle?: string;
	/** Chart title (default "Decision boundary"). */
	title?: string;
	/** Horizontal axis title (default "x"). */
	xTitle?: string;
	/** Vertical axis title (default "y"). */
	yTitle?: string;
	/** Title of the output's colour legend (default "P(<class 1>)"). */
	scoreTitle?: string;
	/** Plot width in pixels (default 440). */
	width?: number;
	/** Plot height in pixels (default 360). */
	height?: number;
}

// Class 0 blue, class 1 orange (Tableau 10) for points; their light shades for the bands.
const CLASS_COLORS = ["#4c78a8", "#f58518"] as const;
const OTHER_COLORS = ["#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d"];
const HEAT_RANGE = ["#9ecae9", "#f7f7f7", "#ffbf79"];
const SHAPES = ["circle", "diamond", "square", "triangle-up", "cross"];
// Filled bands on each side of the threshold, like a filled contour plot.
const BANDS_PER_SIDE = 10;

function finite(value: number, what: string): number {
	if (typeof value !== "number" || !Number.isFinite(value)) {
		throw new RangeError(`renderDecisionBoundarySvg: ${what} is ${String(value)}, not a finite number`);
	}
	return value;
}

function checkDomain(domain: readonly [number, number], axis: string): [number, number] {
	const lo = finite(domain[0], `${axis}Domain[0]`);
	const hi = finite(domain[1], `${axis}Domain[1]`);
	if (!(lo < hi)) throw new RangeError(`renderDecisionBoundarySvg: ${axis}Domain [${lo}, ${hi}] is empty`);
	return [lo, hi];
}

// The points' range with a 15% margin on each side (1 unit each side when they share a value).
function around(values: readonly number[], axis: string): [number, number] {
	if (values.length === 0) {
		throw new RangeError(`renderDecisionBoundarySvg: no points to take the ${axis} range from; pass ${axis}Domain`);
	}
	const lo = Math.min(...values);
	const hi = Math.max(...values);
	const margin = hi > lo ? 0.15 * (hi - lo) : 1;
	return [lo - margin, hi + margin];
}

function unique(values: readonly string[]): string[] {
	return [...new Set(values)];
}

/** Lower edges of the filled bands: BANDS_PER_SIDE equal steps below the threshold and above it. */
function bandEdges(threshold: number): number[] {
	const below = Array.from({ length: BANDS_PER_SIDE }, (_, k) => (k * threshold) / BANDS_PER_SIDE);
	const above = Array.from({ length: BANDS_PER_SIDE }, (_, k) => threshold + (k * (1 - threshold)) / BANDS_PER_SIDE);
	return [...below, ...above];
}

/**
 * Adds the filled bands to the compiled Vega specification, under every other
 * mark: Vega's isocontour transform turns the grid into one polygon per band edge
 * (the region at or above it), painted from the lowest edge up. Vega-Lite has no
 * contour mark, so this is the one part written in Vega; it is placed in pixels,
 * matching the linear x and y scales of the Vega-Lite layers.
 */
function addBands(
	vega: Spec,
	grid: { values: number[]; n: number; width: number; height: number; threshold: number; title: string },
): void {
	const { n, width, height, threshold } = grid;
	// Isocontour puts sample i at i + 0.5; node i of the grid belongs at pixel i·width/n.
	const sx = width / n;
	const sy = height / n;
	const halfBand = `datum.contour.value < ${threshold} ? ${threshold / BANDS_PER_SIDE / 2} : ${(1 - threshold) / BANDS_PER_SIDE / 2}`;
	vega.data = [
		...(vega.data ?? []),
		{
			name: "boundary_grid",
			values: [
				{
					grid: {
						width: n + 1,
						height: n + 1,
						values: grid.values,
						scale: [sx, -sy],
						translate: [-0.5 * sx, height + 0.5 * sy],
					},
				},
			],
			transform: [
				{ type: "isocontour", field: "grid", thresholds: bandEdges(threshold) },
				// Each polygon takes the colour of the middle of the band above its edge.
				{ type: "formula", as: "band", expr: `datum.contour.value + (${halfBand})` },
			],
		},
	];
	vega.scales = [
		...(vega.scales ?? []),
		{ name: "boundary_heat", type: "linear", domain: [0, threshold, 1], range: HEAT_RANGE, clamp: true },
	];
	vega.marks = [
		{
			name: "boundary_bands",
			type: "shape",
			// The polygons reach half a cell past the frame (rounded corners included): clip them.
			clip: true,
			aria: false,
			from: { data: "boundary_grid" },
			encode: { update: { fill: { scale: "boundary_heat", field: "band" } } },
			transform: [{ type: "geoshape", field: "datum.contour" }],
		},
		...(vega.marks ?? []),
	];
	vega.legends = [
		...(vega.legends ?? []),
		{
			fill: "boundary_heat",
			type: "gradient",
			title: grid.title,
			orient: "right",
			gradientLength: 120,
			values: [0, threshold, 1],
			titleFontSize: CHART_CONFIG.legend.titleFontSize,
			labelFontSize: CHART_CONFIG.legend.labelFontSize,
		},
	];
}

/**
 * An SVG document (`<svg ...>...</svg>`) of `score` over the plane: the output in
 * filled bands (class 0's colour below the threshold, class 1's above), the
 * boundary where the output crosses the threshold as a dark line, and the
 * `points` coloured by their label, shaped by group and named. Outputs outside
 * [0, 1] are shown as 0 or 1. Rejects with RangeError for a non-finite point or
 * domain, an empty domain, no points and no domains, a bad resolution, size or
 * threshold, or a scorer that returns the wrong number of values or a non-finite
 * value; TypeError when `score` is not a function; and with what `score` throws.
 */
export async function renderDecisionBoundarySvg(
	score: BoundaryScorer,
	points: readonly BoundaryPoint[] = [],
	options: DecisionBoundaryOptions = {},
): Promise<string> {
	if (typeof score !== "function") throw new TypeError("renderDecisionBoundarySvg: score must be a function");
	points.forEach((p, i) => {
		finite(p.x, `points[${i}].x`);
		finite(p.y, `points[${i}].y`);
	});
	const [x0, x1] = options.xDomain
		? checkDomain(options.xDomain, "x")
		: around(
				points.map((p) => p.x),
				"x",
			);
	const [y0, y1] = options.yDomain
		? checkDomain(options.yDomain, "y")
		: around(
				points.map((p) => p.y),
				"y",
			);
	const n = checkInteger("renderDecisionBoundarySvg", "resolution", options.resolution ?? 80, 2, 400);
	const threshold = finite(options.threshold ?? 0.5, "threshold");
	if (!(threshold > 0 && threshold < 1)) {
		throw new RangeError(`renderDecisionBoundarySvg: threshold must be in (0, 1), got ${threshold}`);
	}
	const width = checkInteger("renderDecisionBoundarySvg", "width", options.width ?? 440, 1);
	const height = checkInteger("renderDecisionBoundarySvg", "height", options.height ?? 360, 1);
	const classNames = options.classNames ?? ["0", "1"];

	// Score the (n+1)² grid nodes in one call: a model runs one batch, not n² samples.
	const dx = (x1 - x0) / n;
	const dy = (y1 - y0) / n;
	const nodes: number[][] = [];
	for (let j = 0; j <= n; j++) for (let i = 0; i <= n; i++) nodes.push([x0 + i * dx, y0 + j * dy]);
	const scores = await score(nodes);
	if (!scores || scores.length !== nodes.length) {
		throw new RangeError(
			`renderDecisionBoundarySvg: the scorer returned ${scores?.length ?? "no"} values for ${nodes.length} rows`,
		);
	}
	const values = Array.from(scores, (v, k) => finite(v, `the score at [${nodes[k]?.join(", ")}]`));
	const boundary = isoline(values, n + 1, n + 1, threshold).map((s) => ({
		x: x0 + s.x1 * dx,
		y: y0 + s.y1 * dy,
		x2: x0 + s.x2 * dx,
		y2: y0 + s.y2 * dy,
	}));

	const labels = unique([...classNames, ...points.map((p) => p.label)]);
	const groups = unique(points.flatMap((p) => (p.group === undefined ? [] : [p.group])));
	const pointRows = points.map((p) => ({ x: p.x, y: p.y, label: p.label, name: p.name ?? "", group: p.group ?? "" }));
	const x = {
		field: "x",
		type: "quantitative" as const,
		title: options.xTitle ?? "x",
		scale: { domain: [x0, x1], nice: false, zero: false },
	};
	const y = {
		field: "y",
		type: "quantitative" as const,
		title: options.yTitle ?? "y",
		scale: { domain: [y0, y1], nice: false, zero: false },
	};

	const spec: TopLevelSpec = {
		$schema: "https://vega.github.io/schema/vega-lite/v6.json",
		title: options.title ?? "Decision boundary",
		width,
		height,
		background: "white",
		padding: 12,
		config: CHART_CONFIG,
		layer: [
			{
				data: { values: boundary },
				// Dozens of tiny segments: no accessibility label for each.
				mark: { type: "rule", color: "#333", strokeWidth: 2, strokeCap: "round", aria: false },
				encoding: { x, y, x2: { field: "x2" }, y2: { field: "y2" } },
			},
			{
				data: { values: pointRows },
				mark: { type: "point", filled: true, size: 140, stroke: "white", strokeWidth: 1.5, opacity: 1 },
				encoding: {
					x,
					y,
					color: {
						field: "label",
						type: "nominal",
						title: options.classTitle ?? "class",
						scale: { domain: labels, range: [...CLASS_COLORS, ...OTHER_COLORS] },
					},
					...(groups.length > 0
						? { shape: { field: "group", type: "nominal", title: null, scale: { domain: groups, range: SHAPES } } }
						: {}),
				},
			},
			{
				data: { values: pointRows },
				mark: { type: "text", align: "left", baseline: "bottom", dx: 7, dy: -5, fontSize: 11, color: "#222" },
				encoding: { x, y, text: { field: "name" } },
			},
		],
	};
	return renderVegaLiteSvg(spec, (vega) =>
		addBands(vega, {
			values: values.map((v) => Math.min(Math.max(v, 0), 1)),
			n,
			width,
			height,
			threshold,
			title: options.scoreTitle ?? `P(${classNames[1]})`,
		}),
	);
}
