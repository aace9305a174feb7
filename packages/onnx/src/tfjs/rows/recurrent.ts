/** Rows for Embedding and LSTM. */
import { Embedding, LSTM } from "@backprop/nn";
import { zeros } from "@backprop/tensor";
import { fail } from "../artifacts";
import { boolOption, checkOptions, layerName, requireOption, showDims, sizeOption } from "../config";
import { checkShape, construct, expectRank, pushModule, type TfjsLayerReader } from "../state";

/** Embedding: embeddings [input_dim, output_dim]; indices [batch, ...] become [batch, ..., output_dim]. */
export const embedding: TfjsLayerReader = (layer, where, state) => {
	checkOptions(
		layer,
		where,
		["input_dim", "output_dim", "mask_zero", "input_length", "sparse", "lora_rank"],
		["float32", "int32"],
	);
	requireOption(layer, where, "lora_rank", null, "LoRA is not supported");
	// The mask would change what the layers after compute; @backprop/nn has no masks.
	requireOption(layer, where, "mask_zero", false, "masks are not supported");
	requireOption(layer, where, "sparse", false, "sparse gradients are a training option this reader does not take");
	const vocabulary = sizeOption(layer, where, "input_dim");
	const dim = sizeOption(layer, where, "output_dim");
	const table = checkShape(where, "embeddings", state.weight(`${layerName(layer, where)}/embeddings`, where), [
		vocabulary,
		dim,
	]);
	const module = construct(where, () => new Embedding(vocabulary, dim, { dtype: "float32" }));
	module.weight.value = table;
	pushModule(state, where, module, [...state.shape, dim]);
};

/**
 * LSTM with activation tanh and recurrent_activation sigmoid: TensorFlow.js's
 * gates i, f, c, o are @backprop/nn's i, f, g, o, kernel [in, 4·units] and
 * recurrent_kernel [units, 4·units] are its weightIh and weightHh, bias its bias.
 */
export const lstm: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, [
		"units",
		"activation",
		"recurrent_activation",
		"use_bias",
		"unit_forget_bias",
		"dropout",
		"recurrent_dropout",
		"implementation",
		"return_sequences",
		"return_state",
		"go_backwards",
		"stateful",
		"unroll",
		"time_major",
		"seed",
		"use_cudnn",
	]);
	const act = layer.config.activation ?? "tanh";
	if (act !== "tanh") fail(where, `activation ${JSON.stringify(act)} is not supported (only tanh)`);
	// TensorFlow.js's default recurrent activation is hard_sigmoid: sigmoid must be spelled out.
	const gate = layer.config.recurrent_activation ?? "hard_sigmoid";
	if (gate !== "sigmoid") {
		const hard = gate === "hard_sigmoid" || gate === "hardSigmoid";
		fail(
			where,
			`recurrent_activation ${JSON.stringify(gate)} is not supported (only sigmoid${hard ? "; hard_sigmoid, TensorFlow.js's default, is a piecewise-linear sigmoid @backprop/nn's LSTM does not compute: build the layer with recurrentActivation: 'sigmoid'" : ""})`,
		);
	}
	requireOption(layer, where, "return_state", false, "only the output is returned");
	requireOption(layer, where, "go_backwards", false, "only forward in time");
	requireOption(layer, where, "stateful", false, "every batch starts from a zero state");
	requireOption(layer, where, "time_major", false, "inputs are [batch, time, features]");
	const [time, inputs] = expectRank(state, where, ["time", "features"]);
	const units = sizeOption(layer, where, "units");
	if (inputs === null) fail(where, `the features of the input ${showDims(state.shape)} need a known size`);
	const name = layerName(layer, where);
	const kernel = checkShape(where, "kernel", state.weight(`${name}/kernel`, where), [inputs, 4 * units]);
	const recurrent = checkShape(where, "recurrent_kernel", state.weight(`${name}/recurrent_kernel`, where), [
		units,
		4 * units,
	]);
	const bias = boolOption(layer, where, "use_bias", true)
		? checkShape(where, "bias", state.weight(`${name}/bias`, where), [4 * units])
		: zeros([4 * units], { dtype: "float32" });
	const returnSequences = boolOption(layer, where, "return_sequences", false);
	const module = construct(where, () => new LSTM(inputs, units, { returnSequences, dtype: "float32" }));
	module.weightIh.value = kernel;
	module.weightHh.value = recurrent;
	module.bias.value = bias;
	pushModule(state, where, module, returnSequences ? [time, units] : [units]);
};
