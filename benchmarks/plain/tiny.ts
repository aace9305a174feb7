/**
 * The tutorial's 2-2-1 sigmoid network trained by hand, exactly as the tutorial
 * does it: per-sample SGD on the squared error, every partial derivative taken
 * before any weight moves. Weights use the [inputs, units] layout.
 */
import type { DType, TypedArray } from "@backprop/tensor";
import { asDtype } from "../data";

/** Data, initial weights and schedule of the tiny network. */
export interface TinySpec {
	/** Inputs, samples × 2. */
	x: Float64Array;
	/** Targets, one per sample. */
	y: Float64Array;
	/** Hidden weight, 2 inputs × 2 units. */
	w1: Float64Array;
	/** Hidden bias, 2. */
	b1: Float64Array;
	/** Output weight, 2 × 1. */
	w2: Float64Array;
	/** Output bias, 1. */
	b2: Float64Array;
	/** Learning rate. */
	lr: number;
	/** Passes over the samples. */
	epochs: number;
}

/** The trained weights and the predictions of the trained network on the samples. */
export interface TinyResult {
	/** Hidden weight after training. */
	w1: TypedArray;
	/** Hidden bias after training. */
	b1: TypedArray;
	/** Output weight after training. */
	w2: TypedArray;
	/** Output bias after training. */
	b2: TypedArray;
	/** Network output for each sample. */
	predictions: TypedArray;
}

function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

/** Trains a fresh copy of the spec's weights in `dtype` and returns them with the predictions. */
export function trainTiny(spec: TinySpec, dtype: DType): TinyResult {
	const w1 = asDtype(spec.w1, dtype);
	const b1 = asDtype(spec.b1, dtype);
	const w2 = asDtype(spec.w2, dtype);
	const b2 = asDtype(spec.b2, dtype);
	const { x, y, lr } = spec;
	const samples = y.length;
	for (let epoch = 0; epoch < spec.epochs; epoch++) {
		for (let s = 0; s < samples; s++) {
			const x0 = x[2 * s];
			const x1 = x[2 * s + 1];
			const h0 = sigmoid(x0 * w1[0] + x1 * w1[2] + b1[0]);
			const h1 = sigmoid(x0 * w1[1] + x1 * w1[3] + b1[1]);
			const o = sigmoid(h0 * w2[0] + h1 * w2[1] + b2[0]);
			// L = (y - o)²: dL/do = -2(y - o); through the output sigmoid: · o(1 - o).
			const dOut = -2 * (y[s] - o) * o * (1 - o);
			const dh0 = dOut * w2[0] * h0 * (1 - h0);
			const dh1 = dOut * w2[1] * h1 * (1 - h1);
			w2[0] = w2[0] - lr * dOut * h0;
			w2[1] = w2[1] - lr * dOut * h1;
			b2[0] = b2[0] - lr * dOut;
			w1[0] = w1[0] - lr * dh0 * x0;
			w1[2] = w1[2] - lr * dh0 * x1;
			b1[0] = b1[0] - lr * dh0;
			w1[1] = w1[1] - lr * dh1 * x0;
			w1[3] = w1[3] - lr * dh1 * x1;
			b1[1] = b1[1] - lr * dh1;
		}
	}
	const predictions = asDtype(new Float64Array(samples), dtype);
	for (let s = 0; s < samples; s++) {
		const x0 = x[2 * s];
		const x1 = x[2 * s + 1];
		const h0 = sigmoid(x0 * w1[0] + x1 * w1[2] + b1[0]);
		const h1 = sigmoid(x0 * w1[1] + x1 * w1[3] + b1[1]);
		predictions[s] = sigmoid(h0 * w2[0] + h1 * w2[1] + b2[0]);
	}
	return { w1, b1, w2, b2, predictions };
}
