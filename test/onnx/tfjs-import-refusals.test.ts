/**
 * loadTfjsModel refuses, with a TfjsModelError naming the layer (index, name,
 * class) and the option or weight, what it cannot compute exactly: models saved
 * by @tensorflow/tfjs-layers in the test, some with model.json edited after.
 */
import { loadTfjsModel, TfjsModelError } from "@backprop/onnx/node";
import * as tfl from "@tensorflow/tfjs-layers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSaved, saveTfjs, seeded, tfjsScratch } from "./tfjs-models";

let folder: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
	({ folder, cleanup } = await tfjsScratch());
});
afterAll(() => cleanup());

/** Saves `layers` as a Sequential and returns its model.json (parsed) and weight bytes. */
async function artifacts(name: string, layers: tfl.layers.Layer[]) {
	return readSaved(await saveTfjs(folder, name, tfl.sequential({ layers })));
}

async function refusal(name: string, layers: tfl.layers.Layer[]): Promise<string> {
	const { doc, weights } = await artifacts(name, layers);
	return loadTfjsModel({ modelJson: doc, weights }).then(
		() => "loaded",
		(e: Error) => {
			expect(e).toBeInstanceOf(TfjsModelError);
			return e.message;
		},
	);
}

describe("loadTfjsModel refuses layers it cannot compute, naming layer and option", () => {
	it("Conv2D and MaxPooling2D with channelsFirst", async () => {
		const conv = tfl.layers.conv2d({ inputShape: [3, 8, 8], filters: 2, kernelSize: 3, dataFormat: "channelsFirst" });
		expect(await refusal("channels-first", [conv])).toMatch(
			/^loadTfjsModel: layer 0 'conv2d_Conv2D\d+' \(Conv2D\): data_format "channels_first" is not supported \(only "channels_last": @backprop\/nn's image layers are NHWC\)$/,
		);
		const pool = tfl.layers.maxPooling2d({ poolSize: 2, dataFormat: "channelsFirst" });
		expect(await refusal("pool-channels-first", [tfl.layers.inputLayer({ inputShape: [3, 8, 8] }), pool])).toMatch(
			/^loadTfjsModel: layer 1 'max_pooling2d_MaxPooling2D\d+' \(MaxPooling2D\): data_format "channels_first" is not supported/,
		);
	});

	it("an unknown layer class, and GlobalMaxPooling2D (@backprop/nn has none)", async () => {
		const conv1d = tfl.layers.conv1d({ inputShape: [6, 2], filters: 2, kernelSize: 2 });
		expect(await refusal("conv1d", [conv1d])).toMatch(
			/^loadTfjsModel: layer 0 'conv1d_Conv1D\d+' \(Conv1D\): layer class Conv1D is not supported \(supported: InputLayer, Dense, .*, Embedding, LSTM\)$/,
		);
		const layers = [
			tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2 }),
			tfl.layers.globalMaxPooling2d({}),
		];
		expect(await refusal("global-max", layers)).toMatch(
			/^loadTfjsModel: layer 1 'global_max_pooling2d_GlobalMaxPooling2D\d+' \(GlobalMaxPooling2D\): GlobalMaxPooling2D is not supported: @backprop\/nn has no global max pooling layer$/,
		);
	});

	it("an LSTM with TensorFlow.js's default hard_sigmoid gates, and one going backwards", async () => {
		const recurrentInitializer = tfl.initializers.glorotNormal({ seed: 1 });
		const hard = tfl.layers.lstm({ inputShape: [3, 4], units: 2, recurrentInitializer });
		expect(await refusal("hard-sigmoid", [hard])).toMatch(
			/^loadTfjsModel: layer 0 'lstm_LSTM\d+' \(LSTM\): recurrent_activation "hard_sigmoid" is not supported \(only sigmoid; hard_sigmoid, TensorFlow.js's default, is a piecewise-linear sigmoid/,
		);
		const backwards = tfl.layers.lstm({
			inputShape: [3, 4],
			units: 2,
			recurrentActivation: "sigmoid",
			goBackwards: true,
			recurrentInitializer,
		});
		expect(await refusal("backwards", [backwards])).toMatch(
			/\(LSTM\): go_backwards true is not supported \(only forward in time\)$/,
		);
	});

	it("LeakyReLU with tfjs's default alpha 0.3, BatchNormalization over axis 1, an Embedding with mask_zero", async () => {
		const dense = () => tfl.layers.dense({ inputShape: [3], units: 3, ...seeded(1) });
		expect(await refusal("leaky", [dense(), tfl.layers.leakyReLU({})])).toMatch(
			/^loadTfjsModel: layer 1 'leaky_re_lu_LeakyReLU\d+' \(LeakyReLU\): alpha 0.3 is not supported \(@backprop\/nn's leakyRelu has the slope 0.01\)$/,
		);
		const image = tfl.layers.inputLayer({ inputShape: [4, 4, 2] });
		expect(await refusal("bn-axis", [image, tfl.layers.batchNormalization({ axis: 1 })])).toMatch(
			/^loadTfjsModel: layer 1 'batch_normalization_BatchNormalization\d+' \(BatchNormalization\): axis 1 is not supported \(only the last axis, -1 or 3 here\)$/,
		);
		const masked = tfl.layers.embedding({ inputShape: [5], inputDim: 4, outputDim: 2, maskZero: true });
		expect(await refusal("mask", [masked])).toMatch(
			/\(Embedding\): mask_zero true is not supported \(masks are not supported\)$/,
		);
	});
});

describe("loadTfjsModel refuses edited model.json, naming layer and field", () => {
	const cnn = () => [
		tfl.layers.conv2d({ inputShape: [6, 6, 3], filters: 2, kernelSize: 3, ...seeded(2) }),
		tfl.layers.batchNormalization({}),
		tfl.layers.flatten(),
		tfl.layers.dense({ units: 2, ...seeded(3) }),
	];

	it("a missing weight: BatchNormalization's moving_variance taken out of the manifest and the shard", async () => {
		const { doc, weights } = await artifacts("missing", cnn());
		const specs = doc.weightsManifest[0].weights;
		const last = specs[specs.length - 1];
		expect(last.name).toMatch(/moving_variance$/);
		specs.pop();
		const kept = weights.subarray(0, weights.length - 4 * last.shape[0]);
		await expect(loadTfjsModel({ modelJson: doc, weights: kept })).rejects.toThrow(
			new RegExp(
				`^loadTfjsModel: layer 1 '${doc.modelTopology.config.layers[1].config.name}' \\(BatchNormalization\\): weight '${last.name}' is not in the manifest$`,
			),
		);
	});

	it("an unknown option, a float16 layer, no input shape, an input whose channels the kernel does not take", async () => {
		const { doc, weights } = await artifacts("edited", cnn());
		const [conv, , , dense] = doc.modelTopology.config.layers;
		const load = () => loadTfjsModel({ modelJson: doc, weights });
		dense.config.groups = 2;
		await expect(load()).rejects.toThrow(
			/^loadTfjsModel: layer 3 'dense_Dense\d+' \(Dense\): option groups is not supported \(this reader does not know what it does, so it refuses it\)$/,
		);
		delete dense.config.groups;
		dense.config.dtype = "float16";
		await expect(load()).rejects.toThrow(/\(Dense\): dtype "float16" is not supported \(only float32\)$/);
		dense.config.dtype = "float32";
		conv.config.batch_input_shape = [null, 6, 6, 4];
		await expect(load()).rejects.toThrow(
			/^loadTfjsModel: layer 0 'conv2d_Conv2D\d+' \(Conv2D\): the kernel takes 3 channels but the layer before gives \[6, 6, 4\]$/,
		);
		delete conv.config.batch_input_shape;
		await expect(load()).rejects.toThrow(
			/\(Conv2D\): the first layer does not give the model's input shape \(batch_input_shape\)$/,
		);
	});
});
