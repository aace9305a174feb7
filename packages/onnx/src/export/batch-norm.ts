/** Export row of BatchNorm in inference form: the running statistics folded into one scale and shift. */
import { BatchNorm, type ModuleLike } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { LayerExporter } from "./layer-table";

/**
 * BatchNorm (evaluation mode) → Mul(x, s) + t over the last axis, where
 * s = weight / √(runningVar + eps) and t = bias − runningMean · s, since
 * (x − mean) / √(var + eps) · weight + bias = x · s + t. Throws OnnxError for
 * an input whose last dimension is not the layer's features.
 */
export const batchNormExporter: LayerExporter<BatchNorm> = {
	type: "BatchNorm",
	matches: (layer: ModuleLike): layer is BatchNorm => layer instanceof BatchNorm,
	inputShape: (layer) => [null, layer.features],
	export(layer, input, { graph, where, prefix }) {
		const last = input.shape[input.shape.length - 1];
		if (input.shape.length < 2 || last !== layer.features) {
			throw new OnnxError(
				`toOnnx: ${where}: normalizes ${layer.features} features but gets shape [${input.shape.map((d) => d ?? "N").join(",")}]`,
			);
		}
		const s = layer.weight.value.div(layer.runningVar.value.add(layer.eps).sqrt());
		const t = layer.bias.value.sub(layer.runningMean.value.mul(s));
		const scaled = graph.node("Mul", [input.name, graph.constant(`${prefix}_scale`, s)], `${prefix}_Mul`);
		const name = graph.node("Add", [scaled, graph.constant(`${prefix}_shift`, t)], `${prefix}_Add`);
		return { name, shape: input.shape };
	},
};
