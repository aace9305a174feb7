/**
 * The training workloads on TensorFlow.js: a `tf.tidy` + `optimizer.minimize`
 * loop over tf.variables, and `model.fit` on a tfjs-layers model. Importing
 * tfjs-layers also registers the gradients `minimize` needs (tfjs-core alone
 * registers none under ESM).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ConvCase } from "../workloads/conv";
import type { MlpCase } from "../workloads/mlp";
import type { TinyCase } from "../workloads/tiny";
import type { Runner } from "../workloads/types";
import { SkipError } from "./types";

type Layers = typeof import("@tensorflow/tfjs-layers");

/** A float32 copy of any numbers, as tfjs wants them. */
export function f32(values: ArrayLike<number>): Float32Array {
	return Float32Array.from(values);
}

/** The MLP step as `tf.tidy(() => optimizer.minimize(loss))` over four tf.variables. */
export async function tfjsMlp(data: MlpCase): Promise<Runner> {
	await import("@tensorflow/tfjs-layers");
	const x = tf.tensor2d(f32(data.x), [data.batch, data.inputs]);
	const y = tf.tensor2d(f32(data.y), [data.batch, data.classes]);
	const w1 = tf.variable(tf.tensor2d(f32(data.w1), [data.inputs, data.hidden]));
	const b1 = tf.variable(tf.tensor1d(f32(data.b1)));
	const w2 = tf.variable(tf.tensor2d(f32(data.w2), [data.hidden, data.classes]));
	const b2 = tf.variable(tf.tensor1d(f32(data.b2)));
	const optimizer = tf.train.sgd(data.lr);
	const loss = (): tf.Scalar => {
		const hidden = tf.relu(tf.add(tf.matMul(x, w1), b1));
		const logits = tf.add(tf.matMul(hidden, w2), b2);
		return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
	};
	return {
		check() {
			const losses = new Float64Array(data.checkSteps);
			for (let s = 0; s < data.checkSteps; s++) {
				const cost = tf.tidy(() => optimizer.minimize(loss, true) as tf.Scalar);
				losses[s] = cost.dataSync()[0];
				cost.dispose();
			}
			return { losses };
		},
		run: () => {
			tf.tidy(() => {
				optimizer.minimize(loss);
			});
		},
		dispose: () => tf.dispose([x, y, w1, b1, w2, b2]),
	};
}

/** The tiny network trained per sample with `tf.tidy(() => optimizer.minimize(mse))`. */
export async function tfjsTinyMinimize(data: TinyCase): Promise<Runner> {
	await import("@tensorflow/tfjs-layers");
	const samples = data.y.length;
	const xs = Array.from({ length: samples }, (_, s) => tf.tensor2d(f32(data.x.subarray(2 * s, 2 * s + 2)), [1, 2]));
	const ys = Array.from({ length: samples }, (_, s) => tf.tensor2d([data.y[s]], [1, 1]));
	const all = tf.tensor2d(f32(data.x), [samples, 2]);
	const initial = [
		tf.tensor2d(f32(data.w1), [2, 2]),
		tf.tensor1d(f32(data.b1)),
		tf.tensor2d(f32(data.w2), [2, 1]),
		tf.tensor1d(f32(data.b2)),
	];
	const [w1, b1, w2, b2] = initial.map((t) => tf.variable(t.clone())) as [
		tf.Variable,
		tf.Variable,
		tf.Variable,
		tf.Variable,
	];
	const optimizer = tf.train.sgd(data.lr);
	const forward = (x: tf.Tensor) => tf.sigmoid(tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, w1), b1)), w2), b2));
	const train = () => {
		[w1, b1, w2, b2].forEach((v, i) => {
			v.assign(initial[i] as tf.Tensor);
		});
		for (let epoch = 0; epoch < data.epochs; epoch++) {
			for (let s = 0; s < samples; s++) {
				tf.tidy(() => {
					optimizer.minimize(() => tf.losses.meanSquaredError(ys[s] as tf.Tensor, forward(xs[s] as tf.Tensor)));
				});
			}
		}
	};
	return {
		check() {
			train();
			const out = tf.tidy(() => forward(all));
			const predictions = out.dataSync().slice();
			out.dispose();
			const [a, b, c, d] = [w1, b1, w2, b2].map((v) => v.dataSync().slice());
			return { w1: a ?? [], b1: b ?? [], w2: c ?? [], b2: d ?? [], predictions };
		},
		run: train,
		dispose: () => tf.dispose([...xs, ...ys, all, w1, b1, w2, b2, ...initial]),
	};
}

function tinyModel(tfl: Layers, data: TinyCase) {
	const model = tfl.sequential({
		layers: [
			tfl.layers.dense({ units: 2, inputShape: [2], activation: "sigmoid" }),
			tfl.layers.dense({ units: 1, activation: "sigmoid" }),
		],
	});
	const weights = [
		tf.tensor2d(f32(data.w1), [2, 2]),
		tf.tensor1d(f32(data.b1)),
		tf.tensor2d(f32(data.w2), [2, 1]),
		tf.tensor1d(f32(data.b2)),
	];
	model.setWeights(weights);
	tf.dispose(weights);
	model.compile({ optimizer: tf.train.sgd(data.lr), loss: "meanSquaredError" });
	return model;
}

