/**
 * Model format version 2: every layer saves and loads with identical
 * predictions (BatchNorm's running statistics included); the committed version 1
 * file still loads; hostile version 2 documents are refused naming the field.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
	Activation,
	AvgPool2D,
	BatchNorm,
	Conv2D,
	Dense,
	Dropout,
	Embedding,
	Flatten,
	GlobalAvgPool2D,
	LayerNorm,
	LSTM,
	MaxPool2D,
	ModelFormatError,
	modelFromJSON,
	modelToJSON,
	predict,
	Reshape,
	Sequential,
	fit as train,
} from "@backprop/nn";
import { Rng, rand, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { bits, thrown } from "./helpers";

const here = dirname(fileURLToPath(import.meta.url));
type Doc = Record<string, unknown> & { layers: Array<Record<string, unknown>> };
const at = (d: Doc, i: number) => d.layers[i] as Record<string, unknown>;

function imageModel(): Sequential {
	return new Sequential([
		new Conv2D(2, 3, [2, 3], { padding: "same", activation: "relu", seed: 1 }),
		new BatchNorm(3),
		new MaxPool2D({ poolSize: 2 }),
		new AvgPool2D({ poolSize: [1, 2], strides: 1, padding: "same" }),
		new Conv2D(3, 4, 1, { useBias: false, dilations: 2, seed: 2 }),
		new GlobalAvgPool2D(),
		new Reshape([2, 2]),
		new LayerNorm(2),
		new Flatten(),
		new Dropout(0.3, { seed: 4 }),
		new Activation("tanh"),
		new Dense(4, 2),
	]);
}

function sequenceModel(): Sequential {
	return new Sequential([
		new Embedding(6, 3, { seed: 3 }),
		new LSTM(3, 4, { returnSequences: true, seed: 5 }),
		new LSTM(4, 2),
		new Dense(2, 1),
	]);
}

const images = rand([5, 4, 6, 2], { rng: new Rng(9), low: -1, high: 1 });
const tokens = tensor([
	[0, 1, 2, 3],
	[5, 4, 3, 2],
	[1, 1, 1, 1],
]);

describe("version 2 round trips", () => {
	it("a trained model of every image layer comes back with identical predictions and running statistics", async () => {
		const model = imageModel();
		await train(model, images, [[0], [1], [0], [1], [1]], {
			loss: "crossEntropy",
			epochs: 3,
			batchSize: 5,
			optimizer: "adam",
		});
		const doc = JSON.parse(JSON.stringify(modelToJSON(model))) as Doc;
		expect(doc.version).toBe(2);
		expect(doc.layers.map((l) => l.type)).toEqual([
			"conv2d",
			"batch_norm",
			"max_pool2d",
			"avg_pool2d",
			"conv2d",
			"global_avg_pool2d",
			"reshape",
			"layer_norm",
			"flatten",
			"dropout",
			"activation",
			"dense",
		]);
		// BatchNorm's running statistics moved during training and are saved as buffers
		expect(Object.keys(at(doc, 1).buffers as object)).toEqual(["runningMean", "runningVar"]);
		expect((at(doc, 1).buffers as { runningMean: { values: number[] } }).runningMean.values).not.toEqual([0, 0, 0]);
		const loaded = modelFromJSON(doc);
		expect(loaded.layerNames).toEqual(model.layerNames);
		expect(bits(predict(loaded, images).dataSync())).toEqual(bits(predict(model, images).dataSync()));
		expect(modelToJSON(loaded)).toEqual(doc);
	});

	it("Embedding and LSTM layers come back with identical predictions", () => {
		const model = sequenceModel();
		const loaded = modelFromJSON(JSON.stringify(modelToJSON(model)));
		expect(bits(predict(loaded, tokens).dataSync())).toEqual(bits(predict(model, tokens).dataSync()));
		expect(modelToJSON(loaded)).toEqual(modelToJSON(model));
	});

	it("float32 models stay float32", () => {
		const model = new Sequential([
			new Conv2D(2, 2, 2, { dtype: "float32" }),
			new Flatten(),
			new Dense(30, 1, { dtype: "float32" }),
		]);
		const loaded = modelFromJSON(modelToJSON(model));
		expect(loaded.parameters().every((p) => p.dtype === "float32")).toBe(true);
		expect(bits(predict(loaded, images).dataSync())).toEqual(bits(predict(model, images).dataSync()));
	});
});

describe("the committed version 1 file", () => {
	it("loads: a [2, 3, 1] tanh/sigmoid network whose prediction is computed from its stored weights", () => {
		const text = readFileSync(join(here, "fixtures", "model-v1.json"), "utf8");
		const doc = JSON.parse(text);
		expect(doc.version).toBe(1);
		const model = modelFromJSON(text);
		expect(model.layers.map((l) => (l as Dense).activation.name)).toEqual(["tanh", "sigmoid"]);
		expect(model.metadata.features).toEqual(["weight", "height"]);
		// sigmoid(tanh(x·W1 + b1)·W2 + b2) from the file's numbers
		const [l1, l2] = doc.layers;
		const xIn = [0.5, -1.5];
		const hidden = [0, 1, 2].map((j) =>
			Math.tanh(xIn[0] * l1.weight.values[j] + xIn[1] * l1.weight.values[3 + j] + l1.bias.values[j]),
		);
		const z = hidden.reduce((s, h, j) => s + h * l2.weight.values[j], l2.bias.values[0]);
		expect(predict(model, [xIn]).item()).toBeCloseTo(1 / (1 + Math.exp(-z)), 14);
		// saved again, it is a version 2 document of the same weights
		const v2 = modelToJSON(model);
		expect(v2.version).toBe(2);
		expect(v2.layers[0]?.parameters.weight?.values).toEqual(l1.weight.values);
	});
});

describe("hostile version 2 documents, each a ModelFormatError naming the field", () => {
	const good = (): Doc => JSON.parse(JSON.stringify(modelToJSON(imageModel())));

	function refused(doc: unknown, message: string | RegExp): void {
		const e = thrown(() => modelFromJSON(doc));
		expect(e).toBeInstanceOf(ModelFormatError);
		if (typeof message === "string") expect(e.message).toBe(message);
		else expect(e.message).toMatch(message);
	}

	it("unknown layer types and bad names", () => {
		const d = good();
		(d.layers[0] as Record<string, unknown>).type = "Conv3D";
		refused(
			d,
			/^model\.layers\[0\]\.type: unknown layer type "Conv3D" \(known: .*conv2d.*; a custom layer needs registerLayer before loading\)$/,
		);
		const d2 = good();
		(d2.layers[2] as Record<string, unknown>).name = "bad name";
		refused(d2, 'model.layers[2].name: expected a layer name, got "bad name"');
		const d3 = good();
		(d3.layers[0] as Record<string, unknown>).type = "toString";
		refused(d3, /^model\.layers\[0\]\.type: unknown layer type "toString"/);
	});

	it("configs out of range, of the wrong type or too large", () => {
		const edit = (i: number, key: string, value: unknown) => {
			const d = good();
			(d.layers[i]?.config as Record<string, unknown>)[key] = value;
			return d;
		};
		refused(edit(0, "filters", 0), "model.layers[0].config.filters: expected a whole number from 1 to 1000000, got 0");
		refused(edit(0, "kernelSize", [2]), /^model\.layers\[0\]\.config\.kernelSize: expected 2 whole numbers/);
		refused(edit(0, "padding", "full"), 'model.layers[0].config.padding: expected one of valid, same, got "full"');
		refused(edit(0, "activation", "eval"), /^model\.layers\[0\]\.config\.activation: unknown activation "eval"/);
		refused(edit(9, "rate", 1), "model.layers[9].config.rate: expected a rate in [0, 1), got 1");
		refused(edit(1, "eps", -1), "model.layers[1].config.eps: expected a positive number, got -1");
		refused(edit(11, "inputs", 5), "model.layers[11].parameters.weight.shape: expected [5,2], got [4,2]");
		refused(
			edit(11, "units", 1e7),
			"model.layers[11].config.units: expected a whole number from 1 to 1000000, got 10000000",
		);
		const huge = good();
		Object.assign(at(huge, 0).config as object, { inChannels: 100000, filters: 100000 });
		refused(huge, "model.layers[0].config: 60000000000 weights is more than 50000000");
		const nan = good();
		(at(nan, 1).config as Record<string, unknown>).momentum = Number.NaN;
		refused(nan, "model.layers[1].config.momentum: not a finite number: NaN");
	});

	it("weights of the wrong name, shape or value", () => {
		const extra = good();
		(at(extra, 11).parameters as Record<string, unknown>).kernel = { shape: [1], values: [0] };
		refused(
			extra,
			"model.layers[11].parameters.kernel: the layer has no parameter of that name (it has: weight, bias)",
		);
		const missing = good();
		delete (at(missing, 1).buffers as Record<string, unknown>).runningVar;
		refused(missing, "model.layers[1].buffers.runningVar: missing");
		const shape = good();
		(at(shape, 0).parameters as Record<string, { shape: number[] }>).weight.shape = [3, 2, 2, 3];
		refused(shape, "model.layers[0].parameters.weight.shape: expected [2,3,2,3], got [3,2,2,3]");
		const text = JSON.stringify(good()).replace(
			'"runningMean":{"shape":[3],"values":[0',
			'"runningMean":{"shape":[3],"values":[1e999',
		);
		refused(
			text,
			"model.layers[1].buffers.runningMean.values[0]: not a finite number: Infinity (too large for a 64-bit float, such as 1e999)",
		);
	});

	it("prototype keys anywhere, config included", () => {
		const text = JSON.stringify(good()).replace(
			'"config":{"features":3',
			'"config":{"__proto__":{"polluted":1},"features":3',
		);
		refused(text, "model.layers[1].config.__proto__: forbidden key");
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
