/** Rows for BatchNormalization and LayerNormalization over the last axis. */
import { BatchNorm, LayerNorm } from "@backprop/nn";
import { ones, type Tensor, zeros } from "@backprop/tensor";
import { fail, type LayerConfig } from "../artifacts";
import { boolOption, checkOptions, layerName, numberOption, requireOption, showDims } from "../config";
import { checkShape, construct, pushModule, type TfjsImportState, type TfjsLayerReader } from "../state";

// Keras's (and TensorFlow.js's) default epsilon of both layers.
const KERAS_EPSILON = 1e-3;

// The features of the last axis, after checking `axis` names it (-1, or its index counting the batch).
function lastAxisFeatures(layer: LayerConfig, where: string, state: TfjsImportState): number {
	const rank = state.shape.length + 1;
	const raw = layer.config.axis ?? -1;
	const axes = Array.isArray(raw) ? raw : [raw];
	if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== rank - 1)) {
		fail(where, `axis ${JSON.stringify(raw)} is not supported (only the last axis, -1 or ${rank - 1} here)`);
	}
	const features = state.shape[state.shape.length - 1];
	if (state.shape.length === 0 || features === null) {
		fail(where, `the last axis of the input ${showDims(state.shape)} needs a known size`);
	}
	return features;
}

// gamma and beta, or ones and zeros when scale / center are off.
function scaleAndShift(layer: LayerConfig, where: string, state: TfjsImportState, f: number): [Tensor, Tensor] {
	const name = layerName(layer, where);
	const gamma = boolOption(layer, where, "scale", true)
		? checkShape(where, "gamma", state.weight(`${name}/gamma`, where), [f])
		: ones([f], { dtype: "float32" });
	const beta = boolOption(layer, where, "center", true)
		? checkShape(where, "beta", state.weight(`${name}/beta`, where), [f])
		: zeros([f], { dtype: "float32" });
	return [gamma, beta];
}

/** BatchNormalization at inference: (x - moving_mean) / √(moving_variance + epsilon) · gamma + beta. */
export const batchNormalization: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, [
		"axis",
		"momentum",
		"epsilon",
		"center",
		"scale",
		"synchronized",
		"renorm",
		"renorm_clipping",
		"renorm_momentum",
		"fused",
		"virtual_batch_size",
		"adjustment",
	]);
	requireOption(layer, where, "renorm", false, "batch renormalization is not supported");
	requireOption(layer, where, "virtual_batch_size", null, "virtual batches are not supported");
	requireOption(layer, where, "adjustment", null, "adjustment is not supported");
	const f = lastAxisFeatures(layer, where, state);
	const name = layerName(layer, where);
	const [gamma, beta] = scaleAndShift(layer, where, state, f);
	const mean = checkShape(where, "moving_mean", state.weight(`${name}/moving_mean`, where), [f]);
	const variance = checkShape(where, "moving_variance", state.weight(`${name}/moving_variance`, where), [f]);
	const eps = numberOption(layer, where, "epsilon", KERAS_EPSILON);
	// Keras's momentum keeps the old statistics; @backprop/nn's (PyTorch's) weighs the new batch.
	const momentum = 1 - numberOption(layer, where, "momentum", 0.99);
	const module = construct(where, () => new BatchNorm(f, { eps, momentum, dtype: "float32" }));
	module.weight.value = gamma;
	module.bias.value = beta;
	module.runningMean.value = mean;
	module.runningVar.value = variance;
	pushModule(state, where, module, state.shape);
};

/** LayerNormalization over the last axis: (x - mean) / √(var + epsilon) · gamma + beta per sample. */
export const layerNormalization: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["axis", "epsilon", "center", "scale", "rms_scaling"]);
	requireOption(layer, where, "rms_scaling", false, "RMS scaling is not supported");
	const f = lastAxisFeatures(layer, where, state);
	const [gamma, beta] = scaleAndShift(layer, where, state, f);
	const eps = numberOption(layer, where, "epsilon", KERAS_EPSILON);
	const module = construct(where, () => new LayerNorm(f, { eps, dtype: "float32" }));
	module.weight.value = gamma;
	module.bias.value = beta;
	pushModule(state, where, module, state.shape);
};
