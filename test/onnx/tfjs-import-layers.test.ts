/**
 * loadTfjsModel reads the image, normalization, shape and recurrent layers of
 * models saved by @tensorflow/tfjs-layers (in the test, through a file-system IO
 * handler) and predicts what tfjs predicts on the same random float32 inputs.
 * Tolerance: 1e-5 absolute on every output (both sides compute in float32 but
 * sum in different orders; the largest difference seen is 4e-7 on outputs up to 2.2).
 */
import { join } from "node:path";
import { predict, type Sequential } from "@backprop/nn";
import { loadTfjsModel } from "@backprop/onnx/node";
import { randn, type Tensor, tensor } from "@backprop/tensor";
import * as tfl from "@tensorflow/tfjs-layers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxDifference, readSaved, saveTfjs, seeded, tfjsPredict, tfjsScratch } from "./tfjs-models";

const TOLERANCE = 1e-5;

let folder: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
	({ folder, cleanup } = await tfjsScratch());
});
afterAll(() => cleanup());

const kinds = (model: Sequential) => model.layers.map((l) => l.constructor.name);

/** Batch normalization with non-trivial statistics: gamma in [0.5, 1.5], beta, mean ~N(0, 0.5²), variance in [0.3, 3]. */
function movedStatistics(seed: number) {
	return {
		gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed }),
		betaInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: seed + 1 }),
		movingMeanInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: seed + 2 }),
		movingVarianceInitializer: tfl.initializers.randomUniform({ minval: 0.3, maxval: 3, seed: seed + 3 }),
	};
}

/** Predictions of `model` (saved in `dir`) and of the loaded copy agree within TOLERANCE on `x`. */
async function expectSamePredictions(tfjsModel: tfl.Sequential, ours: Sequential, x: Tensor): Promise<void> {
	const out = predict(ours, x);
	expect(out.dtype).toBe("float32");
	expect(maxDifference(out.dataSync(), tfjsPredict(tfjsModel, x))).toBeLessThanOrEqual(TOLERANCE);
}

describe("loadTfjsModel reads convolutional networks", () => {
	// [12,12,3] → same 3x3 → [12,12,4] → BN → valid 3x3 stride 2 → [5,5,6] → same 3x2 dilation 2 → [5,5,5]
	// → avg 2x2 same (the last window is half outside) → [3,3,5] → max 2x2 stride 1 → [2,2,5] → 20 → softmax 3
	const cnn = () =>
		tfl.sequential({
			layers: [
				tfl.layers.conv2d({
					inputShape: [12, 12, 3],
					filters: 4,
					kernelSize: 3,
					padding: "same",
					activation: "relu",
					...seeded(11),
				}),
				tfl.layers.batchNormalization({ ...movedStatistics(12) }),
				tfl.layers.conv2d({
					filters: 6,
					kernelSize: 3,
					strides: 2,
					activation: "tanh",
					useBias: false,
					kernelInitializer: tfl.initializers.glorotNormal({ seed: 13 }),
				}),
				tfl.layers.conv2d({
					filters: 5,
					kernelSize: [3, 2],
					dilationRate: 2,
					padding: "same",
					activation: "elu",
					...seeded(14),
				}),
				tfl.layers.averagePooling2d({ poolSize: 2, padding: "same" }),
				tfl.layers.maxPooling2d({ poolSize: 2, strides: 1 }),
				tfl.layers.flatten(),
				tfl.layers.dense({ units: 3, activation: "softmax", ...seeded(15) }),
			],
		});

	it("a CNN of Conv2D (same, valid, strides, dilation), BatchNormalization, pooling, Flatten, Dense softmax, in 10 shards", async () => {
		const model = cnn();
		// 3·3·3·4+4 + 4·4 + 3·3·4·6 + 3·2·6·5+5 + 20·3+3 = 112+16+216+185+63 = 592 floats = 2368 bytes: 10 shards of 256
		const dir = await saveTfjs(folder, "cnn", model, 256);
		const { doc, weights } = await readSaved(dir);
		expect(doc.weightsManifest[0].paths).toHaveLength(10);
		const fromFolder = await loadTfjsModel(dir);
		expect(kinds(fromFolder)).toEqual([
			"Conv2D",
			"BatchNorm",
			"Conv2D",
			"Conv2D",
			"AvgPool2D",
			"MaxPool2D",
			"Flatten",
			"Dense",
		]);
		expect(fromFolder.metadata).toEqual({ source: "tfjs", batchInputShape: [null, 12, 12, 3] });
		const fromMemory = await loadTfjsModel({ modelJson: doc, weights });
		const x = randn([4, 12, 12, 3], { seed: 5, std: 1.5, dtype: "float32" });
		await expectSamePredictions(model, fromFolder, x);
		await expectSamePredictions(model, fromMemory, x);
		// Softmax rows sum to 1: a check that the 12 outputs are 4 rows of 3.
		expect(predict(fromFolder, x).shape).toEqual([4, 3]);
	});

	it("finds weights by name: the manifest reversed and split into two groups of shards by path", async () => {
		const model = cnn();
		const { doc, weights } = await readSaved(await saveTfjs(folder, "cnn-reordered", model));
		// Cut the bytes per weight, then list the weights (and their bytes) in reverse order.
		const specs = doc.weightsManifest[0].weights;
		let at = 0;
		const pieces = specs.map((w) => {
			const bytes = 4 * w.shape.reduce((a, b) => a * b, 1);
			at += bytes;
			return { spec: w, bytes: weights.subarray(at - bytes, at) };
		});
		pieces.reverse();
		const half = Math.floor(pieces.length / 2);
		const join2 = (ps: typeof pieces) => new Uint8Array(Buffer.concat(ps.map((p) => p.bytes)));
		doc.weightsManifest = [
			{ paths: ["first.bin"], weights: pieces.slice(0, half).map((p) => p.spec) },
			{ paths: ["second.bin"], weights: pieces.slice(half).map((p) => p.spec) },
		];
		const reordered = await loadTfjsModel({
			modelJson: JSON.stringify(doc),
			weights: { "second.bin": join2(pieces.slice(half)), "first.bin": join2(pieces.slice(0, half)) },
		});
		await expectSamePredictions(model, reordered, randn([2, 12, 12, 3], { seed: 6, dtype: "float32" }));
	});

	it("strides [2, 1], BatchNormalization without center, an Activation layer, max pooling 'same', GlobalAveragePooling2D", async () => {
		// [7,7,2] → same 2x2 strides [2,1] → [4,7,3] → BN → relu → max 3x2 stride 2 same → [2,4,3] → GAP → [3] → Dense 2
		const model = tfl.sequential({
			layers: [
				tfl.layers.conv2d({
					inputShape: [7, 7, 2],
					filters: 3,
					kernelSize: 2,
					strides: [2, 1],
					padding: "same",
					...seeded(21),
				}),
				tfl.layers.batchNormalization({ center: false, ...movedStatistics(22) }),
				tfl.layers.activation({ activation: "relu" }),
				tfl.layers.maxPooling2d({ poolSize: [3, 2], strides: 2, padding: "same" }),
				tfl.layers.globalAveragePooling2d({}),
				tfl.layers.dense({ units: 2, ...seeded(23) }),
			],
		});
		const ours = await loadTfjsModel(await saveTfjs(folder, "gap", model));
		expect(kinds(ours)).toEqual(["Conv2D", "BatchNorm", "Activation", "MaxPool2D", "GlobalAvgPool2D", "Dense"]);
		await expectSamePredictions(model, ours, randn([5, 7, 7, 2], { seed: 7, std: 2, dtype: "float32" }));
	});
});

