/** Pooling layers over NHWC images. */
import type { Variable } from "@backprop/autograd";
import type { Padding, Size2D } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkWindow, paddingOf, pairOf } from "./conv2d";
import { checkInput } from "./input-check";

/** Options for {@link MaxPool2D} and {@link AvgPool2D}. */
export interface Pool2DLayerOptions {
	/** The window, a number or [h, w] (default 2). */
	poolSize?: Size2D;
	/** Step between windows (default `poolSize`). */
	strides?: Size2D;
	/** `'valid'` (default) or `'same'`. */
	padding?: Padding;
}

abstract class Pool2D extends Module {
	/** The window, [h, w]. */
	readonly poolSize: [number, number];
	/** Strides, [h, w]. */
	readonly strides: [number, number];
	/** Padding rule. */
	readonly padding: Padding;

	constructor(kind: string, options: Pool2DLayerOptions) {
		super();
		this.poolSize = pairOf(kind, "poolSize", options.poolSize ?? 2);
		this.strides = pairOf(kind, "strides", options.strides ?? this.poolSize);
		this.padding = paddingOf(kind, options.padding);
	}

	protected check(x: Variable): void {
		checkInput(this, x, ["batch", "h", "w", "channels"]);
		checkWindow(this, x, this.poolSize, this.padding, "pool window");
	}

	protected get opOptions() {
		return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
	}

	/** `{ poolSize, strides, padding }`. */
	override getConfig(): JsonObject {
		return { poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
	}
}

/** The maximum of each window, per channel, as Keras's MaxPooling2D. Throws RangeError for bad options. */
export class MaxPool2D extends Pool2D {
	/** Creates the layer. */
	constructor(options: Pool2DLayerOptions = {}) {
		super("MaxPool2D", options);
	}

	/** Pools x [batch, h, w, channels]. Throws ShapeError naming the layer for another rank or a window larger than the input. */
	forward(x: Variable): Variable {
		this.check(x);
		return x.maxPool2d(this.opOptions);
	}
}

/** The mean of each window, per channel, as Keras's AveragePooling2D. Throws RangeError for bad options. */
export class AvgPool2D extends Pool2D {
	/** Creates the layer. */
	constructor(options: Pool2DLayerOptions = {}) {
		super("AvgPool2D", options);
	}

	/** Pools x [batch, h, w, channels]. Throws ShapeError naming the layer for another rank or a window larger than the input. */
	forward(x: Variable): Variable {
		this.check(x);
		return x.avgPool2d(this.opOptions);
	}
}

/** The mean over height and width: [batch, h, w, channels] → [batch, channels], as Keras's GlobalAveragePooling2D. */
export class GlobalAvgPool2D extends Module {
	/** Averages each channel. Throws ShapeError naming the layer for an input that is not 4-D. */
	forward(x: Variable): Variable {
		checkInput(this, x, ["batch", "h", "w", "channels"]);
		return x.mean([1, 2]);
	}
}
