/**
 * conv2d, maxPool2d and avgPool2d against TensorFlow.js (tfjs-core's cpu backend)
 * as an oracle, forward and gradients, on random configurations: batch, image and
 * channel sizes, square and non-square windows (1x1 included), strides 1-3,
 * dilations 1-3 and both paddings. tfjs computes in float32, so results agree
 * to float32's rounding: |ours - tfjs| <= 1e-4 · (1 + |tfjs|).
 *
 * Two gaps in tfjs are bridged with ops it does differentiate correctly:
 * - tfjs has no gradient for dilated convolutions (and no strided dilated
 *   forward): the reference convolves with the dilated filter written out
 *   (zeros between the taps, built by a 0/1 matmul so the filter's gradient
 *   flows), at dilation 1. The native dilated forward is compared too where tfjs has it.
 * - tfjs-backend-cpu's AvgPoolGrad divides every window by its full size, even
 *   windows over 'same' padding, whose forward it divides by the real pixels (as
 *   TensorFlow does): not the gradient of its own forward. The 'same' reference is
 *   sum-pool(pad(x)) / sum-pool(pad(ones)) from tf.pad and 'valid' pooling, and
 *   its forward is checked against tf.avgPool.
 */
import { avgPool2d, conv2d, maxPool2d, variable } from "@backprop/autograd";
import { type Padding, Rng, sizeOf, type Tensor, tensor } from "@backprop/tensor";
import * as tf from "@tensorflow/tfjs-core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { RUNS_SCALE } from "./helpers";

const RUNS = { numRuns: 40 * RUNS_SCALE } as const;

beforeAll(async () => {
	// PROD silences tfjs's "install tfjs-node" banner; tfjs-layers registers the gradients (tfjs-core alone registers none under ESM).
	tf.env().set("PROD", true);
	await import("@tensorflow/tfjs-backend-cpu");
	await import("@tensorflow/tfjs-layers");
	await tf.setBackend("cpu");
});

interface Config {
	input: [number, number, number, number];
	window: [number, number];
	strides: [number, number];
	dilations: [number, number];
	padding: Padding;
	outChannels: number;
	seed: number;
}

const pair = (max: number) => fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max }));

/** A random configuration whose (dilated) window fits the input under 'valid'. */
function configArb(maxDilation: number): fc.Arbitrary<Config> {
	return fc
		.record({
			batch: fc.integer({ min: 1, max: 3 }),
			channels: fc.integer({ min: 1, max: 4 }),
			outChannels: fc.integer({ min: 1, max: 4 }),
			window: pair(4),
			strides: pair(3),
			dilations: pair(maxDilation),
			padding: fc.constantFrom<Padding>("valid", "same"),
			extra: pair(6),
			seed: fc.nat(1_000_000),
		})
		.map(({ batch, channels, window, dilations, extra, ...rest }) => {
			const span = (i: 0 | 1) => (window[i] - 1) * dilations[i] + 1;
			const input: Config["input"] = [batch, span(0) + extra[0] - 1, span(1) + extra[1] - 1, channels];
			return { ...rest, input, window, dilations };
		});
}

/** Fixed configurations every run includes: 1x1, non-square, strided, dilated and 'same' cases. */
function fixed(
	input: Config["input"],
	window: [number, number],
	strides: [number, number],
	dilations: [number, number],
	padding: Padding,
): [Config] {
	return [{ input, window, strides, dilations, padding, outChannels: 3, seed: 7 }];
}
const EXAMPLES: [Config][] = [
	fixed([2, 5, 5, 3], [1, 1], [1, 1], [1, 1], "valid"),
	fixed([2, 5, 6, 2], [1, 1], [2, 2], [1, 1], "same"),
	fixed([1, 6, 7, 2], [1, 3], [1, 2], [1, 1], "same"),
	fixed([2, 7, 5, 1], [3, 2], [2, 1], [1, 1], "valid"),
	fixed([1, 8, 8, 2], [3, 3], [1, 1], [2, 2], "same"),
	fixed([1, 9, 8, 2], [2, 3], [2, 3], [3, 2], "valid"),
	fixed([3, 28, 28, 1], [3, 3], [1, 1], [1, 1], "same"),
];