describe("loadTfjsModel reads shapes, normalizations and activations", () => {
	it("Reshape (with -1), Dense over a sequence axis, LayerNormalization, BatchNormalization without scale", async () => {
		// [12] → [3,4] → Dense 5 per row → [3,5] → LayerNorm → [15] → BN → Dense 2 → [2,1]
		// (tfjs leaves a -1 size open while building, so the -1 comes last)
		const model = tfl.sequential({
			layers: [
				tfl.layers.reshape({ inputShape: [12], targetShape: [3, 4] }),
				tfl.layers.dense({ units: 5, activation: "sigmoid", ...seeded(31) }),
				tfl.layers.layerNormalization({
					epsilon: 0.01,
					gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 32 }),
					betaInitializer: tfl.initializers.randomNormal({ seed: 33 }),
				}),
				tfl.layers.reshape({ targetShape: [15] }),
				tfl.layers.batchNormalization({ scale: false, epsilon: 0.1, ...movedStatistics(34) }),
				tfl.layers.dense({ units: 2, ...seeded(35) }),
				tfl.layers.reshape({ targetShape: [-1, 1] }),
			],
		});
		const ours = await loadTfjsModel(await saveTfjs(folder, "reshape", model));
		expect(kinds(ours)).toEqual(["Reshape", "Dense", "LayerNorm", "Reshape", "BatchNorm", "Dense", "Reshape"]);
		expect((ours.layers[6] as unknown as { targetShape: number[] }).targetShape).toEqual([2, 1]);
		expect((ours.layers[2] as unknown as { eps: number }).eps).toBe(0.01);
		const x = randn([6, 12], { seed: 8, std: 2, dtype: "float32" });
		await expectSamePredictions(model, ours, x);
		expect(predict(ours, x).shape).toEqual([6, 2, 1]);
	});

	it("every activation, as a Dense's own, as an Activation layer, and as LeakyReLU, ReLU, ELU and Softmax layers", async () => {
		const dense = (seed: number, activation?: "sigmoid") =>
			tfl.layers.dense({ units: 6, ...(activation ? { activation } : {}), ...seeded(seed) });
		const model = tfl.sequential({
			layers: [
				tfl.layers.dense({ inputShape: [6], units: 6, ...seeded(41) }),
				tfl.layers.leakyReLU({ alpha: 0.01 }), // becomes the Dense's activation
				dense(42),
				tfl.layers.reLU({}),
				dense(43),
				tfl.layers.elu({ alpha: 1 }),
				dense(44, "sigmoid"),
				tfl.layers.activation({ activation: "tanh" }), // the Dense has one: a layer of its own
				tfl.layers.activation({ activation: "softplus" }),
				tfl.layers.activation({ activation: "linear" }), // nothing
				tfl.layers.activation({ activation: "elu" }),
				tfl.layers.activation({ activation: "relu" }),
				tfl.layers.activation({ activation: "sigmoid" }),
				tfl.layers.activation({ activation: "softmax" }),
				dense(45),
				tfl.layers.softmax({}),
			],
		});
		const dir = await saveTfjs(folder, "activations", model);
		const ours = await loadTfjsModel(dir);
		const names = ours.layers.map((l) => (l as unknown as { activation: { name: string } }).activation.name);
		expect(names).toEqual([
			"leakyRelu",
			"relu",
			"elu",
			"sigmoid",
			"tanh",
			"softplus",
			"elu",
			"relu",
			"sigmoid",
			"softmax",
			"softmax",
		]);
		expect(kinds(ours).filter((k) => k === "Dense")).toHaveLength(5);
		const x = randn([8, 6], { seed: 9, std: 3, dtype: "float32" });
		await expectSamePredictions(model, ours, x);
		// Keras (Python) writes alpha as the float32 it keeps: 0.01 becomes 0.009999999776482582.
		const { doc, weights } = await readSaved(dir);
		doc.modelTopology.config.layers[1].config.alpha = Math.fround(0.01);
		await expectSamePredictions(model, await loadTfjsModel({ modelJson: doc, weights }), x);
	});

	it("an int32 InputLayer, Embedding, an LSTM returning sequences (with dropout, off at inference), an LSTM without bias, Dense", async () => {
		const recurrent = (seed: number) => ({
			recurrentActivation: "sigmoid" as const,
			kernelInitializer: tfl.initializers.glorotNormal({ seed }),
			recurrentInitializer: tfl.initializers.glorotNormal({ seed: seed + 1 }),
			biasInitializer: tfl.initializers.randomNormal({ seed: seed + 2 }),
		});
		const model = tfl.sequential({
			layers: [
				tfl.layers.inputLayer({ inputShape: [6], dtype: "int32" }),
				tfl.layers.embedding({
					inputDim: 10,
					outputDim: 4,
					embeddingsInitializer: tfl.initializers.randomNormal({ seed: 51 }),
				}),
				tfl.layers.lstm({ units: 5, returnSequences: true, dropout: 0.3, ...recurrent(52) }),
				tfl.layers.lstm({ units: 3, useBias: false, ...recurrent(55) }),
				tfl.layers.dense({ units: 2, ...seeded(58) }),
			],
		});
		const ours = await loadTfjsModel(await saveTfjs(folder, "lstm", model));
		expect(kinds(ours)).toEqual(["Embedding", "LSTM", "LSTM", "Dense"]);
		// Token indices (i·7 + j·3) mod 10: every index of the vocabulary appears.
		const rows = Array.from({ length: 5 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i * 7 + j * 3) % 10));
		const x = tensor(rows, { dtype: "float32" });
		await expectSamePredictions(model, ours, x);
		expect(predict(ours, x).shape).toEqual([5, 2]);
	});

	it("reads the model from the path of model.json as from its folder", async () => {
		const model = tfl.sequential({
			layers: [
				tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, ...seeded(61) }),
				tfl.layers.globalAveragePooling2d({}),
			],
		});
		const dir = await saveTfjs(folder, "by-path", model);
		const ours = await loadTfjsModel(join(dir, "model.json"));
		await expectSamePredictions(model, ours, randn([3, 4, 4, 1], { seed: 10, dtype: "float32" }));
	});

	it("Keras 3's spellings: batch_shape, a DTypePolicy dtype, LeakyReLU's negative_slope", async () => {
		const model = tfl.sequential({
			layers: [
				tfl.layers.dense({ inputShape: [3], units: 4, ...seeded(71) }),
				tfl.layers.leakyReLU({ alpha: 0.01 }),
				tfl.layers.dense({ units: 2, ...seeded(72) }),
			],
		});
		const { doc, weights } = await readSaved(await saveTfjs(folder, "keras3", model));
		const [first, leaky] = doc.modelTopology.config.layers;
		first.config.batch_shape = first.config.batch_input_shape;
		delete first.config.batch_input_shape;
		first.config.dtype = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" } };
		leaky.config.negative_slope = leaky.config.alpha;
		delete leaky.config.alpha;
		const ours = await loadTfjsModel({ modelJson: doc, weights });
		expect(ours.metadata.batchInputShape).toEqual([null, 3]);
		await expectSamePredictions(model, ours, randn([4, 3], { seed: 11, std: 2, dtype: "float32" }));
	});
});
