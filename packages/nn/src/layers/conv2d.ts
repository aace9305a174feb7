/** The 2-D convolution layer, NHWC, filters [kh, kw, in, out] (TensorFlow.js's layouts). */
import { type Variable, variable } from "@backprop/autograd";
import { type DType, type Padding, Rng, ShapeError, type Size2D, zeros } from "@backprop/tensor";
import { type ActivationFunction, type ActivationSpec, getActivation } from "../activations";
import { getInitializer, type InitializerSpec } from "../initializers";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkInput, checkPositive, showShape } from "./input-check";

/** Options for {@link Conv2D}. */
export interface Conv2DLayerOptions {
	/** Step between windows, a number or [h, w] (default 1). */
	strides?: Size2D;
	/** `'valid'` (default) or `'same'` (TensorFlow's rule). */
	padding?: Padding;
	/** Spacing between filter taps, a number or [h, w] (default 1). */
	dilations?: Size2D;
	/** Activation after the convolution (default `linear`). */
	activation?: ActivationSpec;
	/** Whether to add a bias per filter (default true). */
	useBias?: boolean;
	/** Filter initializer (default `glorotUniform`, fans as Keras: kh·kw·in and kh·kw·out). */
	init?: InitializerSpec;
	/** Generator for the initializer (default: a new Rng(seed)). */
	rng?: Rng;
	/** Seed when no `rng` is given (default 0). */
	seed?: number;
	/** Parameter dtype (default float64). */
	dtype?: DType;
}

/** A size given as a number or [h, w], as a pair; RangeError naming the layer otherwise. */
export function pairOf(layer: string, what: string, v: Size2D): [number, number] {
	const pair = typeof v === "number" ? [v, v] : Array.isArray(v) && v.length === 2 ? [...v] : null;
	if (pair === null || !pair.every((d) => Number.isInteger(d) && d >= 1)) {
		throw new RangeError(
			`${layer}: ${what} must be a positive integer or a pair [h, w] of them, got ${JSON.stringify(v)}`,
		);
	}
	return pair as [number, number];
}

/** Checks padding; RangeError naming the layer otherwise. */
export function paddingOf(layer: string, v: unknown): Padding {
	if (v === undefined) return "valid";
	if (v === "valid" || v === "same") return v;
	throw new RangeError(`${layer}: padding must be 'valid' or 'same', got ${JSON.stringify(v)}`);
}

/**
 * Throws ShapeError naming the layer when a window of `extent` [h, w] does not
 * fit an input [batch, h, w, c] under 'valid' padding.
 */
export function checkWindow(
	layer: Module,
	x: Variable,
	extent: [number, number],
	padding: Padding,
	what: string,
): void {
	if (padding === "same") return;
	const [, h, w] = x.shape as [number, number, number, number];
	if (extent[0] > h || extent[1] > w) {
		throw new ShapeError(
			`${layer.label}: the ${what} ${extent[0]}x${extent[1]} is larger than the input ${showShape(x.shape)} (${h}x${w}) with 'valid' padding`,
		);
	}
}

/**
 * A 2-D convolution: `activation(conv2d(x, filter) + bias)` for x [batch, h, w,
 * inChannels], filter [kh, kw, inChannels, filters], bias [filters], as Keras's
 * Conv2D (TensorFlow's padding rule for 'same'). Throws RangeError for bad sizes
 * or options.
 */
export class Conv2D extends Module {
	/** The filter, [kh, kw, inChannels, filters]. */
	readonly weight: Variable;
	/** The bias, [filters], or null without one. */
	readonly bias: Variable | null;
	/** The window, [kh, kw]. */
	readonly kernelSize: [number, number];
	/** Strides, [h, w]. */
	readonly strides: [number, number];
	/** Dilations, [h, w]. */
	readonly dilations: [number, number];
	/** Padding rule. */
	readonly padding: Padding;
	/** The resolved activation. */
	readonly activation: ActivationFunction;
	/** Name of the initializer (or "custom"). */
	readonly init: string;

	/** Creates the layer. */
	constructor(
		readonly inChannels: number,
		readonly filters: number,
		kernelSize: Size2D,
		options: Conv2DLayerOptions = {},
	) {
		super();
		checkPositive("Conv2D", "inChannels", inChannels);
		checkPositive("Conv2D", "filters", filters);
		this.kernelSize = pairOf("Conv2D", "kernelSize", kernelSize);
		this.strides = pairOf("Conv2D", "strides", options.strides ?? 1);
		this.dilations = pairOf("Conv2D", "dilations", options.dilations ?? 1);
		this.padding = paddingOf("Conv2D", options.padding);
		this.activation = getActivation(options.activation ?? "linear");
		const spec = options.init ?? "glorotUniform";
		this.init = typeof spec === "string" ? spec : "custom";
		const dtype = options.dtype ?? "float64";
		const [kh, kw] = this.kernelSize;
		const rng = options.rng ?? new Rng(options.seed ?? 0);
		const shape = [kh, kw, inChannels, filters];
		const w = getInitializer(spec)(shape, { rng, fanIn: kh * kw * inChannels, fanOut: kh * kw * filters, dtype });
		this.weight = variable(w.astype(dtype), { requiresGrad: true, name: "weight" });
		this.bias =
			(options.useBias ?? true) ? variable(zeros([filters], { dtype }), { requiresGrad: true, name: "bias" }) : null;
	}

	/**
	 * The convolution of x [batch, h, w, inChannels]. Throws ShapeError naming the
	 * layer for another rank or channel count, or a kernel larger than the input.
	 */
	forward(x: Variable): Variable {
		checkInput(this, x, ["batch", "h", "w", this.inChannels]);
		const [kh, kw] = this.kernelSize;
		const [dh, dw] = this.dilations;
		checkWindow(this, x, [(kh - 1) * dh + 1, (kw - 1) * dw + 1], this.padding, "kernel");
		const z = x.conv2d(this.weight, { strides: this.strides, padding: this.padding, dilations: this.dilations });
		return this.activation.apply(this.bias ? z.add(this.bias) : z);
	}

	/** `{ inChannels, filters, kernelSize, strides, padding, dilations, activation, useBias, init }`. */
	override getConfig(): JsonObject {
		return {
			inChannels: this.inChannels,
			filters: this.filters,
			kernelSize: [...this.kernelSize],
			strides: [...this.strides],
			padding: this.padding,
			dilations: [...this.dilations],
			activation: this.activation.name,
			useBias: this.bias !== null,
			init: this.init,
		};
	}
}
