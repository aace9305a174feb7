/**
 * The CNN training step written by hand on typed arrays: a 3x3 'same'
 * convolution with one input channel (direct loops), bias, ReLU, 2x2 max pooling
 * (remembering each window's maximum), a dense layer, softmax cross-entropy
 * (mean over the batch), plain SGD. The float64 reference of the conv workload
 * and the plain engine's floor. Every buffer is allocated once.
 */
import type { DType, TypedArray } from "@backprop/tensor";
import { asDtype, zerosOf } from "../data";

/** Sizes, data and initial weights of a CNN case (the fields plain code needs). */
export interface ConvSpec {
	/** Images per batch. */
	batch: number;
	/** Image height and width (even). */
	side: number;
	/** Convolution filters (output channels). */
	filters: number;
	/** Output classes (softmax). */
	classes: number;
	/** Images, batch × side × side × 1 (NHWC). */
	x: Float64Array;
	/** One-hot targets, batch × classes. */
	y: Float64Array;
	/** Convolution filter, 3 × 3 × 1 × filters. */
	wConv: Float64Array;
	/** Convolution bias, filters. */
	bConv: Float64Array;
	/** Dense weight, (side/2 · side/2 · filters) × classes, rows in NHWC order. */
	wDense: Float64Array;
	/** Dense bias, classes. */
	bDense: Float64Array;
	/** SGD learning rate. */
	lr: number;
}

/** The CNN with its own copy of the weights, trained one batch per `step()`. */
export class PlainConvNet {
	private readonly x: TypedArray;
	private readonly y: TypedArray;
	private readonly wConv: TypedArray;
	private readonly bConv: TypedArray;
	private readonly wDense: TypedArray;
	private readonly bDense: TypedArray;
	private readonly z: TypedArray;
	private readonly pooled: TypedArray;
	private readonly argmax: Int32Array;
	private readonly logits: TypedArray;
	private readonly dPooled: TypedArray;
	private readonly dz: TypedArray;

	/** Copies the case's data and weights into arrays of `dtype`. */
	constructor(
		private readonly spec: ConvSpec,
		dtype: DType,
	) {
		const { batch, side, filters, classes } = spec;
		this.x = asDtype(spec.x, dtype);
		this.y = asDtype(spec.y, dtype);
		this.wConv = asDtype(spec.wConv, dtype);
		this.bConv = asDtype(spec.bConv, dtype);
		this.wDense = asDtype(spec.wDense, dtype);
		this.bDense = asDtype(spec.bDense, dtype);
		const pooled = batch * (side / 2) * (side / 2) * filters;
		this.z = zerosOf(dtype, batch * side * side * filters);
		this.pooled = zerosOf(dtype, pooled);
		this.argmax = new Int32Array(pooled);
		this.logits = zerosOf(dtype, batch * classes);
		this.dPooled = zerosOf(dtype, pooled);
		this.dz = zerosOf(dtype, batch * side * side * filters);
	}

