/** Export row of Dense: Gemm for a [batch, inputs] input, MatMul + Add otherwise, then its activation. */
import { Dense, type ModuleLike } from "@backprop/nn";
import { OnnxError } from "../errors";
import { exportActivation } from "./activations";
import type { LayerExporter } from "./layer-table";

/** Dense → Gemm(x, W, b) (or MatMul(x, W) + b for inputs of another rank) → activation. */
export const denseExporter: LayerExporter<Dense> = {
	type: "Dense",
	matches: (layer: ModuleLike): layer is Dense => layer instanceof Dense,
	inputShape: (layer) => [null, layer.inputs],
	export(layer, input, { graph, where, prefix }) {
		const last = input.shape[input.shape.length - 1];
		if (input.shape.length < 2 || last !== layer.inputs) {
			throw new OnnxError(
				`toOnnx: ${where}: takes ${layer.inputs} inputs but gets shape [${input.shape.map((d) => d ?? "N").join(",")}]`,
			);
		}
		const weight = graph.constant(`${prefix}_weight`, layer.weight.value);
		const bias = layer.bias ? graph.constant(`${prefix}_bias`, layer.bias.value) : null;
		let out: string;
		if (input.shape.length === 2) {
			// Gemm: A · B + C with A [N, inputs], B = W [inputs, units] (no transpose), C = b [units]
			out = graph.node("Gemm", bias ? [input.name, weight, bias] : [input.name, weight], `${prefix}_Gemm`);
		} else {
			out = graph.node("MatMul", [input.name, weight], `${prefix}_MatMul`);
			if (bias) out = graph.node("Add", [out, bias], `${prefix}_Add`);
		}
		const shape = [...input.shape.slice(0, -1), layer.units];
		return { name: exportActivation(layer.activation, graph, out, where, prefix), shape };
	},
};