/** The tiny network built with tfjs-layers and trained by `model.fit` with `batchSize: 1`. */
export async function tfjsTinyFit(data: TinyCase): Promise<Runner> {
	const tfl = await import("@tensorflow/tfjs-layers");
	const x = tf.tensor2d(f32(data.x), [data.y.length, 2]);
	const y = tf.tensor2d(f32(data.y), [data.y.length, 1]);
	// yieldEvery 'never': tfjs's fastest setting outside a browser (no event-loop yield per batch).
	const train = async () => {
		const model = tinyModel(tfl, data);
		await model.fit(x, y, { epochs: data.epochs, batchSize: 1, shuffle: false, verbose: 0, yieldEvery: "never" });
		return model;
	};
	return {
		async check() {
			const model = await train();
			const [w1, b1, w2, b2] = model.getWeights().map((w) => w.dataSync().slice());
			const out = model.predict(x) as tf.Tensor;
			const predictions = out.dataSync().slice();
			out.dispose();
			model.dispose();
			return { w1: w1 ?? [], b1: b1 ?? [], w2: w2 ?? [], b2: b2 ?? [], predictions };
		},
		run: async () => {
			(await train()).dispose();
		},
		dispose: () => tf.dispose([x, y]),
	};
}

/** How the tfjs CNN computes the filter's gradient: tfjs's own rule, or a forward conv2d. */
type ConvGradient = "native" | "forward-conv";

// The filter gradient of a 3x3 'same' convolution at stride 1 as a forward conv2d:
// dW[ky,kx,0,f] = Σ_{b,i,j} xpad[b,i+ky,j+kx] · dy[b,i,j,f], i.e. pad(x) with the batch
// as channels, convolved ('valid') with dy as a [h, w, batch, filters] filter.
function convWithForwardGradient(): (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D {
	const conv = tf.customGrad((input, filter, save) => {
		(save as tf.GradSaveFunc)([input as tf.Tensor]);
		return {
			value: tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, 1, "same"),
			gradFunc: (dy, saved) => {
				const [image] = saved as [tf.Tensor4D];
				const padded = tf.transpose(
					tf.pad(image, [
						[0, 0],
						[1, 1],
						[1, 1],
						[0, 0],
					]),
					[3, 1, 2, 0],
				) as tf.Tensor4D;
				const dw = tf.conv2d(padded, tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D, 1, "valid");
				return [tf.zerosLike(image), tf.reshape(dw, (filter as tf.Tensor4D).shape)];
			},
		};
	});
	return (x, w) => conv(x, w) as tf.Tensor4D;
}

/**
 * The CNN step as `tf.tidy(() => optimizer.minimize(loss))`: conv 3x3 'same' + bias +
 * ReLU, max pool 2, dense. tfjs-backend-wasm has no Conv2DBackpropFilter kernel, so
 * the `native` variant is skipped there; `forward-conv` runs on both backends.
 */
function tfjsConv(gradient: ConvGradient) {
	return async (data: ConvCase): Promise<Runner> => {
		await import("@tensorflow/tfjs-layers");
		if (gradient === "native" && tf.getKernel("Conv2DBackpropFilter", tf.getBackend()) === undefined) {
			throw new SkipError(`tfjs-${tf.getBackend()} has no Conv2DBackpropFilter kernel (see the forward-conv variant)`);
		}
		const { batch, side, filters, classes } = data;
		const features = (side / 2) * (side / 2) * filters;
		const x = tf.tensor4d(f32(data.x), [batch, side, side, 1]);
		const y = tf.tensor2d(f32(data.y), [batch, classes]);
		const wConv = tf.variable(tf.tensor4d(f32(data.wConv), [3, 3, 1, filters]));
		const bConv = tf.variable(tf.tensor1d(f32(data.bConv)));
		const wDense = tf.variable(tf.tensor2d(f32(data.wDense), [features, classes]));
		const bDense = tf.variable(tf.tensor1d(f32(data.bDense)));
		const optimizer = tf.train.sgd(data.lr);
		const custom = convWithForwardGradient();
		const convolve = (): tf.Tensor4D =>
			gradient === "native" ? tf.conv2d(x, wConv as tf.Tensor4D, 1, "same") : custom(x, wConv as tf.Tensor4D);
		const loss = (): tf.Scalar => {
			const conv = tf.relu(tf.add(convolve(), bConv)) as tf.Tensor4D;
			const pooled = tf.reshape(tf.maxPool(conv, 2, 2, "valid"), [batch, features]);
			const logits = tf.add(tf.matMul(pooled, wDense), bDense);
			return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
		};
		return {
			check() {
				const losses = new Float64Array(data.checkSteps);
				for (let s = 0; s < data.checkSteps; s++) {
					const cost = tf.tidy(() => optimizer.minimize(loss, true) as tf.Scalar);
					losses[s] = cost.dataSync()[0];
					cost.dispose();
				}
				return { losses };
			},
			run: () => {
				tf.tidy(() => {
					optimizer.minimize(loss);
				});
			},
			dispose: () => tf.dispose([x, y, wConv, bConv, wDense, bDense]),
		};
	};
}

/** The CNN variants: tfjs's own conv2d gradient first (the reference for ratios), then the forward-conv one. */
export const tfjsConvVariants = { minimize: tfjsConv("native"), "minimize-forward-conv": tfjsConv("forward-conv") };
