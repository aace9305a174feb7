/** Export row of BatchNorm in inference form: ONNX BatchNormalization over the channel axis (1). */
import { BatchNorm, type ModuleLike } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { LayerExporter } from "./layer-table";
import { toChannelsFirst } from "./layout";

/**
 * BatchNorm (evaluation mode) → BatchNormalization(x, weight, bias, runningMean,
 * runningVar, epsilon), which normalizes axis 1. Our features are the last axis: for
 * a [batch, features] input that is axis 1 already; a higher-rank input is taken
 * channels-first (a Transpose unless it already is, as inside a run of Conv2D) and
 * the output stays channels-first. Throws OnnxError for an input whose last
 * dimension is not the layer's features.
 */
export const batchNormExporter: LayerExporter<BatchNorm> = {
	type: "BatchNorm",
	matches: (layer: ModuleLike): layer is BatchNorm => layer instanceof BatchNorm,
	inputShape: (layer) => [null, layer.features],
	layouts: "any",
	export(layer, input, { graph, where, prefix }) {
		const last = input.shape[input.shape.length - 1];
		if (input.shape.length < 2 || last !== layer.features) {
			throw new OnnxError(
				`toOnnx: ${where}: normalizes ${layer.features} features but gets shape [${input.shape.map((d) => d ?? "N").join(",")}]`,
			);
		}
		const x = toChannelsFirst(graph, input, prefix);
		const inputs = [
			x.name,
			graph.constant(`${prefix}_scale`, layer.weight.value),
			graph.constant(`${prefix}_bias`, layer.bias.value),
			graph.constant(`${prefix}_mean`, layer.runningMean.value),
			graph.constant(`${prefix}_var`, layer.runningVar.value),
		];
		// epsilon is a FLOAT attribute: a float64 model's eps is rounded to float32 here.
		const name = graph.node("BatchNormalization", inputs, `${prefix}_BatchNormalization`, {
			epsilon: { float: layer.eps },
		});
		return { ...x, name };
	},
};