	/** One SGD step on the batch; returns the loss before the update. */
	step(): number {
		const { batch, side, filters: F, classes: K, lr } = this.spec;
		const { x, y, wConv, bConv, wDense, bDense, z, pooled, argmax, logits, dPooled, dz } = this;
		const half = side / 2;
		const features = half * half * F;
		// Convolution, 'same' (one pixel of zeros around), bias, ReLU: z holds the activation.
		for (let b = 0; b < batch; b++) {
			for (let i = 0; i < side; i++) {
				for (let j = 0; j < side; j++) {
					const out = ((b * side + i) * side + j) * F;
					for (let f = 0; f < F; f++) z[out + f] = bConv[f];
					for (let ky = 0; ky < 3; ky++) {
						const iy = i + ky - 1;
						if (iy < 0 || iy >= side) continue;
						for (let kx = 0; kx < 3; kx++) {
							const ix = j + kx - 1;
							if (ix < 0 || ix >= side) continue;
							const v = x[(b * side + iy) * side + ix];
							const w = (ky * 3 + kx) * F;
							for (let f = 0; f < F; f++) z[out + f] = z[out + f] + v * wConv[w + f];
						}
					}
					for (let f = 0; f < F; f++) if (z[out + f] < 0) z[out + f] = 0;
				}
			}
		}
		// 2x2 max pooling, remembering where each maximum came from (the first on ties).
		for (let b = 0; b < batch; b++) {
			for (let i = 0; i < half; i++) {
				for (let j = 0; j < half; j++) {
					for (let f = 0; f < F; f++) {
						let best = -Infinity;
						let at = 0;
						for (let dy = 0; dy < 2; dy++) {
							for (let dx = 0; dx < 2; dx++) {
								const k = ((b * side + 2 * i + dy) * side + 2 * j + dx) * F + f;
								if (z[k] > best) {
									best = z[k];
									at = k;
								}
							}
						}
						const p = ((b * half + i) * half + j) * F + f;
						pooled[p] = best;
						argmax[p] = at;
					}
				}
			}
		}
		// Dense layer and softmax cross-entropy; logits become dLoss/dlogits = (softmax - y) / batch.
		let loss = 0;
		for (let b = 0; b < batch; b++) {
			for (let c = 0; c < K; c++) {
				let s = bDense[c];
				for (let n = 0; n < features; n++) s += pooled[b * features + n] * wDense[n * K + c];
				logits[b * K + c] = s;
			}
			let max = -Infinity;
			for (let c = 0; c < K; c++) max = Math.max(max, logits[b * K + c]);
			let total = 0;
			for (let c = 0; c < K; c++) total += Math.exp(logits[b * K + c] - max);
			const lse = max + Math.log(total);
			for (let c = 0; c < K; c++) {
				const l = logits[b * K + c];
				loss -= y[b * K + c] * (l - lse);
				logits[b * K + c] = (Math.exp(l - lse) - y[b * K + c]) / batch;
			}
		}
		// Backward through the dense layer (before its weights change), then its update.
		for (let b = 0; b < batch; b++) {
			for (let n = 0; n < features; n++) {
				let s = 0;
				for (let c = 0; c < K; c++) s += logits[b * K + c] * wDense[n * K + c];
				dPooled[b * features + n] = s;
			}
		}
		for (let n = 0; n < features; n++) {
			for (let c = 0; c < K; c++) {
				let g = 0;
				for (let b = 0; b < batch; b++) g += pooled[b * features + n] * logits[b * K + c];
				wDense[n * K + c] = wDense[n * K + c] - lr * g;
			}
		}
		for (let c = 0; c < K; c++) {
			let g = 0;
			for (let b = 0; b < batch; b++) g += logits[b * K + c];
			bDense[c] = bDense[c] - lr * g;
		}
		// Through the pooling (to each maximum) and the ReLU (where the activation is positive).
		dz.fill(0);
		for (let p = 0; p < pooled.length; p++) {
			const k = argmax[p];
			if (z[k] > 0) dz[k] = dPooled[p];
		}
		// Filter and bias gradients, then their update.
		for (let f = 0; f < F; f++) {
			let gb = 0;
			for (let k = f; k < dz.length; k += F) gb += dz[k];
			bConv[f] = bConv[f] - lr * gb;
		}
		const dw = new Float64Array(9 * F);
		for (let b = 0; b < batch; b++) {
			for (let i = 0; i < side; i++) {
				for (let j = 0; j < side; j++) {
					const out = ((b * side + i) * side + j) * F;
					for (let ky = 0; ky < 3; ky++) {
						const iy = i + ky - 1;
						if (iy < 0 || iy >= side) continue;
						for (let kx = 0; kx < 3; kx++) {
							const ix = j + kx - 1;
							if (ix < 0 || ix >= side) continue;
							const v = x[(b * side + iy) * side + ix];
							const w = (ky * 3 + kx) * F;
							for (let f = 0; f < F; f++) dw[w + f] = dw[w + f] + v * dz[out + f];
						}
					}
				}
			}
		}
		for (let k = 0; k < dw.length; k++) wConv[k] = wConv[k] - lr * dw[k];
		return loss / batch;
	}
}
