/**
 * A training step of a stack of dense layers written by hand on typed arrays:
 * ReLU hidden layers, a linear last layer, softmax cross-entropy (mean over the
 * batch), plain SGD; every buffer allocated once, the products through the tiled
 * kernel (tiled.ts) reading transposed operands in place. The mid-size
 * workload's baseline ([64, 32, 32, 10], batch 16): what someone would write for it.
 */
import type { DType, TypedArray } from "@backprop/tensor";
import { asDtype, zerosOf } from "../data";
import { dense, gemmTiled, transposed } from "./tiled";

/** Sizes, data and initial weights of a stack case. */
export interface StackSpec {
	/** Layer sizes, input first: [64, 32, 32, 10]. */
	sizes: number[];
	/** Samples per batch. */
	batch: number;
	/** Inputs, batch × sizes[0]. */
	x: Float64Array;
	/** One-hot targets, batch × last size. */
	y: Float64Array;
	/** Weights per layer, [inputs × units] row-major. */
	weights: Float64Array[];
	/** Biases per layer. */
	biases: Float64Array[];
	/** SGD learning rate. */
	lr: number;
}

/** The stack with its own copy of the weights, trained one batch per `step()`. */
export class PlainStack {
	/** Weights per layer (updated in place). */
	readonly w: TypedArray[];
	/** Biases per layer. */
	readonly b: TypedArray[];
	private readonly x: TypedArray;
	private readonly y: TypedArray;
	// Per layer: pre-activation z, output a, and gradients dz, dw, db.
	private readonly z: TypedArray[];
	private readonly a: TypedArray[];
	private readonly dz: TypedArray[];
	private readonly dw: TypedArray[];
	private readonly db: TypedArray[];

	/** Copies the case's data and weights into arrays of `dtype`. */
	constructor(
		private readonly spec: StackSpec,
		dtype: DType,
	) {
		const { sizes, batch } = spec;
		const layers = sizes.length - 1;
		this.x = asDtype(spec.x, dtype);
		this.y = asDtype(spec.y, dtype);
		this.w = spec.weights.map((w) => asDtype(w, dtype));
		this.b = spec.biases.map((b) => asDtype(b, dtype));
		const units = sizes.slice(1);
		this.z = units.map((u) => zerosOf(dtype, batch * u));
		this.a = units.map((u) => zerosOf(dtype, batch * u));
		this.dz = units.map((u) => zerosOf(dtype, batch * u));
		this.dw = Array.from({ length: layers }, (_, l) => zerosOf(dtype, sizes[l] * units[l]));
		this.db = units.map((u) => zerosOf(dtype, u));
	}

	/** One SGD step on the batch; returns the loss computed before the update. */
	step(): number {
		const { sizes, batch: B, lr } = this.spec;
		const { x, y, w, b, z, a, dz, dw, db } = this;
		const L = sizes.length - 1;
		// Forward: z = a_prev·W + b; a = relu(z) (the last layer stays linear).
		for (let l = 0; l < L; l++) {
			const I = sizes[l];
			const U = sizes[l + 1];
			const input = l === 0 ? x : (a[l - 1] as TypedArray);
			const zl = z[l] as TypedArray;
			const al = a[l] as TypedArray;
			const bl = b[l] as TypedArray;
			gemmTiled(dense(input, I), dense(w[l] as TypedArray, U), zl, B, I, U);
			for (let r = 0; r < B; r++) {
				for (let j = 0; j < U; j++) {
					const v = zl[r * U + j] + bl[j];
					zl[r * U + j] = v;
					al[r * U + j] = l === L - 1 ? v : Math.max(v, 0);
				}
			}
		}
		// Softmax cross-entropy by log-sum-exp; dz_last = (softmax - y) / B.
		const C = sizes[L];
		const logits = a[L - 1] as TypedArray;
		const dLast = dz[L - 1] as TypedArray;
		let loss = 0;
		for (let r = 0; r < B; r++) {
			const o = r * C;
			let max = -Infinity;
			for (let j = 0; j < C; j++) max = Math.max(max, logits[o + j]);
			let sum = 0;
			for (let j = 0; j < C; j++) sum += Math.exp(logits[o + j] - max);
			const lse = max + Math.log(sum);
			for (let j = 0; j < C; j++) {
				const t = y[o + j];
				loss += t * (lse - logits[o + j]);
				dLast[o + j] = (Math.exp(logits[o + j] - lse) - t) / B;
			}
		}
		// Backward: dW = a_prevᵀ·dz, db = Σ dz, dz_prev = (dz·Wᵀ) masked by relu'.
		for (let l = L - 1; l >= 0; l--) {
			const I = sizes[l];
			const U = sizes[l + 1];
			const input = l === 0 ? x : (a[l - 1] as TypedArray);
			const dzl = dz[l] as TypedArray;
			const dwl = dw[l] as TypedArray;
			const dbl = db[l] as TypedArray;
			gemmTiled(transposed(input, I), dense(dzl, U), dwl, I, B, U);
			dbl.fill(0);
			for (let r = 0; r < B; r++) for (let j = 0; j < U; j++) dbl[j] = dbl[j] + dzl[r * U + j];
			if (l > 0) {
				const below = dz[l - 1] as TypedArray;
				const zBelow = z[l - 1] as TypedArray;
				gemmTiled(dense(dzl, U), transposed(w[l] as TypedArray, U), below, B, U, I);
				for (let i = 0; i < B * I; i++) if (!(zBelow[i] > 0)) below[i] = 0;
			}
		}
		// SGD.
		for (let l = 0; l < L; l++) {
			const wl = w[l] as TypedArray;
			const dwl = dw[l] as TypedArray;
			const bl = b[l] as TypedArray;
			const dbl = db[l] as TypedArray;
			for (let i = 0; i < wl.length; i++) wl[i] = wl[i] - lr * dwl[i];
			for (let i = 0; i < bl.length; i++) bl[i] = bl[i] - lr * dbl[i];
		}
		return loss / B;
	}
}
