/**
 * The MLP training step written by hand on typed arrays: dense → ReLU → dense,
 * softmax cross-entropy (mean over the batch), plain SGD. Every buffer is
 * allocated once; the products use the tiled kernel in tiled.ts, reading the
 * transposed operands of the backward pass in place.
 */
import type { DType, TypedArray } from "@backprop/tensor";
import { asDtype, zerosOf } from "../data";
import { dense, gemmTiled, transposed } from "./tiled";

/** Sizes, data and initial weights of an MLP case (the fields plain code needs). */
export interface MlpSpec {
	/** Samples per batch. */
	batch: number;
	/** Input features. */
	inputs: number;
	/** Hidden units (ReLU). */
	hidden: number;
	/** Output classes (softmax). */
	classes: number;
	/** Inputs, batch × inputs. */
	x: Float64Array;
	/** One-hot targets, batch × classes. */
	y: Float64Array;
	/** First layer weight, inputs × hidden. */
	w1: Float64Array;
	/** First layer bias, hidden. */
	b1: Float64Array;
	/** Second layer weight, hidden × classes. */
	w2: Float64Array;
	/** Second layer bias, classes. */
	b2: Float64Array;
	/** SGD learning rate. */
	lr: number;
}

/** A 2-layer perceptron with its own copy of the weights, trained one batch per `step()`. */
export class PlainMlp {
	/** First layer weight (updated in place). */
	readonly w1: TypedArray;
	/** First layer bias. */
	readonly b1: TypedArray;
	/** Second layer weight. */
	readonly w2: TypedArray;
	/** Second layer bias. */
	readonly b2: TypedArray;
	private readonly x: TypedArray;
	private readonly y: TypedArray;
	private readonly z1: TypedArray;
	private readonly h: TypedArray;
	private readonly logits: TypedArray;
	private readonly dLogits: TypedArray;
	private readonly dh: TypedArray;
	private readonly dw1: TypedArray;
	private readonly dw2: TypedArray;
	private readonly db1: TypedArray;
	private readonly db2: TypedArray;

	/** Copies the case's data and weights into arrays of `dtype`. */
	constructor(
		private readonly spec: MlpSpec,
		dtype: DType,
	) {
		const { batch, inputs, hidden, classes } = spec;
		this.x = asDtype(spec.x, dtype);
		this.y = asDtype(spec.y, dtype);
		this.w1 = asDtype(spec.w1, dtype);
		this.b1 = asDtype(spec.b1, dtype);
		this.w2 = asDtype(spec.w2, dtype);
		this.b2 = asDtype(spec.b2, dtype);
		this.z1 = zerosOf(dtype, batch * hidden);
		this.h = zerosOf(dtype, batch * hidden);
		this.logits = zerosOf(dtype, batch * classes);
		this.dLogits = zerosOf(dtype, batch * classes);
		this.dh = zerosOf(dtype, batch * hidden);
		this.dw1 = zerosOf(dtype, inputs * hidden);
		this.dw2 = zerosOf(dtype, hidden * classes);
		this.db1 = zerosOf(dtype, hidden);
		this.db2 = zerosOf(dtype, classes);
	}

	/** One SGD step on the batch; returns the loss computed before the update. */
	step(): number {
		const { batch: B, inputs: I, hidden: H, classes: C, lr } = this.spec;
		const { x, y, z1, h, logits, dLogits, dh, dw1, dw2, db1, db2, w1, b1, w2, b2 } = this;
		// Forward: z1 = x·W1 + b1, h = relu(z1), logits = h·W2 + b2.
		gemmTiled(dense(x, I), dense(w1, H), z1, B, I, H);
		for (let r = 0; r < B; r++) {
			for (let j = 0; j < H; j++) {
				const v = z1[r * H + j] + b1[j];
				z1[r * H + j] = v;
				h[r * H + j] = Math.max(v, 0);
			}
		}
		gemmTiled(dense(h, H), dense(w2, C), logits, B, H, C);
		// Softmax cross-entropy by log-sum-exp; dLogits = (softmax - y) / B.
		let loss = 0;
		for (let r = 0; r < B; r++) {
			const o = r * C;
			let max = -Infinity;
			for (let j = 0; j < C; j++) {
				const v = logits[o + j] + b2[j];
				logits[o + j] = v;
				if (v > max) max = v;
			}
			let sum = 0;
			for (let j = 0; j < C; j++) sum += Math.exp(logits[o + j] - max);
			const lse = max + Math.log(sum);
			for (let j = 0; j < C; j++) {
				const l = logits[o + j];
				const t = y[o + j];
				loss += t * (lse - l);
				dLogits[o + j] = (Math.exp(l - lse) - t) / B;
			}
		}
		// Backward: dW2 = hᵀ·dLogits, db2 = Σ dLogits, dh = dLogits·W2ᵀ masked by relu'.
		gemmTiled(transposed(h, H), dense(dLogits, C), dw2, H, B, C);
		db2.fill(0);
		for (let r = 0; r < B; r++) for (let j = 0; j < C; j++) db2[j] = db2[j] + dLogits[r * C + j];
		gemmTiled(dense(dLogits, C), transposed(w2, C), dh, B, C, H);
		for (let i = 0; i < B * H; i++) if (!(z1[i] > 0)) dh[i] = 0;
		gemmTiled(transposed(x, I), dense(dh, H), dw1, I, B, H);
		db1.fill(0);
		for (let r = 0; r < B; r++) for (let j = 0; j < H; j++) db1[j] = db1[j] + dh[r * H + j];
		// SGD.
		for (let i = 0; i < w1.length; i++) w1[i] = w1[i] - lr * dw1[i];
		for (let i = 0; i < w2.length; i++) w2[i] = w2[i] - lr * dw2[i];
		for (let i = 0; i < b1.length; i++) b1[i] = b1[i] - lr * db1[i];
		for (let i = 0; i < b2.length; i++) b2[i] = b2[i] - lr * db2[i];
		return loss / B;
	}
}
