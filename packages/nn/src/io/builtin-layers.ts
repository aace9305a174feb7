/**
 * The built-in layers' entries in the layer registry: each rebuilds its layer
 * from a saved config, checking every field (and the weight count, before
 * anything is allocated) with a ModelFormatError naming the field.
 */
import { zeros } from "@backprop/tensor";
import { activationNames, activationRegistry } from "../activations";
import type { JsonObject } from "../json";
import { type LayerContext, registerBuiltInLayer } from "../layer-registry";
import { Activation } from "../layers/activation";
import { BatchNorm } from "../layers/batch-norm";
import { Conv2D } from "../layers/conv2d";
import { Dense } from "../layers/dense";
import { Dropout } from "../layers/dropout";
import { Embedding } from "../layers/embedding";
import { Flatten, Reshape } from "../layers/flatten";
import { LayerNorm } from "../layers/layer-norm";
import { LSTM } from "../layers/lstm";
import { Permute } from "../layers/permute";
import { AvgPool2D, GlobalAvgPool2D, MaxPool2D } from "../layers/pooling";
import { UnknownNameError } from "../registry";
import { ConfigReader, fail } from "./document-checks";

/** The largest size of any one dimension a model file may declare. */
export const MAX_UNITS = 1_000_000;
/** The most weights one layer of a model file may declare. */
export const MAX_LAYER_PARAMETERS = 50_000_000;
const MAX_WINDOW = 1024;

function reader(config: JsonObject, context: LayerContext): ConfigReader {
	return new ConfigReader(config, context.path);
}

function limit(count: number, context: LayerContext): void {
	if (count > MAX_LAYER_PARAMETERS) fail(context.path, `${count} weights is more than ${MAX_LAYER_PARAMETERS}`);
}

// The saved weights replace the starting ones: the layer is built with zeros and keeps the saved initializer's name.
function keepInitName<L extends { init: string }>(layer: L, init: string): L {
	(layer as { init: string }).init = init;
	return layer;
}

// Any case, as every registered name ("Sigmoid" is "sigmoid"); an unknown one fails with the registry's suggestion.
const activation = (r: ConfigReader): string => {
	const raw = r.config.activation;
	if (typeof raw !== "string") {
		fail(
			`${r.path}.activation`,
			`unknown activation ${JSON.stringify(raw ?? null)} (known: ${activationNames().join(", ")})`,
		);
	}
	try {
		return activationRegistry.resolveName(raw);
	} catch (e) {
		if (e instanceof UnknownNameError) fail(`${r.path}.activation`, e.message);
		throw e;
	}
};
const padding = (r: ConfigReader) => r.oneOf("padding", ["valid", "same"] as const);
const pair = (r: ConfigReader, key: string) => r.sizes(key, 2, MAX_WINDOW) as [number, number];
const epsilon = (r: ConfigReader) => r.number("eps", (v) => v > 0, "a positive number");

registerBuiltInLayer("dense", Dense, (config, context) => {
	const r = reader(config, context);
	const inputs = r.count("inputs", MAX_UNITS);
	const units = r.count("units", MAX_UNITS);
	limit(inputs * units, context);
	// Zeros as the given weights: no initializer runs (the saved weights replace them), its name is kept.
	return new Dense(inputs, units, {
		activation: activation(r),
		useBias: r.bool("useBias"),
		init: r.name("init", "glorotUniform"),
		weights: zeros([inputs, units], { dtype: context.dtype }),
		dtype: context.dtype,
	});
});

registerBuiltInLayer("conv2d", Conv2D, (config, context) => {
	const r = reader(config, context);
	const inChannels = r.count("inChannels", MAX_UNITS);
	const filters = r.count("filters", MAX_UNITS);
	const kernelSize = pair(r, "kernelSize");
	limit(kernelSize[0] * kernelSize[1] * inChannels * filters, context);
	const layer = new Conv2D(inChannels, filters, kernelSize, {
		strides: pair(r, "strides"),
		padding: padding(r),
		dilations: pair(r, "dilations"),
		activation: activation(r),
		useBias: r.bool("useBias"),
		init: "zeros",
		dtype: context.dtype,
	});
	return keepInitName(layer, r.name("init", "glorotUniform"));
});

const poolOptions = (r: ConfigReader) => ({
	poolSize: pair(r, "poolSize"),
	strides: pair(r, "strides"),
	padding: padding(r),
});
registerBuiltInLayer("max_pool2d", MaxPool2D, (c, context) => new MaxPool2D(poolOptions(reader(c, context))));
registerBuiltInLayer("avg_pool2d", AvgPool2D, (c, context) => new AvgPool2D(poolOptions(reader(c, context))));
registerBuiltInLayer("global_avg_pool2d", GlobalAvgPool2D, () => new GlobalAvgPool2D());
registerBuiltInLayer("flatten", Flatten, () => new Flatten());
registerBuiltInLayer(
	"reshape",
	Reshape,
	(c, context) => new Reshape(reader(c, context).sizes("targetShape", null, MAX_UNITS)),
);
registerBuiltInLayer("permute", Permute, (c, context) => {
	const r = reader(c, context);
	const dims = r.sizes("dims", null, 8);
	if (new Set(dims).size !== dims.length || dims.some((d) => d > dims.length)) {
		fail(`${r.path}.dims`, `expected a permutation of 1..${dims.length}, got ${JSON.stringify(dims)}`);
	}
	return new Permute(dims);
});
registerBuiltInLayer("activation", Activation, (c, context) => new Activation(activation(reader(c, context))));

registerBuiltInLayer("dropout", Dropout, (config, context) => {
	const r = reader(config, context);
	const rate = r.number("rate", (v) => v >= 0 && v < 1, "a rate in [0, 1)");
	const seed = r.number("seed", Number.isSafeInteger, "a whole number");
	return new Dropout(rate, { seed });
});

registerBuiltInLayer("batch_norm", BatchNorm, (config, context) => {
	const r = reader(config, context);
	const features = r.count("features", MAX_UNITS);
	const momentum = r.number("momentum", (v) => v >= 0 && v <= 1, "a number in [0, 1]");
	return new BatchNorm(features, { momentum, eps: epsilon(r), dtype: context.dtype });
});

registerBuiltInLayer("layer_norm", LayerNorm, (config, context) => {
	const r = reader(config, context);
	return new LayerNorm(r.count("features", MAX_UNITS), { eps: epsilon(r), dtype: context.dtype });
});

registerBuiltInLayer("embedding", Embedding, (config, context) => {
	const r = reader(config, context);
	const vocabulary = r.count("vocabulary", MAX_UNITS * 10);
	const dim = r.count("dim", MAX_UNITS);
	limit(vocabulary * dim, context);
	const layer = new Embedding(vocabulary, dim, { init: "zeros", dtype: context.dtype });
	return keepInitName(layer, r.name("init", "normal"));
});

registerBuiltInLayer("lstm", LSTM, (config, context) => {
	const r = reader(config, context);
	const inputs = r.count("inputs", MAX_UNITS);
	const units = r.count("units", MAX_UNITS);
	limit(4 * units * (inputs + units + 1), context);
	return new LSTM(inputs, units, { returnSequences: r.bool("returnSequences"), dtype: context.dtype });
});
