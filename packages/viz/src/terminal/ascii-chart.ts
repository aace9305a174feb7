/** Loss curves drawn with text (asciichart), for terminals and logs. */
import { cyan, plot } from "asciichart";
import { checkInteger } from "../check";
import { stripAnsi } from "./colors";

/** Options for {@link renderAsciiLossCurve}. */
export interface AsciiLossCurveOptions {
	/** Lines of the plot area (default 10). */
	height?: number;
	/** Most columns of the plot area; longer curves are sampled down to it (default 60, at least 2). */
	width?: number;
	/** Decimals of the y-axis labels on a linear scale (default 4). */
	decimals?: number;
	/**
	 * Logarithmic y axis (default false): a loss that falls from 0.4 to 0.001 shows
	 * its whole descent instead of a drop and a flat line. Labels stay in loss units.
	 */
	logScale?: boolean;
	/** Name of the x axis under the chart (default "epoch"). */
	xLabel?: string;
	/** Draw the curve in colour (ANSI; default false — pass `colors.enabled`). */
	color?: boolean;
}

/**
 * Picks `width` evenly spaced entries of `values` (always the first and the last),
 * or all of them when there are no more than `width`. Returns the sampled values
 * and the index each came from. Throws RangeError for a width that is not an integer ≥ 2.
 */
export function downsample(values: readonly number[], width: number): { values: number[]; indices: number[] } {
	checkInteger("downsample", "width", width, 2);
	if (values.length <= width) return { values: [...values], indices: values.map((_, i) => i) };
	const last = values.length - 1;
	const indices = Array.from({ length: width }, (_, k) => Math.round((k * last) / (width - 1)));
	return { values: indices.map((i) => values[i]), indices };
}

/**
 * The loss curve as lines of text: a y axis with values, the curve, and under
 * it the epoch numbers of its first and last points (the first entry is epoch 1).
 * Curves longer than `width` are sampled down to `width` columns, keeping the
 * first and last epochs. Throws RangeError for an empty curve, a non-finite
 * value, a value ≤ 0 on a log scale, a height that is not a positive integer or a
 * width that is not an integer ≥ 2.
 */
export function renderAsciiLossCurve(loss: readonly number[], options: AsciiLossCurveOptions = {}): string {
	const height = checkInteger("renderAsciiLossCurve", "height", options.height ?? 10, 1);
	const width = checkInteger("renderAsciiLossCurve", "width", options.width ?? 60, 2);
	const decimals = options.decimals ?? 4;
	if (loss.length === 0) throw new RangeError("renderAsciiLossCurve: the loss curve is empty");
	const bad = loss.findIndex((v) => !Number.isFinite(v));
	if (bad >= 0) throw new RangeError(`renderAsciiLossCurve: the loss at epoch ${bad + 1} is ${loss[bad]}, not finite`);

	const logScale = options.logScale ?? false;
	if (logScale) {
		const i = loss.findIndex((v) => v <= 0);
		if (i >= 0)
			throw new RangeError(
				`renderAsciiLossCurve: the loss at epoch ${i + 1} is ${loss[i]}; a log scale needs values above 0`,
			);
	}

	const sampled = downsample(loss, width);
	// asciichart draws lines between points: one point alone would draw nothing.
	const values = sampled.values.length === 1 ? [loss[0], loss[0]] : sampled.values;
	// On a log scale the chart is of log10(loss); labels turn it back into loss values.
	const series = logScale ? values.map(Math.log10) : values;
	const label = (v: number) => (logScale ? String(Number((10 ** v).toPrecision(2))) : v.toFixed(decimals));
	const min = Math.min(...series);
	const max = Math.max(...series);
	const oneLine = height === 1 || max === min;
	const rows = oneLine ? [max] : Array.from({ length: height }, (_, k) => min + ((max - min) * k) / (height - 1));
	const labelWidth = Math.max(...rows.map((v) => label(v).length));
	const drawn = plot(series, {
		// asciichart's height counts steps between lines, so `height` lines is height - 1 steps.
		height: height - 1,
		// With a single line (a flat curve, or height 1) asciichart passes the row index
		// instead of a value to the formatter: label that line with the top value.
		format: (v: number) => label(oneLine ? max : v).padStart(labelWidth),
		...(options.color ? { colors: [cyan] } : {}),
	});
	// asciichart pads every line to the full width; trailing blanks only get in the way.
	const chart = drawn
		.split("\n")
		.map((line) => line.trimEnd())
		.join("\n");
	// The curve starts one column after the axis character (┤ or ┼) of the first line.
	const firstLine = stripAnsi(chart.split("\n")[0] ?? "");
	const indent = Math.max(firstLine.indexOf("┤"), firstLine.indexOf("┼")) + 1;
	const first = `${options.xLabel ?? "epoch"} 1`;
	if (loss.length === 1) return `${chart}\n${" ".repeat(indent)}${first}`;
	const last = String(sampled.indices[sampled.indices.length - 1] + 1);
	// Segment k of the curve is drawn in column indent + k, so the last one ends series.length - 1 columns in.
	const span = Math.max(series.length - 1, first.length + last.length + 1);
	const axis = `${" ".repeat(indent)}${first}${last.padStart(span - first.length)}`;
	return `${chart}\n${axis}`;
}
