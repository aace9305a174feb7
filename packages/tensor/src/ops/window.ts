/**
 * The options of the 2-D window ops (conv2d, maxPool2d, avgPool2d), their
 * checks, and the window geometry they imply, with TensorFlow's padding rules.
 */
import type { WindowGeometry } from "../backends/backend";
import { formatShape, ShapeError } from "../errors";
import type { Tensor } from "../tensor";
import { describe } from "./operand";

/**
 * How a window treats the border: `'valid'` only places windows wholly inside the
 * input; `'same'` pads so the output has `ceil(input / stride)` pixels per axis,
 * splitting the padding as TensorFlow does (the odd pixel at the bottom and right).
 */
export type Padding = "valid" | "same";

/** A size per spatial axis: one number for both, or `[height, width]`. */
export type Size2D = number | readonly [number, number];

/** Options of `conv2d`. */
export interface Conv2DOptions {
	/** Step between windows (default 1). */
	readonly strides?: Size2D;
	/** Border rule (default `'valid'`). */
	readonly padding?: Padding;
	/** Spacing between the filter's taps (default 1: a dense filter). */
	readonly dilations?: Size2D;
}

/** Options of `maxPool2d` and `avgPool2d`. */
export interface Pool2DOptions {
	/** The window's size. */
	readonly poolSize: Size2D;
	/** Step between windows (default `poolSize`). */
	readonly strides?: Size2D;
	/** Border rule (default `'valid'`). */
	readonly padding?: Padding;
}

// A positive-integer size per axis; throws RangeError naming the op and the option.
function size2D(value: unknown, op: string, name: string): [number, number] {
	const pair = typeof value === "number" ? [value, value] : Array.isArray(value) && value.length === 2 ? value : null;
	if (pair === null || !pair.every((v) => Number.isInteger(v) && v >= 1)) {
		const shown = Array.isArray(value) ? `[${value.join(",")}]` : describe(value);
		throw new RangeError(`${op}: ${name} must be a positive integer or a pair [height, width] of them, got ${shown}`);
	}
	return pair as [number, number];
}

// The options object checked for unknown keys (a typo such as `stride` must not pass silently).
function optionsOf<T extends object>(options: unknown, op: string, known: readonly string[]): Partial<T> {
	if (options === undefined) return {};
	if (options === null || typeof options !== "object" || Array.isArray(options)) {
		throw new TypeError(`${op}: options must be an object, got ${describe(options)}`);
	}
	for (const key of Object.keys(options)) {
		if (!known.includes(key)) throw new TypeError(`${op}: unknown option '${key}' (known: ${known.join(", ")})`);
	}
	return options as Partial<T>;
}

function paddingOf(value: unknown, op: string): Padding {
	if (value === undefined) return "valid";
	if (value === "valid" || value === "same") return value;
	throw new RangeError(`${op}: padding must be 'valid' or 'same', got ${describe(value)}`);
}

/** A window op's checked options: window size, strides, dilations and padding. */
export interface WindowOptions {
	readonly window: [number, number];
	readonly strides: [number, number];
	readonly dilations: [number, number];
	readonly padding: Padding;
}

/** conv2d's options checked; the window is the filter's `[kh, kw]`. Throws RangeError or TypeError naming the option. */
export function convOptions(options: unknown, window: [number, number]): WindowOptions {
	const o = optionsOf<Conv2DOptions>(options, "conv2d", ["strides", "padding", "dilations"]);
	return {
		window,
		strides: o.strides === undefined ? [1, 1] : size2D(o.strides, "conv2d", "strides"),
		dilations: o.dilations === undefined ? [1, 1] : size2D(o.dilations, "conv2d", "dilations"),
		padding: paddingOf(o.padding, "conv2d"),
	};
}

/** A pooling op's options checked (`strides` defaults to `poolSize`). Throws RangeError or TypeError naming the option. */
export function poolOptions(options: unknown, op: string): WindowOptions {
	if (options === undefined) throw new TypeError(`${op}: options { poolSize, strides?, padding? } are required`);
	const o = optionsOf<Pool2DOptions>(options, op, ["poolSize", "strides", "padding"]);
	const window = size2D(o.poolSize, op, "poolSize");
	return {
		window,
		strides: o.strides === undefined ? window : size2D(o.strides, op, "strides"),
		dilations: [1, 1],
		padding: paddingOf(o.padding, op),
	};
}

/** Throws ShapeError naming `op` unless `x` is `[batch, height, width, channels]`. */
export function checkImage(x: Tensor, op: string, what = "input"): void {
	if (x.rank !== 4) {
		throw new ShapeError(
			`${op}: ${what} must be 4-D [batch, height, width, channels] (NHWC), got ${formatShape(x.shape)}`,
		);
	}
}

// Output size and leading padding along one axis (TensorFlow's rules).
function axisGeometry(size: number, window: number, stride: number, dilation: number, padding: Padding) {
	const span = (window - 1) * dilation + 1;
	if (padding === "valid") return { out: size >= span ? Math.floor((size - span) / stride) + 1 : 0, before: 0, span };
	const out = Math.ceil(size / stride);
	const total = Math.max((out - 1) * stride + span - size, 0);
	return { out, before: Math.floor(total / 2), span };
}

/**
 * The geometry of a window op over NHWC `shape`. Throws ShapeError naming the op and
 * the shapes when the (dilated) window is larger than the padded input.
 */
export function windowGeometry(op: string, shape: readonly number[], o: WindowOptions): WindowGeometry {
	const [batch, inHeight, inWidth, channels] = shape as [number, number, number, number];
	const h = axisGeometry(inHeight, o.window[0], o.strides[0], o.dilations[0], o.padding);
	const w = axisGeometry(inWidth, o.window[1], o.strides[1], o.dilations[1], o.padding);
	if (o.padding === "valid" && (h.span > inHeight || w.span > inWidth)) {
		const what = op === "conv2d" ? "filter" : "pool window";
		const dilated = h.span !== o.window[0] || w.span !== o.window[1] ? ` (dilated to ${h.span}x${w.span})` : "";
		throw new ShapeError(
			`${op}: ${what} ${o.window[0]}x${o.window[1]}${dilated} is larger than the input ${inHeight}x${inWidth} of ${formatShape(shape)} with '${o.padding}' padding`,
		);
	}
	return {
		batch,
		inHeight,
		inWidth,
		channels,
		outHeight: h.out,
		outWidth: w.out,
		windowHeight: o.window[0],
		windowWidth: o.window[1],
		strideHeight: o.strides[0],
		strideWidth: o.strides[1],
		dilationHeight: o.dilations[0],
		dilationWidth: o.dilations[1],
		padTop: h.before,
		padLeft: w.before,
	};
}
