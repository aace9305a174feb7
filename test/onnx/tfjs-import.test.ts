/**
 * TensorFlow.js layers models saved by @tensorflow/tfjs-layers (here, in the test,
 * through a file-system IO handler that writes model.json and weight shards as
 * tfjs-node's `file://` handler does) load with loadTfjsModel and predict what
 * TensorFlow.js predicts.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Dense, predict } from "@backprop/nn";
import { loadTfjsModel, TfjsModelError } from "@backprop/onnx/node";
import { randn } from "@backprop/tensor";
import * as tfl from "@tensorflow/tfjs-layers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxDifference, saveTfjs, seeded, tfjsPredict, tfjsScratch } from "./tfjs-models";

let folder: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
	({ folder, cleanup } = await tfjsScratch());
});
afterAll(() => cleanup());

function saved(name: string, model: tfl.Sequential, shardBytes?: number): Promise<string> {
	return saveTfjs(folder, name, model, shardBytes);
}

describe("loadTfjsModel reads models saved by tfjs-layers", () => {
	it("Dense layers with every supported activation, Dropout and an Activation layer, over 3 shards", async () => {
		const model = tfl.sequential({
			layers: [
				tfl.layers.dense({ inputShape: [4], units: 8, activation: "relu", ...seeded(1) }),
				tfl.layers.dropout({ rate: 0.3 }),
				tfl.layers.dense({ units: 7, activation: "tanh", ...seeded(2) }),
				tfl.layers.dense({ units: 6, activation: "sigmoid", ...seeded(3) }),
				tfl.layers.dense({ units: 6, activation: "elu", ...seeded(4) }),
				tfl.layers.dense({ units: 5, activation: "softplus", useBias: false, ...seeded(5) }),
				tfl.layers.dense({ units: 3, ...seeded(6) }),
				tfl.layers.activation({ activation: "softmax" }),
			],
		});
		// 4·8+8 + 8·7+7 + 7·6+6 + 6·6+6 + 6·5 + 5·3+3 = 241 weights = 964 bytes: shards of 400 bytes → 3
		const dir = await saved("mlp", model, 400);
		const ours = await loadTfjsModel(dir);
		expect(ours.layers.map((l) => [(l as Dense).inputs, (l as Dense).units, (l as Dense).activation.name])).toEqual([
			[4, 8, "relu"],
			[8, 7, "tanh"],
			[7, 6, "sigmoid"],
			[6, 6, "elu"],
			[6, 5, "softplus"],
			[5, 3, "softmax"],
		]);
		const x = randn([10, 4], { seed: 3, std: 2, dtype: "float32" });
		const out = predict(ours, x);
		expect(out.dtype).toBe("float32");
		expect(maxDifference(out.dataSync(), tfjsPredict(model, x))).toBeLessThanOrEqual(1e-6);
	});

	it("reads the same model from model.json's path and from artifacts in memory", async () => {
		const model = tfl.sequential({
			layers: [tfl.layers.dense({ inputShape: [2], units: 1, activation: "sigmoid", ...seeded(7) })],
		});
		const dir = await saved("tiny", model);
		const x = randn([3, 2], { seed: 1, dtype: "float32" });
		const expected = tfjsPredict(model, x);
		const fromPath = await loadTfjsModel(join(dir, "model.json"));
		const text = await readFile(join(dir, "model.json"), "utf8");
		const shard = await readFile(join(dir, "group1-shard1of1.bin"));
		const fromMemory = await loadTfjsModel({ modelJson: text, weights: new Uint8Array(shard) });
		for (const m of [fromPath, fromMemory]) {
			expect(maxDifference(predict(m, x).dataSync(), expected)).toBeLessThanOrEqual(1e-6);
		}
	});
});

describe("loadTfjsModel refuses what it cannot read, naming it", () => {
	async function tinyArtifacts() {
		const model = tfl.sequential({
			layers: [tfl.layers.dense({ inputShape: [2], units: 2, activation: "relu", ...seeded(8) })],
		});
		const dir = await saved("refusals", model);
		return {
			doc: JSON.parse(await readFile(join(dir, "model.json"), "utf8")),
			weights: new Uint8Array(await readFile(join(dir, "group1-shard1of1.bin"))),
		};
	}

	it("an unsupported layer class, and an unsupported activation", async () => {
		const { doc, weights } = await tinyArtifacts();
		doc.modelTopology.config.layers[0].class_name = "SimpleRNN";
		await expect(loadTfjsModel({ modelJson: doc, weights })).rejects.toThrow(
			/loadTfjsModel: layer 0 'dense_Dense\d+' \(SimpleRNN\): layer class SimpleRNN is not supported \(supported: InputLayer, Dense, Activation, LeakyReLU, ReLU, ELU, Softmax, Dropout, Flatten, Reshape, Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, BatchNormalization, LayerNormalization, Embedding, LSTM\)/,
		);
		doc.modelTopology.config.layers[0].class_name = "Dense";
		doc.modelTopology.config.layers[0].config.activation = "selu";
		await expect(loadTfjsModel({ modelJson: doc, weights })).rejects.toThrow(/activation "selu" is not supported/);
	});

	it("shards shorter than the manifest, and a missing weight", async () => {
		const { doc, weights } = await tinyArtifacts();
		await expect(loadTfjsModel({ modelJson: doc, weights: weights.subarray(0, 20) })).rejects.toThrow(
			"loadTfjsModel: weights: the shards hold 20 bytes but the manifest lists 6 float32 weights (24 bytes)",
		);
		doc.weightsManifest[0].weights[1].name = "other/bias";
		await expect(loadTfjsModel({ modelJson: doc, weights })).rejects.toThrow(
			/weight 'dense_Dense\d+\/bias' is not in the manifest/,
		);
	});

	it("a shard path leaving the model's folder, and a missing folder", async () => {
		const { doc } = await tinyArtifacts();
		const dir = join(folder, "escape");
		await mkdir(dir, { recursive: true });
		doc.weightsManifest[0].paths = ["../secret.bin"];
		await writeFile(join(dir, "model.json"), JSON.stringify(doc));
		await expect(loadTfjsModel(dir)).rejects.toThrow(TfjsModelError);
		await expect(loadTfjsModel(dir)).rejects.toThrow('weight shard path "../secret.bin" leaves the model\'s folder');
		await expect(loadTfjsModel(join(folder, "nowhere"))).rejects.toThrow(
			/cannot read .*nowhere: no such file or folder/,
		);
	});

	it("quantized weights, a prototype key and corrupt JSON", async () => {
		const { doc, weights } = await tinyArtifacts();
		await expect(loadTfjsModel({ modelJson: '{ "modelTopology": ', weights })).rejects.toThrow(
			/loadTfjsModel: model.json: not valid JSON/,
		);
		await expect(loadTfjsModel({ modelJson: '{"__proto__": {"x": 1}, "modelTopology": {}}', weights })).rejects.toThrow(
			"loadTfjsModel: model.json.__proto__: forbidden key",
		);
		doc.weightsManifest[0].weights[0].quantization = { dtype: "uint8", scale: 1, min: 0 };
		await expect(loadTfjsModel({ modelJson: doc, weights })).rejects.toThrow(/is quantized, which is not supported/);
	});
});