/** Normal values from a seed (ours in float64; tfjs gets the same numbers in float32). */
function normal(shape: readonly number[], seed: number): number[] {
	const rng = new Rng(seed);
	return Array.from({ length: sizeOf(shape) }, () => rng.normal());
}

/** A seeded permutation of 0.1·k: values far apart in float32 too, so maxima never tie. */
function distinct(shape: readonly number[], seed: number): number[] {
	const rng = new Rng(seed);
	const n = sizeOf(shape);
	const v = Array.from({ length: n }, (_, k) => 0.1 * (k - n / 2));
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(rng.uniform() * (i + 1));
		[v[i], v[j]] = [v[j], v[i]];
	}
	return v;
}

function expectAgree(ours: Tensor, theirs: tf.Tensor, what: string): void {
	expect(ours.shape, `${what}: shape`).toEqual(theirs.shape);
	const a = ours.dataSync();
	const b = theirs.dataSync();
	for (let i = 0; i < b.length; i++) {
		const want = b[i];
		if (!(Math.abs(a[i] - want) <= 1e-4 * (1 + Math.abs(want)))) {
			throw new Error(`${what}: element ${i} is ${a[i]}, tfjs gives ${want}`);
		}
	}
}

/** TensorFlow's 'same' padding along one axis: out = ceil(in/stride), the odd pixel after. */
function samePadding(size: number, window: number, stride: number): [number, number] {
	const out = Math.ceil(size / stride);
	const total = Math.max((out - 1) * stride + window - size, 0);
	return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** w [kh,kw,ci,co] with dilation-1 zeros between the taps, as a differentiable tfjs expression. */
function dilatedFilter(w: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
	const [kh, kw, ci, co] = w.shape;
	const eh = (kh - 1) * dh + 1;
	const ew = (kw - 1) * dw + 1;
	const select = new Float32Array(eh * ew * kh * kw);
	for (let ky = 0; ky < kh; ky++) {
		for (let kx = 0; kx < kw; kx++) select[(ky * dh * ew + kx * dw) * kh * kw + ky * kw + kx] = 1;
	}
	const m = tf.tensor2d(select, [eh * ew, kh * kw]);
	return tf.reshape(tf.matMul(m, tf.reshape(w, [kh * kw, ci * co])), [eh, ew, ci, co]);
}

describe("conv2d agrees with tf.conv2d", () => {
	it("forward, dL/dx and dL/dw on random configurations", () => {
		fc.assert(
			fc.property(configArb(3), (c) => {
				const wShape = [...c.window, c.input[3], c.outChannels];
				const xv = normal(c.input, c.seed);
				const wv = normal(wShape, c.seed + 1);
				const options = { strides: c.strides, padding: c.padding, dilations: c.dilations };
				const x = variable(tensor(xv, { shape: c.input }), { requiresGrad: true });
				const w = variable(tensor(wv, { shape: wShape }), { requiresGrad: true });
				const y = conv2d(x, w, options);
				const g = normal(y.shape, c.seed + 2);
				y.backward(tensor(g, { shape: y.shape }));

				tf.tidy(() => {
					const tx = tf.tensor4d(xv, c.input);
					const tw = tf.tensor4d(wv, wShape as [number, number, number, number]);
					const tg = tf.tensor(g, [...y.shape]);
					const reference = (a: tf.Tensor, b: tf.Tensor) =>
						tf.conv2d(a as tf.Tensor4D, dilatedFilter(b as tf.Tensor4D, c.dilations), c.strides, c.padding);
					expectAgree(y.value, reference(tx, tw), "forward");
					if (c.strides[0] * c.strides[1] === 1 || c.dilations[0] * c.dilations[1] === 1) {
						const native = tf.conv2d(tx, tw, c.strides, c.padding, "NHWC", c.dilations);
						expectAgree(y.value, native, "forward (tfjs's own dilation)");
					}
					const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(a, b), tg)))([tx, tw]);
					expectAgree(x.grad as Tensor, dx as tf.Tensor, "dL/dx");
					expectAgree(w.grad as Tensor, dw as tf.Tensor, "dL/dw");
				});
			}),
			{ ...RUNS, examples: EXAMPLES },
		);
	});
});

