/** Export row of Permute: one Transpose that keeps the batch axis first. */
import { type ModuleLike, Permute } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { LayerExporter } from "./layer-table";

/** Permute(dims) → Transpose(perm [0, ...dims]); throws OnnxError for an input of another rank. */
export const permuteExporter: LayerExporter<Permute> = {
	type: "Permute",
	matches: (layer: ModuleLike): layer is Permute => layer instanceof Permute,
	inputShape: () => null,
	export(layer, input, { graph, where, prefix }) {
		if (input.shape.length !== layer.dims.length + 1) {
			throw new OnnxError(
				`toOnnx: ${where}: permutes ${layer.dims.length} axes per sample but gets shape [${input.shape.map((d) => d ?? "N").join(",")}]`,
			);
		}
		const perm = [0, ...layer.dims];
		const name = graph.node("Transpose", [input.name], `${prefix}_Transpose`, { perm: { ints: perm } });
		return { name, shape: perm.map((axis) => input.shape[axis] ?? null) };
	},
};
