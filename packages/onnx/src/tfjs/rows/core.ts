/** Rows for Keras's core layers: Dense, activations, Dropout, InputLayer, Flatten, Reshape. */
import { Flatten, Reshape } from "@backprop/nn";
import { DenseSpec } from "../../import/layer-specs";
import { activationOf } from "../activations";
import { fail } from "../artifacts";
import { boolOption, checkOptions, type Dim, layerName, requireOption, sameFloat32, showDims } from "../config";
import { addActivation, checkShape, pushModule, type TfjsLayerReader } from "../state";

/** Dense over the last axis: kernel [inputs, units], optional bias [units], its activation. */
export const dense: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["units", "activation", "use_bias", "lora_rank"]);
	requireOption(layer, where, "lora_rank", null, "LoRA is not supported");
	const name = layerName(layer, where);
	const kernel = state.weight(`${name}/kernel`, where);
	if (kernel.rank !== 2) fail(where, `kernel has shape [${kernel.shape.join(",")}], expected [inputs, units]`);
	const [inputs, units] = kernel.shape as [number, number];
	if (layer.config.units !== undefined && layer.config.units !== units) {
		fail(where, `units ${JSON.stringify(layer.config.units)} does not match the kernel's ${units} columns`);
	}
	const last = state.shape[state.shape.length - 1];
	if (state.shape.length === 0 || last !== inputs) {
		fail(where, `the kernel takes ${inputs} inputs but the layer before gives ${showDims(state.shape)}`);
	}
	const bias = boolOption(layer, where, "use_bias", true) ? state.weight(`${name}/bias`, where) : null;
	if (bias) checkShape(where, "bias", bias, [units]);
	const spec = new DenseSpec(where, kernel, bias);
	spec.setActivation(activationOf(layer, where));
	state.layers.push(spec);
	state.shape = [...state.shape.slice(0, -1), units];
};

/** An Activation layer: the previous Dense's activation when it has none, else a layer. */
export const activation: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["activation"]);
	addActivation(state, where, activationOf(layer, where));
};

/** LeakyReLU with @backprop/nn's slope (0.01) only; TensorFlow.js's default alpha is 0.3. */
export const leakyRelu: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["alpha", "negative_slope"]);
	for (const key of ["alpha", "negative_slope"]) {
		const v = layer.config[key];
		if (v !== undefined && !sameFloat32(v, 0.01)) {
			fail(where, `${key} ${JSON.stringify(v)} is not supported (@backprop/nn's leakyRelu has the slope 0.01)`);
		}
	}
	if (layer.config.alpha === undefined && layer.config.negative_slope === undefined) {
		fail(where, "alpha is not given (TensorFlow.js's default 0.3 is not @backprop/nn's slope 0.01)");
	}
	addActivation(state, where, "leakyRelu");
};

/** ReLU without a ceiling, threshold or slope. */
export const relu: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["max_value", "negative_slope", "threshold"]);
	requireOption(layer, where, "max_value", null, "a ReLU with a ceiling is not in @backprop/nn");
	requireOption(layer, where, "negative_slope", 0, "use LeakyReLU with alpha 0.01");
	requireOption(layer, where, "threshold", 0, "only the threshold 0");
	addActivation(state, where, "relu");
};

/** ELU with alpha 1 (@backprop/nn's). */
export const elu: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["alpha"]);
	const alpha = layer.config.alpha ?? 1;
	if (!sameFloat32(alpha, 1))
		fail(where, `alpha ${JSON.stringify(alpha)} is not supported (@backprop/nn's elu has alpha 1)`);
	addActivation(state, where, "elu");
};

/** Softmax over the last axis. */
export const softmax: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["axis"]);
	const axis = layer.config.axis ?? -1;
	const last = state.shape.length; // the batch is axis 0
	if (axis !== -1 && axis !== last && !(Array.isArray(axis) && axis.length === 1 && [-1, last].includes(axis[0]))) {
		fail(where, `axis ${JSON.stringify(axis)} is not supported (only the last axis)`);
	}
	addActivation(state, where, "softmax");
};

/** Dropout is the identity at inference. */
export const dropout: TfjsLayerReader = (layer, where) => {
	checkOptions(layer, where, ["rate", "noise_shape", "seed"]);
};

/** An InputLayer only declares the input (read before the table runs). */
export const inputLayer: TfjsLayerReader = (layer, where) => {
	// int32: the indices an Embedding reads.
	checkOptions(layer, where, ["sparse", "ragged", "input_tensor", "optional"], ["float32", "int32"]);
	requireOption(layer, where, "sparse", false, "sparse inputs are not supported");
	requireOption(layer, where, "ragged", false, "ragged inputs are not supported");
};

/** Flatten: every sample to one dimension. */
export const flatten: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["data_format"]);
	// channels_first would transpose first; the order of the values would differ.
	requireOption(layer, where, "data_format", "channels_last", 'only "channels_last"');
	const size = state.shape.some((d) => d === null) ? null : (state.shape as number[]).reduce((a, b) => a * b, 1);
	pushModule(state, where, new Flatten(), [size]);
};

/** Reshape to `target_shape` (one size may be -1, or null as tfjs saves it: what remains). */
export const reshape: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["target_shape"]);
	const raw = layer.config.target_shape;
	const target = Array.isArray(raw) ? raw.map((d) => (d === null ? -1 : d)) : null;
	if (target === null || target.length === 0 || !target.every((d) => d === -1 || (Number.isInteger(d) && d >= 1))) {
		fail(where, `target_shape must be a list of positive sizes (one may be -1), got ${JSON.stringify(raw)}`);
	}
	const known = state.shape.some((d) => d === null) ? null : (state.shape as number[]).reduce((a, b) => a * b, 1);
	if (known === null) fail(where, `the input ${showDims(state.shape)} has a size the model leaves open`);
	const rest = (target as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
	const open = target.filter((d) => d === -1).length;
	const sizes: number[] = (target as number[]).map((d) => (d === -1 ? known / rest : d));
	if (open > 1 || !sizes.every((d) => Number.isInteger(d) && d >= 1) || sizes.reduce((a, b) => a * b, 1) !== known) {
		fail(where, `target_shape ${JSON.stringify(raw)} does not fit an input of shape ${showDims(state.shape)}`);
	}
	pushModule(state, where, new Reshape(sizes), sizes as Dim[]);
};
