/**
 * The plain typed-array baseline: the best straightforward hand-written code for
 * each workload, no framework. It is the floor a framework pays overhead against.
 */
import type { TypedArray } from "@backprop/tensor";
import { asDtype, zerosOf } from "../data";
import { PlainConvNet } from "../plain/conv";
import { gemm } from "../plain/matmul";
import { PlainStack } from "../plain/mid";
import { PlainMlp } from "../plain/mlp";
import { dense, gemmTiled } from "../plain/tiled";
import { trainTiny } from "../plain/tiny";
import type { Engine } from "./types";

// The elementwise loops take their operands as arguments, as any reusable function does:
// a loop over arrays captured as constants of one closure lets V8 fold them in and
// drop bounds checks, which measures the benchmark's setup rather than the op.

/** `a + b` into a fresh array (one per op, as a framework allocates a result). */
function addArrays(a: TypedArray, b: TypedArray): TypedArray {
	const out = a instanceof Float32Array ? new Float32Array(a.length) : new Float64Array(a.length);
	for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
	return out;
}

/** `1 / (1 + e^-x)` into a fresh array. */
function sigmoidArray(x: TypedArray): TypedArray {
	const out = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
	for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
	return out;
}

/** The plain baseline engine (float32 or float64 by the case's dtype). */
export const plainEngine: Engine = {
	impls: {
		matmul: {
			// First (the reference for "vs plain"): the best loop we can write; then the textbook i-k-j loop.
			tiled(data, dtype) {
				const a = asDtype(data.a, dtype);
				const b = asDtype(data.b, dtype);
				const n = data.n;
				// A fresh output per product, as a framework allocates one.
				const product = () => {
					const out = zerosOf(dtype, n * n);
					gemmTiled(dense(a, n), dense(b, n), out, n, n, n);
					return out;
				};
				return {
					check: () => ({ product: product() }),
					run: () => {
						product();
					},
				};
			},
			ikj(data, dtype) {
				const a = asDtype(data.a, dtype);
				const b = asDtype(data.b, dtype);
				const n = data.n;
				const product = () => {
					const out = zerosOf(dtype, n * n);
					gemm(a, b, out, n, n, n);
					return out;
				};
				return {
					check: () => ({ product: product() }),
					run: () => {
						product();
					},
				};
			},
		},
		elementwise: {
			default(data, dtype) {
				const a = asDtype(data.a, dtype);
				const b = asDtype(data.b, dtype);
				const op = data.op === "add" ? () => addArrays(a, b) : () => sigmoidArray(a);
				return {
					check: () => ({ result: op() }),
					run: () => {
						op();
					},
				};
			},
		},
		mlp: {
			default(data, dtype) {
				const mlp = new PlainMlp(data, dtype);
				return {
					check() {
						const losses = new Float64Array(data.checkSteps);
						for (let s = 0; s < data.checkSteps; s++) losses[s] = mlp.step();
						return { losses };
					},
					run: () => {
						mlp.step();
					},
				};
			},
		},
		conv: {
			default(data, dtype) {
				const net = new PlainConvNet(data, dtype);
				return {
					check() {
						const losses = new Float64Array(data.checkSteps);
						for (let s = 0; s < data.checkSteps; s++) losses[s] = net.step();
						return { losses };
					},
					run: () => {
						net.step();
					},
				};
			},
		},
		mid: {
			default(data, dtype) {
				const net = new PlainStack(data, dtype);
				return {
					check() {
						const losses = new Float64Array(data.checkSteps);
						for (let s = 0; s < data.checkSteps; s++) losses[s] = net.step();
						return { losses };
					},
					run: () => {
						net.step();
					},
				};
			},
		},
		tiny: {
			loop(data, dtype) {
				return {
					check() {
						const { w1, b1, w2, b2, predictions } = trainTiny(data, dtype);
						return { w1, b1, w2, b2, predictions };
					},
					run: () => {
						trainTiny(data, dtype);
					},
				};
			},
		},
	},
};
