/** `loadTfjsModel`: a TensorFlow.js layers model (model.json + weight shards) as a Sequential. */
import { Sequential } from "@backprop/nn";
import { fail, readModelJson } from "./artifacts";
import { declaredInputShape } from "./config";
import { findTfjsLayerReader, type TfjsImportState, tfjsLayerNames } from "./layer-table";
import { readWeights, type WeightBytes } from "./weights";

/** A TensorFlow.js model in memory: model.json (text or parsed) and its weight bytes. */
export interface TfjsArtifacts {
	/** The contents of model.json. */
	modelJson: string | object;
	/** All shards concatenated in manifest order, or each shard by the path model.json lists. */
	weights: WeightBytes;
}

/**
 * Reads a TensorFlow.js layers model saved by `model.save` (tfjs-layers, or Keras
 * through the converter) as a Sequential, float32, in the model's layer order:
 * Dense, Conv2D (channels last), MaxPooling2D, AveragePooling2D,
 * GlobalAveragePooling2D, Flatten, Reshape, BatchNormalization and
 * LayerNormalization (last axis), Embedding, LSTM (sigmoid gates, tanh),
 * Dropout (the identity at inference), InputLayer, Activation and the
 * activations linear, relu, sigmoid, tanh, softmax, softplus, elu, LeakyReLU
 * (alpha 0.01), ReLU, ELU (alpha 1), Softmax (last axis). The input shape is
 * the first layer's `batch_input_shape` (kept in `metadata.batchInputShape`);
 * weights are found by name, in any number of shards. Throws TfjsModelError
 * naming the layer (index, name, class) and the option, weight or field for
 * anything else — an unsupported layer, option, activation or dtype, a missing
 * weight or shard, quantized weights, shapes that do not chain — before any
 * model is returned.
 */
export async function loadTfjsModel(artifacts: TfjsArtifacts): Promise<Sequential> {
	if (artifacts === null || typeof artifacts !== "object") fail("arguments", "expected { modelJson, weights }");
	const model = readModelJson(artifacts.modelJson);
	const weights = readWeights(model, artifacts.weights);
	const used = new Set<string>();
	let inputShape: (number | null)[] = [];
	const state: TfjsImportState = {
		layers: [],
		shape: [],
		weight(name, where) {
			const w = weights.get(name);
			if (!w) fail(where, `weight '${name}' is not in the manifest`);
			used.add(name);
			return w;
		},
	};
	model.layers.forEach((layer, i) => {
		const name = typeof layer.config.name === "string" ? ` '${layer.config.name}'` : "";
		const where = `layer ${i}${name} (${layer.className})`;
		const reader = findTfjsLayerReader(layer.className);
		if (!reader)
			fail(where, `layer class ${layer.className} is not supported (supported: ${tfjsLayerNames().join(", ")})`);
		if (i === 0) {
			const input = declaredInputShape(layer, where);
			if (!input) fail(where, "the first layer does not give the model's input shape (batch_input_shape)");
			state.shape = input;
			inputShape = input;
		}
		reader(layer, where, state);
	});
	if (state.layers.length === 0) fail("model.json", "the model has no layers that compute anything");
	const unused = [...weights.keys()].filter((w) => !used.has(w));
	if (unused.length > 0) fail("model.json.weightsManifest", `weights no layer reads: ${unused.join(", ")}`);
	const result = new Sequential(state.layers.map((spec) => spec.build("float32")));
	result.metadata = { source: "tfjs", batchInputShape: [null, ...inputShape] };
	return result;
}
