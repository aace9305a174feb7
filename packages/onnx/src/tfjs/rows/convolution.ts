/** Rows for Keras's image layers (channels last): Conv2D, MaxPooling2D, AveragePooling2D, the global poolings. */
import { AvgPool2D, Conv2D, GlobalAvgPool2D, MaxPool2D } from "@backprop/nn";
import { activationOf } from "../activations";
import { fail } from "../artifacts";
import {
	boolOption,
	channelsLast,
	checkOptions,
	type Dim,
	layerName,
	paddingOption,
	pairOption,
	requireOption,
	showDims,
} from "../config";
import { checkShape, construct, expectRank, pushModule, type TfjsImportState, type TfjsLayerReader } from "../state";

// Output size along one axis (TensorFlow's rule, as @backprop/tensor's windows); null stays open.
function outSize(size: Dim, span: number, stride: number, padding: "valid" | "same", where: string): Dim {
	if (size === null) return null;
	if (padding === "same") return Math.ceil(size / stride);
	if (size < span) fail(where, `the window spans ${span} pixels but the input has ${size} (padding "valid")`);
	return Math.floor((size - span) / stride) + 1;
}

function image(state: TfjsImportState, where: string): [Dim, Dim, Dim] {
	return expectRank(state, where, ["height", "width", "channels"]) as [Dim, Dim, Dim];
}

/** Conv2D: kernel [kh, kw, in, filters] (@backprop/nn's layout too), optional bias, its activation. */
export const conv2d: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, [
		"filters",
		"kernel_size",
		"strides",
		"padding",
		"data_format",
		"dilation_rate",
		"activation",
		"use_bias",
		"groups",
		"lora_rank",
	]);
	channelsLast(layer, where);
	requireOption(layer, where, "groups", 1, "grouped convolutions are not supported");
	requireOption(layer, where, "lora_rank", null, "LoRA is not supported");
	const name = layerName(layer, where);
	const [h, w, channels] = image(state, where);
	const kernel = state.weight(`${name}/kernel`, where);
	if (kernel.rank !== 4) fail(where, `kernel has shape [${kernel.shape.join(", ")}], expected [kh, kw, in, filters]`);
	const [kh, kw, inputs, filters] = kernel.shape as [number, number, number, number];
	const size = pairOption(layer, where, "kernel_size", [kh, kw]);
	if (size[0] !== kh || size[1] !== kw) fail(where, `kernel_size [${size}] does not match the kernel's [${kh}, ${kw}]`);
	if (layer.config.filters !== undefined && layer.config.filters !== filters) {
		fail(where, `filters ${JSON.stringify(layer.config.filters)} does not match the kernel's ${filters}`);
	}
	if (channels !== inputs) {
		fail(where, `the kernel takes ${inputs} channels but the layer before gives ${showDims(state.shape)}`);
	}
	const strides = pairOption(layer, where, "strides", [1, 1]);
	const dilations = pairOption(layer, where, "dilation_rate", [1, 1]);
	const padding = paddingOption(layer, where);
	const useBias = boolOption(layer, where, "use_bias", true);
	const bias = useBias ? checkShape(where, "bias", state.weight(`${name}/bias`, where), [filters]) : null;
	const module = construct(
		where,
		() =>
			new Conv2D(inputs, filters, [kh, kw], {
				strides,
				dilations,
				padding,
				useBias,
				activation: activationOf(layer, where),
				dtype: "float32",
			}),
	);
	module.weight.value = kernel;
	if (module.bias && bias) module.bias.value = bias;
	pushModule(state, where, module, [
		outSize(h, (kh - 1) * dilations[0] + 1, strides[0], padding, where),
		outSize(w, (kw - 1) * dilations[1] + 1, strides[1], padding, where),
		filters,
	]);
};

function pooling(kind: "max" | "average"): TfjsLayerReader {
	return (layer, where, state) => {
		checkOptions(layer, where, ["pool_size", "strides", "padding", "data_format"]);
		channelsLast(layer, where);
		const [h, w, channels] = image(state, where);
		const poolSize = pairOption(layer, where, "pool_size", [2, 2]);
		const strides = pairOption(layer, where, "strides", poolSize);
		const padding = paddingOption(layer, where);
		const options = { poolSize, strides, padding };
		// Both average only the pixels inside the image under 'same' padding.
		const module = construct(where, () => (kind === "max" ? new MaxPool2D(options) : new AvgPool2D(options)));
		pushModule(state, where, module, [
			outSize(h, poolSize[0], strides[0], padding, where),
			outSize(w, poolSize[1], strides[1], padding, where),
			channels,
		]);
	};
}

/** MaxPooling2D. */
export const maxPooling2d = pooling("max");
/** AveragePooling2D (padding not counted in the average, as TensorFlow.js). */
export const averagePooling2d = pooling("average");

/** GlobalAveragePooling2D: the mean over height and width. */
export const globalAveragePooling2d: TfjsLayerReader = (layer, where, state) => {
	checkOptions(layer, where, ["data_format", "keepdims"]);
	channelsLast(layer, where);
	requireOption(layer, where, "keepdims", false, "only keepdims false");
	const [, , channels] = image(state, where);
	pushModule(state, where, new GlobalAvgPool2D(), [channels]);
};

/** GlobalMaxPooling2D: refused, @backprop/nn has no such layer. */
export const globalMaxPooling2d: TfjsLayerReader = (_layer, where) => {
	fail(where, "GlobalMaxPooling2D is not supported: @backprop/nn has no global max pooling layer");
};
