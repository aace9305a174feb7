/** `loadTfjsModel`: a TensorFlow.js layers model (model.json + weight shards) as a Sequential. */
import { Sequential } from "@backprop/nn";
import { fail, readModelJson } from "./artifacts";
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
 * Reads a TensorFlow.js layers model saved by `model.save` (tfjs-layers): a
 * Sequential of Dense layers with the activations linear, relu, sigmoid, tanh,
 * softmax, softplus and elu, Activation layers after a linear Dense, Dropout
 * (the identity at inference) and InputLayer. Weights stay float32. Throws
 * TfjsModelError naming the layer, weight or field for anything else: an
 * unsupported layer or activation, a missing or short shard, quantized weights,
 * shapes that do not chain.
 */
export async function loadTfjsModel(artifacts: TfjsArtifacts): Promise<Sequential> {
	if (artifacts === null || typeof artifacts !== "object") fail("arguments", "expected { modelJson, weights }");
	const model = readModelJson(artifacts.modelJson);
	const weights = readWeights(model, artifacts.weights);
	const used = new Set<string>();
	const state: TfjsImportState = {
		layers: [],
		features: null,
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
		reader(layer, where, state);
	});
	if (state.layers.length === 0) fail("model.json", "the model has no Dense layer");
	const unused = [...weights.keys()].filter((w) => !used.has(w));
	if (unused.length > 0) fail("model.json.weightsManifest", `weights no layer reads: ${unused.join(", ")}`);
	const result = new Sequential(state.layers.map((spec) => spec.build("float32")));
	result.metadata = { source: "tfjs" };
	return result;
}
