/**
 * TensorFlow.js layers models saved by @tensorflow/tfjs-layers (here, in the test,
 * through a file-system IO handler that writes model.json and weight shards as
 * tfjs-node's `file://` handler does) load with loadTfjsModel and predict what
 * TensorFlow.js predicts.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Dense, predict } from "@backprop/nn";
import { loadTfjsModel, TfjsModelError } from "@backprop/onnx/node";
import { randn } from "@backprop/tensor";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let folder: string;

beforeAll(async () => {
	// PROD silences tfjs's "install tfjs-node" banner.
	tf.env().set("PROD", true);
	await tf.setBackend("cpu");
	folder = await mkdtemp(join(tmpdir(), "backprop-tfjs-"));
});
afterAll(async () => {
	await rm(folder, { recursive: true, force: true });
});

/** An IO handler writing `dir/model.json` and the weights in shards of at most `shardBytes`. */
function fileHandler(dir: string, shardBytes = 4 * 1024 * 1024): tf.io.IOHandler {
	return {
		async save(artifacts) {
			const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
			const paths: string[] = [];
			for (let at = 0, i = 1; at < data.length; at += shardBytes, i++) {
				const count = Math.ceil(data.length / shardBytes);
				const path = `group1-shard${i}of${count}.bin`;
				await writeFile(join(dir, path), data.subarray(at, at + shardBytes));
				paths.push(path);
			}
			const modelJson = {
				modelTopology: artifacts.modelTopology,
				format: artifacts.format,
				generatedBy: artifacts.generatedBy,
				convertedBy: artifacts.convertedBy,
				weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
			};
			await writeFile(join(dir, "model.json"), JSON.stringify(modelJson));
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
		},
	};
}

async function saved(name: string, model: tfl.Sequential, shardBytes?: number): Promise<string> {
	const dir = join(folder, name);
	await rm(dir, { recursive: true, force: true });
	await import("node:fs/promises").then((fs) => fs.mkdir(dir));
	await model.save(fileHandler(dir, shardBytes));
	return dir;
}

function tfjsPredict(model: tfl.Sequential, x: number[][]): number[] {
	return tf.tidy(() => Array.from((model.predict(tf.tensor2d(x)) as tf.Tensor).dataSync()));
}

function maxDifference(a: ArrayLike<number>, b: readonly number[]): number {
	expect(a.length).toBe(b.length);
	return Math.max(...b.map((v, i) => Math.abs(a[i] - v)));
}

/** Seeded random kernels and biases (tfjs starts biases at zero, which would not test them). */
function seeded(seed: number) {
	return {
		kernelInitializer: tfl.initializers.glorotNormal({ seed }),
		biasInitializer: tfl.initializers.randomNormal({ seed: seed + 100, stddev: 0.5 }),
	};
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
		const rows = x.toArray() as number[][];
		const out = predict(ours, x);
		expect(out.dtype).toBe("float32");
		expect(maxDifference(out.dataSync(), tfjsPredict(model, rows))).toBeLessThanOrEqual(1e-6);
	});

	it("reads the same model from model.json's path and from artifacts in memory", async () => {
		const model = tfl.sequential({
			layers: [tfl.layers.dense({ inputShape: [2], units: 1, activation: "sigmoid", ...seeded(7) })],
		});
		const dir = await saved("tiny", model);
		const x = randn([3, 2], { seed: 1, dtype: "float32" });
		const expected = tfjsPredict(model, x.toArray() as number[][]);
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
		doc.modelTopology.config.layers[0].class_name = "Conv2D";
		await expect(loadTfjsModel({ modelJson: doc, weights })).rejects.toThrow(
			/loadTfjsModel: layer 0 'dense_Dense\d+' \(Conv2D\): layer class Conv2D is not supported \(supported: Dense, Activation, Dropout, InputLayer\)/,
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
		await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
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
