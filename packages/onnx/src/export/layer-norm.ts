/** Export row of LayerNorm: LayerNormalization from opset 17, a decomposition for opsets 13–16. */
import { LayerNorm, type ModuleLike } from "@backprop/nn";
import { ones } from "@backprop/tensor";
import { OnnxError } from "../errors";
import type { LayerExporter } from "./layer-table";

/**
 * LayerNorm → LayerNormalization(x, weight, bias; axis −1, epsilon) at opset 17
 * and later. Before 17 (no LayerNormalization): c = x − mean(x),
 * y = c / √(mean(c²) + eps) · weight + bias, each mean over the last axis written
 * as MatMul with a [features, 1] column of 1/features (ReduceMean's axes move from
 * attribute to input at opset 18, so MatMul keeps one form). Throws OnnxError for
 * an input whose last dimension is not the layer's features.
 */
export const layerNormExporter: LayerExporter<LayerNorm> = {
	type: "LayerNorm",
	matches: (layer: ModuleLike): layer is LayerNorm => layer instanceof LayerNorm,
	inputShape: (layer) => [null, layer.features],
	export(layer, input, { graph, where, prefix, opset }) {
		const f = layer.features;
		if (input.shape.length < 2 || input.shape[input.shape.length - 1] !== f) {
			throw new OnnxError(
				`toOnnx: ${where}: normalizes ${f} features but gets shape [${input.shape.map((d) => d ?? "N").join(",")}]`,
			);
		}
		if (opset >= 17) {
			const weight = graph.constant(`${prefix}_weight`, layer.weight.value);
			const bias = graph.constant(`${prefix}_bias`, layer.bias.value);
			// epsilon is a FLOAT attribute: a float64 model's eps is rounded to float32 here.
			const name = graph.node("LayerNormalization", [input.name, weight, bias], `${prefix}_LayerNormalization`, {
				axis: { int: -1 },
				epsilon: { float: layer.eps },
			});
			return { name, shape: input.shape };
		}
		const average = graph.constant(`${prefix}_average`, ones([f, 1]).div(f));
		const mean = graph.node("MatMul", [input.name, average], `${prefix}_mean`);
		const centered = graph.node("Sub", [input.name, mean], `${prefix}_Sub`);
		const squared = graph.node("Mul", [centered, centered], `${prefix}_square`);
		const variance = graph.node("MatMul", [squared, average], `${prefix}_variance`);
		const eps = graph.constant(`${prefix}_eps`, ones([1]).mul(layer.eps));
		const std = graph.node("Sqrt", [graph.node("Add", [variance, eps], `${prefix}_add_eps`)], `${prefix}_Sqrt`);
		const normalized = graph.node("Div", [centered, std], `${prefix}_Div`);
		const scaled = graph.node(
			"Mul",
			[normalized, graph.constant(`${prefix}_weight`, layer.weight.value)],
			`${prefix}_Mul`,
		);
		const name = graph.node("Add", [scaled, graph.constant(`${prefix}_bias`, layer.bias.value)], `${prefix}_Add`);
		return { name, shape: input.shape };
	},
};