describe("pooling agrees with tf.maxPool and tf.avgPool", () => {
	it("maxPool2d: forward and dL/dx on random configurations", () => {
		fc.assert(
			fc.property(configArb(1), (c) => {
				const xv = distinct(c.input, c.seed);
				const options = { poolSize: c.window, strides: c.strides, padding: c.padding };
				const x = variable(tensor(xv, { shape: c.input }), { requiresGrad: true });
				const y = maxPool2d(x, options);
				const g = normal(y.shape, c.seed + 2);
				y.backward(tensor(g, { shape: y.shape }));
				tf.tidy(() => {
					const tx = tf.tensor4d(xv, c.input);
					const tg = tf.tensor(g, [...y.shape]);
					const reference = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.window, c.strides, c.padding);
					expectAgree(y.value, reference(tx), "forward");
					expectAgree(x.grad as Tensor, tf.grad((a: tf.Tensor) => tf.sum(tf.mul(reference(a), tg)))(tx), "dL/dx");
				});
			}),
			{ ...RUNS, examples: EXAMPLES },
		);
	});

	it("avgPool2d: forward and dL/dx on random configurations (strides given or defaulting to the pool size)", () => {
		fc.assert(
			fc.property(configArb(1), fc.boolean(), (c, defaultStrides) => {
				const xv = normal(c.input, c.seed);
				const strides = defaultStrides ? c.window : c.strides;
				const options = defaultStrides
					? { poolSize: c.window, padding: c.padding }
					: { poolSize: c.window, strides, padding: c.padding };
				const x = variable(tensor(xv, { shape: c.input }), { requiresGrad: true });
				const y = avgPool2d(x, options);
				const g = normal(y.shape, c.seed + 2);
				y.backward(tensor(g, { shape: y.shape }));
				tf.tidy(() => {
					const tx = tf.tensor4d(xv, c.input);
					const tg = tf.tensor(g, [...y.shape]);
					const native = tf.avgPool(tx, c.window, strides, c.padding);
					expectAgree(y.value, native, "forward");
					// sum over real pixels / count of real pixels, through ops tfjs differentiates correctly
					const pads: [number, number][] = [
						[0, 0],
						c.padding === "same" ? samePadding(c.input[1], c.window[0], strides[0]) : [0, 0],
						c.padding === "same" ? samePadding(c.input[2], c.window[1], strides[1]) : [0, 0],
						[0, 0],
					];
					const reference = (a: tf.Tensor) =>
						tf.div(
							tf.avgPool(tf.pad(a as tf.Tensor4D, pads), c.window, strides, "valid"),
							tf.avgPool(tf.pad(tf.onesLike(a as tf.Tensor4D), pads), c.window, strides, "valid"),
						);
					expectAgree(y.value, reference(tx), "forward (explicit reference)");
					expectAgree(x.grad as Tensor, tf.grad((a: tf.Tensor) => tf.sum(tf.mul(reference(a), tg)))(tx), "dL/dx");
					if (c.padding === "valid") {
						const dx = tf.grad((a: tf.Tensor) =>
							tf.sum(tf.mul(tf.avgPool(a as tf.Tensor4D, c.window, strides, "valid"), tg)),
						)(tx);
						expectAgree(x.grad as Tensor, dx, "dL/dx (tf.avgPool's gradient)");
					}
				});
			}),
			{ ...RUNS, examples: EXAMPLES.map(([c]) => [c, false] as [Config, boolean]) },
		);
	});
});
